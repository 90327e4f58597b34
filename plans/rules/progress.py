"""추진실적 figures: a card's status and 진행률 from its 추진계획 items, and the counts by status,
평균진행률 and 완료율 of a team, a department or the county. Computed here, never typed, and
re-exported by plans.rules.figures with the plan's other figures.

The functions take plain values (:class:`ItemFigure`), not rows, so the team screen, the
추진실적 report and the county roll-up all feed them the same way and cannot disagree.

Conventions (documented because a council member will recompute them by hand):

- **취소 leaves the denominator.** A cancelled item is no longer planned: it counts neither in a
  card's 진행률 nor in 완료율 (완료 / 계획, 계획 = items or cards not 취소). A card whose items are
  all 취소 is 취소 with no 진행률; a card with no items has no status and no 진행률 (nothing to
  report), and neither counts in a summary's 평균진행률.
- **An item nobody reported on** in the period (status ``None``) counts as 미착수 at 0 %: figures
  never assume progress that no one stated. Summaries also count these separately (미입력), so
  a reminder can name them.
- **Weights** (추진계획's 가중치) are relative whole numbers. They apply only when every counted
  item has one; if any is empty, all items weigh the same. A half-filled set of weights is not a
  weighting anyone chose, and an empty weight must never count as 0 (that would leave a parent
  at 0 % whatever its children did: the bug peers reported).
- **A card's status** from its counted items, first rule that applies: any 지연 → 지연 (a delay
  anywhere is what the council asks about); all 완료 → 완료; all 미착수 → 미착수; every item not
  완료 is 유보 → 유보 (what is left is on hold); otherwise 정상추진.
- 진행률, 평균진행률 and 완료율 are printed to 1 decimal place, rounded half up (사사오입), like the
  plan's other rates. A summary of cards averages the cards' printed (rounded) 진행률, so a
  reader can recompute it from the table the report prints.
- **What changed since the last period** (:class:`ItemChange`) compares an item with the last
  *published* period, as the council was shown it: its status or counted 진행률 moved; 신규 완료
  is 완료 now and not then, 신규 지연 is 지연 now and not then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "CANCELLED",
    "COMPLETED",
    "DELAYED",
    "NOT_STARTED",
    "ON_HOLD",
    "ON_TRACK",
    "PROGRESS_STATUSES",
    "REASON_REQUIRED",
    "CardRollup",
    "DelayedItem",
    "ItemChange",
    "ItemFigure",
    "ProgressSummary",
    "delayed_items",
    "format_progress",
    "parse_quantity",
    "progress_contradiction",
    "quantity_text",
    "rollup_card",
    "status_label",
    "summarize",
]

NOT_STARTED = "not_started"
ON_TRACK = "on_track"
COMPLETED = "completed"
DELAYED = "delayed"
ON_HOLD = "on_hold"
CANCELLED = "cancelled"

#: Status values and the Korean words councils use, in the order reports print them.
PROGRESS_STATUSES: tuple[tuple[str, str], ...] = (
    (NOT_STARTED, "미착수"),
    (ON_TRACK, "정상추진"),
    (COMPLETED, "완료"),
    (DELAYED, "지연"),
    (ON_HOLD, "유보"),
    (CANCELLED, "취소"),
)
_LABELS = dict(PROGRESS_STATUSES)

#: Statuses that must say why.
REASON_REQUIRED = frozenset({DELAYED, ON_HOLD, CANCELLED})

#: The 진행률 a status fixes: 완료 is 100 %, 미착수 0 %.
FIXED_PERCENT = {COMPLETED: 100, NOT_STARTED: 0}

_PLACES = 1


def _half_up(value: Fraction) -> Decimal:
    """A non-negative fraction rounded half up to one decimal place."""
    tenths = int(value * 10**_PLACES + Fraction(1, 2))
    return Decimal(tenths).scaleb(-_PLACES)


def format_progress(value: Decimal | None, *, blank: str = "-") -> str:
    """``62.5%``; ``-`` where there is nothing to compute."""
    return blank if value is None else f"{value}%"


def progress_contradiction(status: str, percent: int | None, reason: str) -> str | None:
    """The Korean reason a status, 진행률 and 사유 cannot stand together, or None.

    Names the field at fault, so the team screen and the workbook say the same thing."""
    if percent is not None and not 0 <= percent <= 100:
        return f"진행률은 0에서 100 사이로 입력하십시오(입력: {percent})."
    fixed = FIXED_PERCENT.get(status)
    if fixed is not None and percent is not None and percent != fixed:
        return f"{_LABELS[status]} 상태의 진행률은 {fixed}%입니다(입력: {percent}%)."
    if status in REASON_REQUIRED and not reason.strip():
        return f"{_LABELS[status]} 상태에는 사유를 입력하십시오."
    return None


@dataclass(frozen=True)
class ItemFigure:
    """One 추진계획 item in one period: its status (None: not reported), 진행률 and weight."""

    status: str | None
    percent: int | None = None
    weight: int | None = None

    @property
    def counted_status(self) -> str:
        return self.status or NOT_STARTED

    @property
    def counted_percent(self) -> int:
        if self.status is None:
            return 0
        return FIXED_PERCENT.get(self.status, self.percent or 0)


@dataclass(frozen=True)
class CardRollup:
    """A card's status and 진행률 from its items (see the module doc for the rules)."""

    status: str | None
    percent: Decimal | None
    items: int  # every item, 취소 included
    counted: int  # items not 취소

    @property
    def status_label(self) -> str:
        return _LABELS.get(self.status, "") if self.status else ""


