"""Reads for the public pages beyond the report itself: which plans a visitor may see, the
home listing, filtering and searching cards, and the comparison with last year's plan."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import F
from django.http import Http404
from django.urls import reverse

from plans import figures
from plans.models import SECTION_NUMERALS, PublishedCard, PublishedVersion, WorkPlan
from plans.outline import OutlineNode, walk
from plans.publication import without_contents
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


# Everything templates/plans/home.html prints of a plan or orders it by. The page is cached
# under a digest of these values, so an edit to any of them shows at once; a value the
# template starts to print must be added here (tests/plans/test_home_cache.py edits each one).
HOME_LISTING_FIELDS = (
    "year",
    "department__slug",
    "department__name",
    "department__order",
    "department__bureau__name",
    "department__bureau__order",
    "public_version__session_id",
    "public_version__session__number",
    "public_version__session__kind",
    "public_version__session__start_date",
    "public_version__session__end_date",
    "public_version__session__organization__name",
)


def published_plans_by_session() -> list[SessionGroup]:
    """Plans with a public version, newest session first, each session's plans by bureau and
    department. A plan is listed under the session its public version was presented to."""
    plans = (
        WorkPlan.objects.published()
        .with_context()
        .select_related("public_version__session__organization")
        .defer(*without_contents("public_version__"))
        .order_by(
            "-public_version__session__start_date",
            "department__bureau__order",
            "department__order",
            "year",
            "pk",
        )
    )
    groups: dict[int, SessionGroup] = {}
    for plan in plans:
        session = plan.public_version.session
        groups.setdefault(session.pk, SessionGroup(session, [])).plans.append(plan)
    return list(groups.values())


def home_listing_digest() -> str:
    """A digest of what the home page lists, in one query of plain values: much cheaper than
    the listing itself, whose rows are models for the template."""
    rows = WorkPlan.objects.published().order_by("pk").values_list(*HOME_LISTING_FIELDS)
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


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


def folded(text: str) -> str:
    """``text`` as searches compare it: composed (NFC) and case-folded."""
    return unicodedata.normalize("NFC", text).casefold()


Sections = list[tuple[str, list[str]]]


def matching_sections(sections: Sections, query: str) -> list[str]:
    """The names of the sections (of `card_sections`) whose text contains ``query``."""
    needle = folded(query)
    return [
        name for name, texts in sections if any(needle in folded(text) for text in texts if text)
    ]


@dataclass(frozen=True)
class Snippet:
    """The words around the first match: before, the matched text as written, after."""

    before: str
    match: str
    after: str


SNIPPET_CONTEXT = 40


def first_snippet(sections: Sections, query: str) -> Snippet | None:
    needle = folded(query)
    for _, texts in sections:
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
            matched = matching_sections(card_sections(view), self.query) if self.query else []
            if self.query and not matched:
                continue
            kept.append((view, matched))
        return kept


# ---------------------------------------------------------------------------------------------
# Search across every published plan


@dataclass
class SearchHit:
    card: PublishedCard
    url: str
    sections: list[str]
    snippet: Snippet | None = None

    @property
    def plan(self) -> WorkPlan:
        return self.card.version.plan


def search_published_cards(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Cards of the versions the public reads now that contain ``query``, with the sections
    that matched, in two queries whatever the number of hits.

    It searches the published versions' index (plans.snapshots.search_rows), never the
    working copies, so nothing edited since a publication can be found before the next one.
    The database narrows the cards with a parameterised LIKE on the folded text (any input is
    just text); the sections are named from the same texts the card pages print."""
    if not query:
        return []
    rows = (
        PublishedCard.objects.filter(
            version__plan__public_version=F("version"), text__contains=folded(query)
        )
        .select_related("version__session", "version__plan__department__bureau__organization")
        .defer("version__document", "version__report", "version__pdf", "version__xlsx", "text")
        .order_by("-version__plan__year", "version__plan__department__order", "section", "number")
    )
    hits = []
    for row in rows[:limit]:
        sections = [(name, texts) for name, texts in row.sections]
        matched = matching_sections(sections, query)
        if not matched:
            continue
        plan = row.version.plan
        url = reverse("plans:card_detail", args=[plan.year, plan.department.slug, row.code])
        hits.append(SearchHit(row, url, matched, first_snippet(sections, query)))
    return hits


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
    previous_version: PublishedVersion | None
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
    """Staffing per team and the task cards against the version of last year's plan the
    public reads, where the department has one (budget 증감 is already in the budget table)."""
    plan = report.plan
    previous_year = plan.year - 1
    previous_version = (
        PublishedVersion.objects.filter(
            plan__department=plan.department_id,
            plan__year=previous_year,
            plan__public_version=F("pk"),
        )
        .only("pk")
        .first()
    )
    comparison = Comparison(previous_year=previous_year, previous_version=previous_version)
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
    if previous_version is not None:
        previous_titles = {
            _title_key(title): title
            for title in previous_version.cards.order_by("section", "number").values_list(
                "title", flat=True
            )
        }
        for view in report.cards:
            key = _title_key(view.card.title)
            if previous_titles.pop(key, None) is None:
                comparison.new_cards.append(view)
            else:
                comparison.continued_cards.append(view)
        comparison.dropped_titles = list(previous_titles.values())
    return comparison
