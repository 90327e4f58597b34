"""Reads for the public pages beyond the report itself: which plans a visitor may see, the
home listing, filtering and searching cards, and the comparison with last year's plan."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from plans import figures
from plans.models import SECTION_NUMERALS, PlanStatus, TaskCard, WorkPlan
from plans.outline import OutlineNode, walk
from plans.selectors import CardView, PlanReport, staffing_table

# Long enough for any phrase of a report, short enough that a pasted page cannot make the
# database scan with a megabyte pattern.
MAX_QUERY_LENGTH = 100

KIND_FILTERS = {
    "continuing": ("is_continuing", "계속"),
    "new": ("is_new", "신규"),
    "pending": ("is_pending_issue", "현안"),
}

SECTION_CODES = {numeral: section for section, numeral in SECTION_NUMERALS.items()}


def can_preview(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm("plans.view_workplan"))


def visible_plan(user, *, year: int, slug: str) -> tuple[WorkPlan, bool]:
    """The plan at /plans/<year>/<slug>/ and whether it is shown as a staff preview.

    Anything not published is 404 to the public, exactly like a plan that does not exist, so
    a guessed address reveals nothing about drafts."""
    plan = WorkPlan.objects.with_context().filter(year=year, department__slug=slug).first()
    if plan is None:
        raise Http404("업무계획을 찾을 수 없습니다.")
    if plan.status == PlanStatus.PUBLISHED:
        return plan, False
    if can_preview(user):
        return plan, True
    raise Http404("업무계획을 찾을 수 없습니다.")


def parse_card_code(code: str) -> tuple[str, int]:
    """'IV-3' → (main, 3); anything else is 404."""
    match = re.fullmatch(r"(IV|V)-(\d{1,3})", code)
    if not match:
        raise Http404("과제를 찾을 수 없습니다.")
    return SECTION_CODES[match.group(1)], int(match.group(2))


def clean_query(raw: str | None) -> str:
    """Normalise a search phrase: NFC (so jamo typed on a phone compose like the stored text),
    collapsed spaces, length capped."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(ch for ch in text if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


# ---------------------------------------------------------------------------------------------
# Home


@dataclass
class SessionGroup:
    session: object
    plans: list[WorkPlan]


def published_plans_by_session() -> list[SessionGroup]:
    """Published plans, newest session first, each session's plans by bureau and department."""
    plans = (
        WorkPlan.objects.published()
        .with_context()
        .order_by(
            "-session__start_date",
            "department__bureau__order",
            "department__order",
        )
    )
    groups: dict[int, SessionGroup] = {}
    for plan in plans:
        groups.setdefault(plan.session_id, SessionGroup(plan.session, [])).plans.append(plan)
    return list(groups.values())


# ---------------------------------------------------------------------------------------------
# Matching a card against a phrase: which of its sections contain it


def _outline_texts(nodes: list[OutlineNode]) -> list[str]:
    return [node.text for _, node in walk(nodes)]


def card_sections(view: CardView) -> list[tuple[str, list[str]]]:
    """A card's searchable text, by the section names a reader sees."""
    card = view.card
    plan_texts: list[str] = []
    for item in view.plan_items:
        plan_texts += [item.item.text, item.item.target, *_outline_texts(item.details)]
        for township, lines in item.housing:
            plan_texts += [township, *(f"{category}: {names}" for category, names in lines)]
        plan_texts += item.steps
    facts = []
    for fact in view.facts:
        facts += [fact.label, fact.inline, *_outline_texts(fact.children)]
    contacts = [f"{o.position} {o.name} {o.phone} {o.team.name}" for o in view.contacts]
    contacts.append(f"{card.team.department.name}/ {card.team.name}")
    return [
        ("과제명", [card.title]),
        ("개요", _outline_texts(view.overview) + facts + [card.facts_title]),
        ("추진방침", _outline_texts(view.policies)),
        ("추진상황", [item.text for item in view.progress]),
        ("추진계획", plan_texts),
        ("기대효과", _outline_texts(view.effects)),
        ("담당", contacts),
    ]


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def matching_sections(view: CardView, query: str) -> list[str]:
    needle = _folded(query)
    return [
        name
        for name, texts in card_sections(view)
        if any(needle in _folded(text) for text in texts if text)
    ]