def rollup_card(items: Sequence[ItemFigure]) -> CardRollup:
    counted = [item for item in items if item.status != CANCELLED]
    if not counted:
        status = CANCELLED if items else None
        return CardRollup(status, None, len(items), 0)
    if all(item.weight for item in counted):
        weights = [item.weight for item in counted]
    else:
        weights = [1] * len(counted)
    total = sum(weights)
    weighted = sum(w * item.counted_percent for w, item in zip(weights, counted, strict=True))
    statuses = [item.counted_status for item in counted]
    return CardRollup(
        _card_status(statuses), _half_up(Fraction(weighted, total)), len(items), len(counted)
    )


def _card_status(statuses: list[str]) -> str:
    if DELAYED in statuses:
        return DELAYED
    if all(status == COMPLETED for status in statuses):
        return COMPLETED
    if all(status == NOT_STARTED for status in statuses):
        return NOT_STARTED
    if all(status in (COMPLETED, ON_HOLD) for status in statuses):
        return ON_HOLD
    return ON_TRACK


@dataclass(frozen=True)
class ProgressSummary:
    """Counts by status, 평균진행률 and 완료율 of a set of cards or items.

    ``counts`` has every status (0 where none); ``unreported`` counts units whose status is None
    (an item nobody reported on, or a card with no items). ``planned`` is every unit that has a
    status other than 취소: the denominator of 완료율 and 평균진행률."""

    counts: dict[str, int]
    unreported: int
    planned: int
    average: Decimal | None
    completion_rate: Decimal | None
    labels: tuple[tuple[str, str], ...] = field(default=PROGRESS_STATUSES, repr=False)

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.unreported

    def rows(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in the report's order."""
        return [(status, label, self.counts[status]) for status, label in self.labels]


def summarize(units: Iterable[tuple[str | None, Decimal | int | None]]) -> ProgressSummary:
    """Counts, 평균진행률 and 완료율 of ``(status, 진행률)`` pairs: cards' roll-ups for a team,
    department or county (as county reviews count 과제), or single items.

    A unit with no status (no items, or not reported) is counted as 미입력 and left out of both
    rates; 취소 is counted and left out of both rates."""
    counts = dict.fromkeys(_LABELS, 0)
    unreported = 0
    percents: list[Fraction] = []
    for status, percent in units:
        if status is None:
            unreported += 1
            continue
        counts[status] += 1
        if status != CANCELLED:
            percents.append(Fraction(percent or 0))
    planned = len(percents)
    average = _half_up(sum(percents, Fraction(0)) / planned) if planned else None
    completion = _half_up(Fraction(counts[COMPLETED] * 100, planned)) if planned else None
    return ProgressSummary(counts, unreported, planned, average, completion)


@dataclass(frozen=True)
class DelayedItem:
    """An item reported 지연 (or 유보, 취소 when asked), with its reason, for the report's list."""

    card: str
    item: str
    status: str
    reason: str

    @property
    def status_label(self) -> str:
        return _LABELS[self.status]


def delayed_items(
    entries: Iterable[tuple[str, str, str, str]], *, statuses: Iterable[str] = (DELAYED,)
) -> list[DelayedItem]:
    """The ``(card, item, status, reason)`` entries whose status is in ``statuses`` (지연 by
    default), in the order given."""
    wanted = set(statuses)
    return [
        DelayedItem(card, item, status, reason)
        for card, item, status, reason in entries
        if status in wanted
    ]


def parse_quantity(text: str) -> tuple[Decimal, str] | None:
    """A plan's target as a number and its unit: ``4명`` → (4, "명"), ``3팀``, ``1회``;
    None when the target is not one number with a unit (``각 1회``, ``연중``), which the
    clerk then fills in or leaves empty."""
    match = _QUANTITY.fullmatch(text.strip())
    if match is None:
        return None
    return Decimal(match["number"].replace(",", "")), match["unit"]


_QUANTITY = re.compile(r"(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[가-힣%]{1,4})")


@dataclass(frozen=True)
class ItemChange:
    """How an item moved between the last published period and this one.

    ``before`` is None when there was no last period to compare with; an item the last period
    did not report counts as it did there, 미입력 (status None). A change is a change of the
    status or the 진행률 as counted (a 완료 item is 100 % whatever was typed)."""

    before: ItemFigure | None
    now: ItemFigure

    @property
    def changed(self) -> bool:
        if self.before is None:
            return False
        return (self.before.status, self.before.counted_percent) != (
            self.now.status,
            self.now.counted_percent,
        )

    @property
    def newly_completed(self) -> bool:
        """완료 now and not in the last period: what the report lists as 신규 완료."""
        return (
            self.before is not None
            and self.now.status == COMPLETED
            and self.before.status != COMPLETED
        )

    @property
    def newly_delayed(self) -> bool:
        """지연 now and not in the last period: what the council will ask about first."""
        return (
            self.before is not None and self.now.status == DELAYED and self.before.status != DELAYED
        )


def status_label(status: str | None) -> str:
    """미착수 … 취소; 미입력 for an item nobody reported on."""
    return _LABELS[status] if status else "미입력"


def quantity_text(value: Decimal | None, unit: str = "") -> str:
    """A 목표/실적 수량 as printed: ``4명``, ``2.5회`` (no trailing zeros); "" when empty."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"
