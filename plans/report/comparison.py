"""The comparison with last year's plan that the plan page prints: staffing per team against
last year's table, and which cards are new, continued or ended against the version of last
year's plan the public reads. It is part of what a publication freezes, so like the report it
holds plain values only (plans.report.context)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import F

from plans.models import PublishedCard, PublishedVersion
from plans.report.context import CardView, PlanReport, staffing_table
from plans.rules import figures


@dataclass(frozen=True)
class TeamDelta:
    team: str
    current: int | None
    previous: int | None

    @property
    def change(self) -> figures.Change:
        return figures.change(self.current or 0, self.previous or 0)


@dataclass(frozen=True)
class CardLink:
    """A card of this year's plan as the comparison names it, linking to it on the page."""

    code: str
    anchor: str
    title: str


def card_link(view: CardView) -> CardLink:
    return CardLink(code=view.code, anchor=view.anchor, title=view.card.title)


@dataclass(frozen=True)
class Comparison:
    previous_year: int
    # The version of last year's plan the cards were compared with; None when the department
    # had none, and then no card is new, continued or ended.
    previous_version_pk: int | None
    staffing: list[TeamDelta]
    staffing_total: TeamDelta | None
    new_cards: list[CardLink]
    continued_cards: list[CardLink]
    dropped_titles: list[str]

    @property
    def has_staffing(self) -> bool:
        return any(delta.previous is not None for delta in self.staffing)


def title_key(title: str) -> str:
    return re.sub(r"[\s·ㆍ,]", "", unicodedata.normalize("NFC", title))


def plan_comparison(report: PlanReport) -> Comparison:
    """Staffing per team and the task cards against the version of last year's plan the
    public reads, where the department has one (budget 증감 is already in the budget table)."""
    previous_year = report.plan.year - 1
    staffing: list[TeamDelta] = []
    staffing_total = None
    before = staffing_table(department=report.department.pk, year=previous_year)
    if before.rows:
        previous_rows = {row.label: row.total for row in before.rows}
        labels = [row.label for row in report.staffing.rows]
        labels += [label for label in previous_rows if label not in labels]
        current_rows = {row.label: row.total for row in report.staffing.rows}
        staffing = [
            TeamDelta(label, current_rows.get(label), previous_rows.get(label)) for label in labels
        ]
        staffing_total = TeamDelta("합계", report.staffing.total.total, before.total.total)
    previous_version_pk = (
        PublishedVersion.objects.filter(
            plan__department=report.department.pk,
            plan__year=previous_year,
            plan__public_version=F("pk"),
        )
        .values_list("pk", flat=True)
        .first()
    )
    new_cards: list[CardLink] = []
    continued_cards: list[CardLink] = []
    dropped_titles: list[str] = []
    if previous_version_pk is not None:
        previous_titles = {
            title_key(title): title
            for title in PublishedCard.objects.filter(version=previous_version_pk)
            .order_by("section", "number")
            .values_list("title", flat=True)
        }
        for view in report.cards:
            if previous_titles.pop(title_key(view.card.title), None) is None:
                new_cards.append(card_link(view))
            else:
                continued_cards.append(card_link(view))
        dropped_titles = list(previous_titles.values())
    return Comparison(
        previous_year=previous_year,
        previous_version_pk=previous_version_pk,
        staffing=staffing,
        staffing_total=staffing_total,
        new_cards=new_cards,
        continued_cards=continued_cards,
        dropped_titles=dropped_titles,
    )