@dataclass(frozen=True)
class Snippet:
    """The words around the first match: before, the matched text as written, after."""

    before: str
    match: str
    after: str


SNIPPET_CONTEXT = 40


def first_snippet(view: CardView, query: str) -> Snippet | None:
    needle = _folded(query)
    for _, texts in card_sections(view):
        for text in texts:
            if not text:
                continue
            normalized = unicodedata.normalize("NFC", text)
            # casefold keeps Korean text the same length, so positions carry over.
            at = normalized.casefold().find(needle)
            if at < 0:
                continue
            end = at + len(query)
            start = max(0, at - SNIPPET_CONTEXT)
            stop = min(len(normalized), end + SNIPPET_CONTEXT)
            return Snippet(
                ("…" if start else "") + normalized[start:at],
                normalized[at:end],
                normalized[end:stop] + ("…" if stop < len(normalized) else ""),
            )
    return None


# ---------------------------------------------------------------------------------------------
# Filters on the plan page


@dataclass
class CardFilter:
    team_id: int | None = None
    kind: str = ""
    query: str = ""

    @classmethod
    def from_request(cls, params, *, teams) -> CardFilter:
        team_ids = {team.pk for team in teams}
        try:
            team_id = int(params.get("team", ""))
        except ValueError:
            team_id = None
        kind = params.get("kind", "")
        return cls(
            team_id=team_id if team_id in team_ids else None,
            kind=kind if kind in KIND_FILTERS else "",
            query=clean_query(params.get("q")),
        )

    @property
    def active(self) -> bool:
        return bool(self.team_id or self.kind or self.query)

    def apply(self, views: list[CardView]) -> list[tuple[CardView, list[str]]]:
        """The cards that pass, each with the sections the phrase matched (empty without one)."""
        kept = []
        for view in views:
            if self.team_id and view.card.team_id != self.team_id:
                continue
            if self.kind and not getattr(view.card, KIND_FILTERS[self.kind][0]):
                continue
            matched = matching_sections(view, self.query) if self.query else []
            if self.query and not matched:
                continue
            kept.append((view, matched))
        return kept


# ---------------------------------------------------------------------------------------------
# Search across every published plan


@dataclass
class SearchHit:
    plan: WorkPlan
    view: CardView
    sections: list[str]
    snippet: Snippet | None = None


def _contains(query: str, fields: list[str]) -> Q:
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    return condition


def _card_text_filter(query: str):
    """Cards whose printed text contains ``query``: the same parts `card_sections` names, one
    EXISTS per related table so a card with many rows is not multiplied by the join."""
    from civic.models import HousingProject, TownPromotionStep
    from plans.models import CardContact, CardFact, DataBlock, PlanItem, ProgressItem

    card = OuterRef("pk")
    condition = _contains(
        query, ["title", "overview", "facts_title", "policies", "expected_effects", "team__name"]
    )
    related = [
        (CardFact, ["label", "value"]),
        (ProgressItem, ["text"]),
        (PlanItem, ["text", "target", "details"]),
        (CardContact, ["officer__name", "officer__position", "officer__phone",
                       "officer__team__name"]),
    ]  # fmt: skip
    for model, fields in related:
        condition |= Exists(model.objects.filter(_contains(query, fields), card=card))
    housing = HousingProject.objects.filter(
        _contains(query, ["name", "category", "completion", "township__name"]),
        township__organization=OuterRef("card__plan__department__bureau__organization"),
        township__promotion__isnull=False,
    )
    condition |= Exists(
        PlanItem.objects.filter(card=card, data_block=DataBlock.HOUSING_PROJECTS).filter(
            Exists(housing)
        )
    )
    if TownPromotionStep.objects.filter(name__icontains=query).exists():
        condition |= Exists(
            PlanItem.objects.filter(card=card, data_block=DataBlock.PROMOTION_STEPS)
        )
    return condition


