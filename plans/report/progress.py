"""Reads of 추진실적 that feed pages and reports: each card's roll-up at a period, a period's
summary (counts by status, 평균진행률, 완료율) for a team, a department or many plans at once, the
items reported 지연 with their reasons, and the stamp of a plan's public progress for the
public pages' ETag. (A card's timeline reads the published versions instead:
plans.report.progress_report.)

Every figure comes from plans.rules.progress; this module only gathers the rows, in a fixed
number of queries whatever the number of cards. The public never reads entries: it reads a
period's published version (plans.models.progress_publication)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from plans.models import ItemProgress, PlanItem, ReportingPeriod, TaskCard
from plans.rules.progress import (
    DELAYED,
    CardRollup,
    DelayedItem,
    ItemFigure,
    ProgressSummary,
    delayed_items,
    rollup_card,
    summarize,
)


def _figure(item: PlanItem, entry: ItemProgress | None) -> ItemFigure:
    if entry is None:
        return ItemFigure(None, None, item.weight)
    return ItemFigure(entry.status, entry.percent, item.weight)


@dataclass
class PeriodProgress:
    """One period of one plan: every card's roll-up and the entries by item."""

    period: ReportingPeriod
    cards: list[TaskCard]
    items: dict[int, list[PlanItem]]  # by card id, in order
    entries: dict[int, ItemProgress]  # by item id
    rollups: dict[int, CardRollup] = field(default_factory=dict)  # by card id

    def summary(self, *, team_id=None) -> ProgressSummary:
        """Counts of the cards (as county reviews count 과제), 평균진행률 and 완료율."""
        return summarize(
            (self.rollups[card.pk].status, self.rollups[card.pk].percent)
            for card in self.cards
            if team_id is None or card.team_id == team_id
        )

    def item_summary(self, *, team_id=None) -> ProgressSummary:
        """The same figures over the 추진계획 items themselves."""
        units = []
        for card in self.cards:
            if team_id is not None and card.team_id != team_id:
                continue
            for item in self.items.get(card.pk, []):
                figure = _figure(item, self.entries.get(item.pk))
                units.append((figure.status, figure.counted_percent))
        return summarize(units)

    def delayed(self, *, statuses: Iterable[str] = (DELAYED,)) -> list[DelayedItem]:
        """Items reported 지연 (or the statuses asked for) with their reasons, in card order."""
        return delayed_items(
            (
                (card.code, item.text, entry.status, entry.reason)
                for card in self.cards
                for item in self.items.get(card.pk, [])
                if (entry := self.entries.get(item.pk)) is not None
            ),
            statuses=statuses,
        )


def period_progress(period: ReportingPeriod) -> PeriodProgress:
    """The period's cards, items, entries and roll-ups: three queries."""
    cards = list(
        TaskCard.objects.filter(plan_id=period.plan_id)
        .select_related("team")
        .order_by("section", "number")
    )
    items: dict[int, list[PlanItem]] = defaultdict(list)
    for item in PlanItem.objects.filter(card__plan_id=period.plan_id).order_by("card", "order"):
        items[item.card_id].append(item)
    entries = {entry.item_id: entry for entry in ItemProgress.objects.filter(period=period)}
    progress = PeriodProgress(period, cards, dict(items), entries)
    for card in cards:
        progress.rollups[card.pk] = rollup_card(
            [_figure(item, entries.get(item.pk)) for item in items.get(card.pk, [])]
        )
    return progress


def periods_summary(periods: Iterable[ReportingPeriod]) -> ProgressSummary:
    """Counts, 평균진행률 and 완료율 of the cards of many plans' periods (a county's 상반기):
    three queries whatever the number of plans."""
    periods = list(periods)
    plan_ids = [period.plan_id for period in periods]
    items: dict[int, list[PlanItem]] = defaultdict(list)
    for item in PlanItem.objects.filter(card__plan_id__in=plan_ids).order_by("card", "order"):
        items[item.card_id].append(item)
    entries = {entry.item_id: entry for entry in ItemProgress.objects.filter(period__in=periods)}
    cards = TaskCard.objects.filter(plan_id__in=plan_ids).values_list("pk", flat=True)
    rollups = [
        rollup_card([_figure(item, entries.get(item.pk)) for item in items.get(card_id, [])])
        for card_id in cards
    ]
    return summarize((rollup.status, rollup.percent) for rollup in rollups)


def progress_columns(plan: str) -> str:
    """Three SQL columns that stamp a plan's public progress: how many periods have a public
    version, the sum of those versions' ids and the newest publication. ``plan`` is the SQL
    naming the plan's id (a placeholder, or a column of an outer query)."""
    table = ReportingPeriod._meta.db_table
    where = f"FROM {table} p WHERE p.plan_id = {plan} AND p.public_version_id IS NOT NULL"
    return (
        f"(SELECT COUNT(*) {where}), (SELECT SUM(p.public_version_id) {where}), "
        f"(SELECT MAX(p.published_at) {where})"
    )


def stamp_of(count, ids, last) -> str:
    return f"{count or 0}.{ids or 0}.{last or ''}"


def progress_stamp(plan_id: int) -> str:
    """What the public progress of a plan depends on: its periods' public versions and when
    the last was published (versions do not change). Part of the public pages' ETag
    (plans.public.editions), so publishing or reopening a period renews the cached pages."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {progress_columns('%s')}", [plan_id] * 3)
        return stamp_of(*cursor.fetchone())
