"""The comparison with last year's plan that the plan page prints: staffing per team against
last year's table, and which cards are new, continued or ended against the version of last
year's plan the public reads. It is part of what a publication freezes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import F

from plans.models import PublishedVersion
from plans.report.context import CardView, PlanReport, staffing_table
from plans.rules import figures


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
