"""The site-wide search and the plan page's text filter: a phrase cleaned as typed on a
phone, matched against the published versions' card text (never a draft), with the section it
matched and the words around it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.db.models import F
from django.urls import reverse

from plans.models import PublishedCard, WorkPlan
from plans.report.sections import Sections
from plans.rules.korean import folded

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


def search_published_cards(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Cards of the versions the public reads now that contain ``query``, with the sections
    that matched, in two queries whatever the number of hits.

    It searches the published versions' index (plans.workflow.freezing.search_rows), never the
    working copies, so nothing edited since a publication can be found before the next one.
    The database narrows the cards with a parameterised LIKE on the folded text (any input is
    just text); the sections are named from the same texts the card pages print."""
    if not query:
        return []
    rows = (
        PublishedCard.objects.filter(
            version__plan__public_version=F("version"), text__contains=folded(query)
        )
        .select_related(
            "version__session",
            "version__plan__department__organization",
            "version__plan__department__bureau",
        )
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
