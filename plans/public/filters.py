"""The plan page's filters (team, 사업구분, phrase) and the card codes of its addresses
(IV-3, V-1)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import Http404

from plans.models import SECTION_NUMERALS
from plans.public.search import clean_query, matching_sections
from plans.report.context import CardView
from plans.report.sections import card_sections

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