def search_published_cards(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Cards of published plans containing ``query``, with the sections that matched.

    The database narrows the cards (a parameterised LIKE, so any input is just text); the
    sections are then named from the same views the page renders, in a fixed number of
    queries whatever the number of hits."""
    from plans.selectors import card_view, civic_blocks

    if not query:
        return []
    ordering = ("-plan__year", "plan__department__order", "section", "number")
    ids = (
        TaskCard.objects.filter(plan__status=PlanStatus.PUBLISHED)
        .filter(_card_text_filter(query))
        .order_by(*ordering)
        .values_list("pk", flat=True)
    )
    cards = list(
        TaskCard.objects.filter(pk__in=list(ids[:limit]))
        .select_related("plan__department__bureau__organization", "plan__session")
        .for_report()
        .order_by(*ordering)
    )
    blocks = civic_blocks({card.plan.department.bureau.organization_id for card in cards})
    hits = []
    for card in cards:
        view = card_view(
            card, year=card.plan.year, civic=blocks[card.plan.department.bureau.organization_id]
        )
        sections = matching_sections(view, query)
        if sections:
            hits.append(SearchHit(card.plan, view, sections, first_snippet(view, query)))
    return hits[:limit]


# ---------------------------------------------------------------------------------------------
# Comparison with last year


@dataclass
class TeamDelta:
    team: str
    current: int | None
    previous: int | None

    @property
    def change(self) -> figures.Change:
        return figures.change(self.current or 0, self.previous or 0)


@dataclass
class Comparison:
    previous_year: int
    previous_plan: WorkPlan | None
    staffing: list[TeamDelta] = field(default_factory=list)
    staffing_total: TeamDelta | None = None
    new_cards: list[CardView] = field(default_factory=list)
    continued_cards: list[CardView] = field(default_factory=list)
    dropped_titles: list[str] = field(default_factory=list)

    @property
    def has_staffing(self) -> bool:
        return any(delta.previous is not None for delta in self.staffing)


def _title_key(title: str) -> str:
    return re.sub(r"[\s·ㆍ,]", "", unicodedata.normalize("NFC", title))


def plan_comparison(report: PlanReport) -> Comparison:
    """Staffing per team and the task cards against last year's published plan, where the
    department has one (budget 증감 is already in the budget table)."""
    plan = report.plan
    previous_year = plan.year - 1
    previous_plan = (
        WorkPlan.objects.published().filter(department=plan.department, year=previous_year).first()
    )
    comparison = Comparison(previous_year=previous_year, previous_plan=previous_plan)
    before = staffing_table(department=plan.department, year=previous_year)
    if before.rows:
        previous_rows = {row.label: row.total for row in before.rows}
        labels = [row.label for row in report.staffing.rows]
        labels += [label for label in previous_rows if label not in labels]
        current_rows = {row.label: row.total for row in report.staffing.rows}
        comparison.staffing = [
            TeamDelta(label, current_rows.get(label), previous_rows.get(label)) for label in labels
        ]
        comparison.staffing_total = TeamDelta(
            "합계", report.staffing.total.total, before.total.total
        )
    if previous_plan is not None:
        previous_titles = {
            _title_key(title): title
            for title in previous_plan.cards.values_list("title", flat=True)
        }
        for view in report.cards:
            key = _title_key(view.card.title)
            if previous_titles.pop(key, None) is None:
                comparison.new_cards.append(view)
            else:
                comparison.continued_cards.append(view)
        comparison.dropped_titles = list(previous_titles.values())
    return comparison
