"""The 추진실적 report of one reporting period: everything its HTML page, PDF and workbook print,
with every figure computed by plans.rules.progress, as plain data like the plan's report
(plans.report.context), so a published version keeps it as JSON (plans.report.codec) and prints
the same years later.

What it holds, in the order the report prints it:

- the **cover**: organisation, bureau, department, year, the period (상반기; 행정사무감사(…
  기준)), its 기준일 and the council session it is presented to;
- the **summary by status**: for each status the number of cards (과제, as county reviews count
  them, each card's status rolled up from its items) and of 추진계획 items, with 미입력, and for
  both the 평균진행률 and 완료율 (plans.rules.progress.summarize: 취소 leaves the denominator);
- every **card** in the plan's order: code, title, team, its status and 진행률 roll-up, and its
  items with status, 진행률, 실적 (as an outline), 목표/실적 수량 with the unit, and the 사유
  of a 지연, 유보 or 취소;
- **what changed since the last period**: the last period of the plan that was *published*
  before this one's 기준일, read from its frozen version (what the council was shown, not its
  entries as they may stand after a reopening), item by item matched by card code and item
  order; each item whose status or 진행률 moved, with before → now, and the 신규 완료 and 신규
  지연 among them. None when there is no such period (the first report of the year).

Reading a period costs a fixed number of queries whatever the number of cards: the plan with
its context, the cards, items and entries (plans.report.progress.period_progress), and the
last period's version."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from plans.models import (
    SECTION_NUMERALS,
    ItemProgress,
    PlanItem,
    PublishedProgress,
    ReportingPeriod,
    WorkPlan,
)
from plans.report.codec import ShapeError, from_json, to_json
from plans.report.context import SessionRecord, session_record
from plans.report.progress import PeriodProgress, period_progress
from plans.rules.figures import format_date
from plans.rules.outline import OutlineNode, parse_outline
from plans.rules.progress import (
    PROGRESS_STATUSES,
    REASON_REQUIRED,
    ItemChange,
    ItemFigure,
    format_progress,
    quantity_text,
    status_label,
)

#: The shape of the stored report: bump it (with a data migration) when a dataclass changes.
PROGRESS_REPORT_FORMAT = 1


@dataclass(frozen=True)
class ProgressCover:
    organization: str
    bureau: str  # "" when the department sits directly under the county
    department: str
    department_slug: str
    year: int
    period_label: str  # 상반기; 행정사무감사(2023. 11. 10. 기준)
    period_slug: str  # half; 2023-11-10
    as_of: datetime.date
    session: SessionRecord | None  # None: not chosen yet (a draft)

    @property
    def title(self) -> str:
        """'2023년 상반기 주요업무 추진실적'."""
        return f"{self.year}년 {self.period_label} 주요업무 추진실적"

    @property
    def as_of_text(self) -> str:
        return format_date(self.as_of, weekday=False)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    cards: int
    items: int


@dataclass(frozen=True)
class SummaryTable:
    """The summary by status, of cards and of items side by side."""

    rows: list[StatusCount]
    unreported_cards: int
    unreported_items: int
    total_cards: int
    total_items: int
    planned_cards: int  # not 취소 and reported: the denominators of the two rates
    planned_items: int
    card_average: Decimal | None
    card_completion: Decimal | None
    item_average: Decimal | None
    item_completion: Decimal | None

    @property
    def card_average_text(self) -> str:
        return format_progress(self.card_average)

    @property
    def card_completion_text(self) -> str:
        return format_progress(self.card_completion)

    @property
    def item_average_text(self) -> str:
        return format_progress(self.item_average)

    @property
    def item_completion_text(self) -> str:
        return format_progress(self.item_completion)


@dataclass(frozen=True)
class ItemLine:
    order: int
    text: str
    status: str | None  # None: nobody reported on it
    status_label: str
    percent: int | None  # None when not reported
    result: list[OutlineNode]
    target: str  # "4명", or ""
    actual: str
    reason: str  # the 사유 of a 지연, 유보 or 취소

    @property
    def percent_text(self) -> str:
        return "-" if self.percent is None else f"{self.percent}%"

    @property
    def amounts(self) -> str:
        """'목표 4명 · 실적 2명'."""
        parts = (("목표", self.target), ("실적", self.actual))
        return " · ".join(f"{label} {value}" for label, value in parts if value)


@dataclass(frozen=True)
class CardLine:
    code: str  # IV-3
    title: str
    team_name: str
    status: str | None
    status_label: str
    percent: Decimal | None
    items: list[ItemLine]

    @property
    def percent_text(self) -> str:
        return format_progress(self.percent)


@dataclass(frozen=True)
class ChangeLine:
    code: str
    card_title: str
    order: int
    text: str
    before_label: str
    before_percent: int
    now_label: str
    now_percent: int
    newly_completed: bool
    newly_delayed: bool

    @property
    def before_text(self) -> str:
        return f"{self.before_label} {self.before_percent}%"

    @property
    def now_text(self) -> str:
        return f"{self.now_label} {self.now_percent}%"


@dataclass(frozen=True)
class ChangesSinceLast:
    previous_label: str
    previous_as_of: datetime.date
    lines: list[ChangeLine]

    @property
    def newly_completed(self) -> int:
        return sum(line.newly_completed for line in self.lines)

    @property
    def newly_delayed(self) -> int:
        return sum(line.newly_delayed for line in self.lines)

    @property
    def previous_as_of_text(self) -> str:
        return format_date(self.previous_as_of, weekday=False)


@dataclass(frozen=True)
class ProgressReport:
    cover: ProgressCover
    summary: SummaryTable
    cards: list[CardLine]
    changes: ChangesSinceLast | None
    is_published: bool

    @property
    def reasons(self) -> list[tuple[CardLine, ItemLine]]:
        """The items reported 지연, 유보 or 취소 with their 사유, in card order."""
        return [
            (card, item)
            for card in self.cards
            for item in card.items
            if item.status in REASON_REQUIRED
        ]


def _item_line(item: PlanItem, entry: ItemProgress | None) -> ItemLine:
    if entry is None:
        return ItemLine(item.order, item.text, None, status_label(None), None, [], "", "", "")
    return ItemLine(
        order=item.order,
        text=item.text,
        status=entry.status,
        status_label=status_label(entry.status),
        percent=ItemFigure(entry.status, entry.percent).counted_percent,
        result=parse_outline(entry.result),
        target=quantity_text(entry.target_amount, entry.unit),
        actual=quantity_text(entry.actual_amount, entry.unit),
        reason=entry.reason if entry.status in REASON_REQUIRED else "",
    )


def _summary(progress: PeriodProgress) -> SummaryTable:
    cards, items = progress.summary(), progress.item_summary()
    return SummaryTable(
        rows=[
            StatusCount(status, label, cards.counts[status], items.counts[status])
            for status, label in PROGRESS_STATUSES
        ],
        unreported_cards=cards.unreported,
        unreported_items=items.unreported,
        total_cards=cards.total,
        total_items=items.total,
        planned_cards=cards.planned,
        planned_items=items.planned,
        card_average=cards.average,
        card_completion=cards.completion_rate,
        item_average=items.average,
        item_completion=items.completion_rate,
    )


def _cards(progress: PeriodProgress) -> list[CardLine]:
    lines = []
    for card in progress.cards:
        rollup = progress.rollups[card.pk]
        lines.append(
            CardLine(
                code=card.code,
                title=card.title,
                team_name=card.team.name,
                status=rollup.status,
                status_label=rollup.status_label or status_label(None),
                percent=rollup.percent,
                items=[
                    _item_line(item, progress.entries.get(item.pk))
                    for item in progress.items.get(card.pk, [])
                ],
            )
        )
    return lines


def previous_published(period: ReportingPeriod) -> ReportingPeriod | None:
    """The plan's last period published before this one's 기준일: what "since the last period"
    compares with."""
    return (
        ReportingPeriod.objects.filter(
            plan_id=period.plan_id, as_of__lt=period.as_of, public_version__isnull=False
        )
        .select_related("public_version")
        .order_by("-as_of", "-pk")
        .first()
    )


def _changes(cards: list[CardLine], previous: ReportingPeriod | None) -> ChangesSinceLast | None:
    if previous is None:
        return None
    before_report = frozen_progress(previous.public_version)
    before = {
        (card.code, item.order): ItemFigure(item.status, item.percent)
        for card in before_report.cards
        for item in card.items
    }
    lines = []
    for card in cards:
        for item in card.items:
            then = before.get((card.code, item.order), ItemFigure(None))
            change = ItemChange(then, ItemFigure(item.status, item.percent))
            if not change.changed:
                continue
            lines.append(
                ChangeLine(
                    code=card.code,
                    card_title=card.title,
                    order=item.order,
                    text=item.text,
                    before_label=status_label(then.status),
                    before_percent=then.counted_percent,
                    now_label=item.status_label,
                    now_percent=change.now.counted_percent,
                    newly_completed=change.newly_completed,
                    newly_delayed=change.newly_delayed,
                )
            )
    return ChangesSinceLast(
        previous_label=before_report.cover.period_label,
        previous_as_of=before_report.cover.as_of,
        lines=lines,
    )


def progress_report(period: ReportingPeriod) -> ProgressReport:
    """The report of ``period`` as its entries stand now (a draft until published)."""
    plan = WorkPlan.objects.with_context().get(pk=period.plan_id)
    period = ReportingPeriod.objects.select_related("session").get(pk=period.pk)
    department = plan.department
    progress = period_progress(period)
    cards = _cards(progress)
    return ProgressReport(
        cover=ProgressCover(
            organization=department.organization.name,
            bureau=department.bureau.name if department.bureau else "",
            department=department.name,
            department_slug=department.slug,
            year=plan.year,
            period_label=str(period.label),
            period_slug=period.slug,
            as_of=period.as_of,
            session=session_record(period.session) if period.session else None,
        ),
        summary=_summary(progress),
        cards=cards,
        changes=_changes(cards, previous_published(period)),
        is_published=False,
    )


def published(report: ProgressReport) -> ProgressReport:
    """The report as a version keeps it: marked published (no 초안 watermark)."""
    return replace(report, is_published=True)


# ---------------------------------------------------------------------------------------------
# As JSON, for the published versions


def dump_progress(report: ProgressReport) -> dict[str, Any]:
    return {"format": PROGRESS_REPORT_FORMAT, "report": to_json(report)}


def load_progress(data: Any) -> ProgressReport:
    if type(data) is not dict or data.get("format") != PROGRESS_REPORT_FORMAT:
        found = data.get("format") if type(data) is dict else type(data).__name__
        raise ShapeError(
            f"형식 {PROGRESS_REPORT_FORMAT}의 추진실적 보고서 내용이 아닙니다(형식: {found})."
        )
    return from_json(ProgressReport, data.get("report"))


def progress_hash(data: dict[str, Any]) -> str:
    """The SHA-256 of a stored report, over its canonical JSON."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# Versions never change: each is decoded once per process (keyed by pk and hash, since a test
