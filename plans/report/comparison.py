"""The comparison with last year's plan that the plan page prints: staffing per team against
last year's table, and which cards are new, continued or ended against the version of last
year's plan the public reads. It is part of what a publication freezes, so like the report it
holds plain values only (plans.report.context).

A card is the same task as one of last year's when it names it as the card it continues
(``TaskCard.continues``), whatever either is called; a card without that link is matched by its
title, spaces and punctuation aside."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import F

from plans.models import PublishedCard, PublishedVersion, TaskCard
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


def card_link(view: CardView, previous_title: str = "") -> CardLink:
    """The link; a card continued under another title prints last year's beside it, so the
    reader sees which card it was (the frozen comparison keeps printed text, not keys)."""
    title = view.card.title
    if previous_title and title_key(previous_title) != title_key(title):
        title = f"{title} (작년 과제명: {previous_title})"
    return CardLink(code=view.code, anchor=view.anchor, title=title)


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


def _continued_by_link(report: PlanReport, previous: list[tuple[str, str]]) -> dict[int, str]:
    """This year's cards that name the card they continue, matched to last year's published
    cards (removed from ``previous``): card key → last year's title. Last year's card is found
    by its number as published, or by its title if it was renumbered since (1 query)."""
    links = TaskCard.objects.filter(
        pk__in=[view.card.pk for view in report.cards], continues__isnull=False
    ).select_related("continues")
    matched: dict[int, str] = {}
    for card in sorted(links, key=lambda card: (card.section, card.number)):
        old = card.continues
        key = title_key(old.title)
        entry = next((e for e in previous if e[0] == old.code), None)
        if entry is None or title_key(entry[1]) != key:
            entry = next((e for e in previous if title_key(e[1]) == key), entry)
        if entry is not None:
            previous.remove(entry)
            matched[card.pk] = entry[1]
    return matched


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
        previous = list(
            PublishedCard.objects.filter(version=previous_version_pk)
            .order_by("section", "number")
            .values_list("code", "title")
        )
        linked = _continued_by_link(report, previous)
        for view in report.cards:
            if view.card.pk in linked:
                continued_cards.append(card_link(view, linked[view.card.pk]))
                continue
            key = title_key(view.card.title)
            match = next((entry for entry in previous if title_key(entry[1]) == key), None)
            if match is None:
                new_cards.append(card_link(view))
            else:
                previous.remove(match)
                continued_cards.append(card_link(view))
        dropped_titles = [title for _code, title in previous]
    return Comparison(
        previous_year=previous_year,
        previous_version_pk=previous_version_pk,
        staffing=staffing,
        staffing_total=staffing_total,
        new_cards=new_cards,
        continued_cards=continued_cards,
        dropped_titles=dropped_titles,
    )
