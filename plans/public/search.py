"""The site-wide search and the plan page's text filter: a phrase cleaned as typed on a
phone, matched against what the public reads now (never a draft): the published versions' card
text, with the section it matched and the words around it, their chapter II (주요성과), and the
departments whose plans they are, by name.

A department's name is matched once, for its plan, not in every card: each card of a plan is
the department's, so matching its name there listed all of them and buried the plan itself."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.db.models import F
from django.urls import reverse

from plans.models import PublishedAchievement, PublishedCard, WorkPlan
from plans.report.sections import Sections
from plans.rules.korean import folded, with_particle

# Long enough for any phrase of a report, short enough that a pasted page cannot make the
# database scan with a megabyte pattern.
MAX_QUERY_LENGTH = 100


def clean_query(raw: str | None) -> str:
    """Normalise a search phrase: NFC (so jamo typed on a phone compose like the stored text),
    collapsed spaces, length capped."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(ch for ch in text if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


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


@dataclass
class SearchHit:
    card: PublishedCard
    url: str
    sections: list[str]
    snippet: Snippet | None = None

    @property
    def plan(self) -> WorkPlan:
        return self.card.version.plan


def _public_index_rows(model, query: str):
    """The rows of a search index (``PublishedCard``, ``PublishedAchievement``) of the versions
    the public reads now whose folded text contains ``query``, with what a hit prints."""
    return (
        model.objects.filter(
            version__plan__public_version=F("version"), text__contains=folded(query)
        )
        .select_related(
            "version__session",
            "version__plan__department__organization",
            "version__plan__department__bureau",
        )
        .defer("version__document", "version__report", "version__pdf", "version__xlsx", "text")
    )


def search_published_cards(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Cards of the versions the public reads now that contain ``query``, with the sections
    that matched, in two queries whatever the number of hits.

    It searches the published versions' index (plans.workflow.freezing.search_rows), never the
    working copies, so nothing edited since a publication can be found before the next one.
    The database narrows the cards with a parameterised LIKE on the folded text (any input is
    just text); the sections are named from the same texts the card pages print."""
    if not query:
        return []
    rows = _public_index_rows(PublishedCard, query).order_by(
        "-version__plan__year", "version__plan__department__order", "section", "number"
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


@dataclass
class AchievementHit:
    """A chapter II group of a published plan containing the phrase."""

    achievement: PublishedAchievement
    url: str
    snippet: Snippet | None

    @property
    def plan(self) -> WorkPlan:
        return self.achievement.version.plan


def search_published_achievements(query: str, *, limit: int = 50) -> list[AchievementHit]:
    """Chapter II groups (주요성과) of the versions the public reads now that contain ``query``,
    in one query, each with a link to the plan page's chapter II and the words around it."""
    if not query:
        return []
    rows = _public_index_rows(PublishedAchievement, query).order_by(
        "-version__plan__year", "version__plan__department__order", "order"
    )
    hits = []
    for row in rows[:limit]:
        plan = row.version.plan
        url = reverse("plans:plan_detail", args=[plan.year, plan.department.slug])
        snippet = first_snippet([("", [row.title, *row.lines])], query)
        hits.append(AchievementHit(row, f"{url}#chapter-2", snippet))
    return hits


def search_published_plans(query: str, *, limit: int = 50) -> list[WorkPlan]:
    """Published plans whose department is named by ``query``, newest year first."""
    if not query:
        return []
    plans = (
        WorkPlan.objects.published()
        .with_context()
        .filter(department__name__icontains=query)
        .order_by("-year", "department__order")
    )
    return list(plans[:limit])


@dataclass
class SearchResults:
    """What the search page lists for a phrase: plans by department, chapter II groups, cards."""

    query: str
    plans: list[WorkPlan]
    achievements: list[AchievementHit]
    cards: list[SearchHit]

    @property
    def subject(self) -> str:
        """The phrase quoted with its subject particle: ‘주민자치회’가, ‘행정’이."""
        particle = with_particle(self.query, "이", "가")[len(self.query) :]
        return f"‘{self.query}’{particle}"

    @property
    def is_empty(self) -> bool:
        return not (self.plans or self.achievements or self.cards)


def search_published(query: str) -> SearchResults:
    """Everything the public reads now that ``query`` finds (see the module doc)."""
    return SearchResults(
        query=query,
        plans=search_published_plans(query),
        achievements=search_published_achievements(query),
        cards=search_published_cards(query),
    )