# database may give a rolled-back pk again).
_decoded: dict[tuple[int, str], ProgressReport] = {}


def frozen_progress(version: PublishedProgress) -> ProgressReport:
    """The report a version keeps, decoded once per process."""
    key = (version.pk, version.content_hash)
    report = _decoded.get(key)
    if report is None:
        if "report" in version.get_deferred_fields():
            data = PublishedProgress.objects.values_list("report", flat=True).get(pk=version.pk)
        else:
            data = version.report
        report = load_progress(data)
        if len(_decoded) > 256:
            _decoded.clear()
        _decoded[key] = report
    return report


def forget_decoded_progress() -> None:
    """Empty this process's decoded reports (a bench's cold request, as after a restart)."""
    _decoded.clear()


# ---------------------------------------------------------------------------------------------
# A card's timeline on its public page


@dataclass(frozen=True)
class TimelinePoint:
    """A period of the card: its roll-up and what each item reported."""

    label: str
    as_of: object
    slug: str  # the period's public address (…/progress/half/)
    status: str | None
    status_label: str
    percent: str
    items: list[ItemLine]  # as the 보고본 printed them


def card_timeline(plan_id: int, section: str, number: int) -> list[TimelinePoint]:
    """The published periods of the plan for the card numbered ``section``/``number``, oldest
    first, each as its public version printed it (plans.report.progress_report): what the
    council was shown, unchanged while a period is reopened. One query, and one per version
    not yet decoded in this process. Empty when no period of the plan was published."""
    periods = list(
        ReportingPeriod.objects.filter(plan_id=plan_id, public_version__isnull=False)
        .select_related("public_version")
        .defer("public_version__report", "public_version__pdf", "public_version__xlsx")
        .order_by("as_of", "pk")
    )
    code = f"{SECTION_NUMERALS[section]}-{number}"
    points = []
    for period in periods:
        report = frozen_progress(period.public_version)
        card = next((card for card in report.cards if card.code == code), None)
        if card is None:
            continue
        points.append(
            TimelinePoint(
                label=report.cover.period_label,
                as_of=report.cover.as_of,
                slug=report.cover.period_slug,
                status=card.status,
                status_label=card.status_label,
                percent=card.percent_text,
                items=card.items,
            )
        )
    return points
