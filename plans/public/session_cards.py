"""Reading a session across departments: every card of the session's published plans, found by
a phrase and filtered by 사업구분, funding source (국비, 도비, 군비, 기타), department and team,
the size of its 소요예산 and whether it continues last year's plan.

The cards come from the published versions' frozen reports (plans.public.session_data), so the
filters cost no query of their own: the page reads the same fixed number of queries for 3
departments as for 30."""

from __future__ import annotations

from dataclasses import dataclass

from budget.models import FundingSource
from plans.public.filters import KIND_FILTERS
from plans.public.search import clean_query, matching_sections
from plans.public.session_data import SessionEntry
from plans.report.context import CardView
from plans.report.sections import card_sections

# 소요예산 by its whole amount over every period, in 천원 as stored (1억원 = 100,000천원).
# (key, label, lower bound inclusive, upper bound exclusive); "none" is a card without one.
BUDGET_BANDS = (
    ("none", "소요예산 없음", None, None),
    ("under-100m", "1억원 미만", 0, 100_000),
    ("100m-1b", "1억원 이상 10억원 미만", 100_000, 1_000_000),
    ("1b-10b", "10억원 이상 100억원 미만", 1_000_000, 10_000_000),
    ("10b-over", "100억원 이상", 10_000_000, None),
)
BAND_LABELS = {key: label for key, label, _, _ in BUDGET_BANDS}

SOURCE_LABELS = {str(value): str(label) for value, label in FundingSource.choices}

# Whether a card continues last year's plan: the frozen comparison of its version says so.
NEW, CONTINUED, UNCOMPARED = "new", "continued", "uncompared"
STATUS_LABELS = {
    NEW: "전년에 없던 과제",
    CONTINUED: "전년에서 이어진 과제",
    UNCOMPARED: "전년 업무계획 없음",
}


def budget_band(view: CardView) -> str:
    if view.funding is None:
        return "none"
    amount = view.funding.total_thousand_won
    for key, _, low, high in BUDGET_BANDS[1:]:
        if amount >= low and (high is None or amount < high):
            return key
    # A negative total cannot be typed (the admin refuses it); count it with the smallest.
    return "under-100m"


def card_sources(view: CardView) -> set[str]:
    """The funding sources of the card's 소요예산 table, as FundingSource values: a row is
    there because the source pays part of it, even where its amount rounds to 0 in the
    table's unit."""
    if view.funding is None:
        return set()
    by_label = {label: value for value, label in SOURCE_LABELS.items()}
    return {by_label[row.label] for row in view.funding.rows if row.label in by_label}


def card_status(entry: SessionEntry, view: CardView) -> str:
    comparison = entry.comparison
    if comparison is None or comparison.previous_version_pk is None:
        return UNCOMPARED
    continued = {link.code for link in comparison.continued_cards}
    return CONTINUED if view.code in continued else NEW


@dataclass(frozen=True)
class SessionCard:
    entry: SessionEntry
    view: CardView
    status: str
    band: str
    matched: list[str]

    @property
    def url(self) -> str:
        return self.entry.urls.card(self.view.code)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class TeamChoice:
    pk: int
    name: str


@dataclass(frozen=True)
class DepartmentChoice:
    slug: str
    name: str
    teams: list[TeamChoice]


def department_choices(entries: list[SessionEntry]) -> list[DepartmentChoice]:
    return [
        DepartmentChoice(
            entry.plan.department.slug,
            entry.report.department.name,
            [TeamChoice(team.pk, team.name) for team in entry.report.teams],
        )
        for entry in entries
        if entry.report is not None
    ]


@dataclass
class SessionCardFilter:
    query: str = ""
    kind: str = ""
    source: str = ""
    department: str = ""
    team_id: int | None = None
    band: str = ""
    status: str = ""

    @classmethod
    def from_request(cls, params, *, departments: list[DepartmentChoice]) -> SessionCardFilter:
        """Unknown values are dropped rather than refused: a filter link outlives a team."""
        slugs = {choice.slug for choice in departments}
        team_ids = {team.pk for choice in departments for team in choice.teams}
        try:
            team_id = int(params.get("team", ""))
        except ValueError:
            team_id = None

        def known(name: str, allowed) -> str:
            value = params.get(name, "")
            return value if value in allowed else ""

        return cls(
            query=clean_query(params.get("q")),
            kind=known("kind", KIND_FILTERS),
            source=known("source", SOURCE_LABELS),
            department=known("department", slugs),
            team_id=team_id if team_id in team_ids else None,
            band=known("band", BAND_LABELS),
            status=known("status", STATUS_LABELS),
        )

    @property
    def active(self) -> bool:
        return any(
            (
                self.query,
                self.kind,
                self.source,
                self.department,
                self.team_id,
                self.band,
                self.status,
            )
        )

    def apply(self, entries: list[SessionEntry]) -> list[SessionCard]:
        """The cards that pass every condition, in the council's order of departments and each
        plan's order of cards."""
        kept = []
        for entry in entries:
            if entry.report is None:
                continue
            if self.department and entry.plan.department.slug != self.department:
                continue
            for view in entry.report.cards:
                card = self._keep(entry, view)
                if card is not None:
                    kept.append(card)
        return kept

    def _keep(self, entry: SessionEntry, view: CardView) -> SessionCard | None:
        if self.team_id and view.card.team_id != self.team_id:
            return None
        if self.kind and not getattr(view.card, KIND_FILTERS[self.kind][0]):
            return None
        if self.source and self.source not in card_sources(view):
            return None
        band = budget_band(view)
        if self.band and band != self.band:
            return None
        status = card_status(entry, view)
        if self.status and status != self.status:
            return None
        matched = matching_sections(card_sections(view), self.query) if self.query else []
        if self.query and not matched:
            return None
        return SessionCard(entry, view, status, band, matched)


def count_cards(entries: list[SessionEntry]) -> int:
    return sum(len(entry.report.cards) for entry in entries if entry.report is not None)
