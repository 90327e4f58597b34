"""Every computed figure in a work plan, and the one way each is printed in Korean.

Totals, 증감, 증감률, shares, turnout and unit conversions are computed here and nowhere else, so
the HTML page, the PDF, the Excel file and the HWPX export cannot disagree about a number. The
arithmetic is exact (``int`` and :class:`~decimal.Decimal`, never ``float``) because a council
member checks these figures by hand, and a float's ``0.1 + 0.2`` is a visible error in a
printed report. Rounding is half up (사사오입), the convention of Korean public documents, not
Python's default banker's rounding.

The printed forms follow the seed report exactly: ``78,676``, ``△11,703(△12.9%)``,
``162(10.5%)``, ``0(0%)``, ``72.04%``, ``2023. 2. 16.(목)``, ``1과 4팀``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from fractions import Fraction

# 추진실적 roll-ups live in a sibling module of their own concern; they are re-exported here so
# "every computed figure" stays one import away.
from plans.rules.progress import (
    CardRollup,
    ItemFigure,
    ProgressSummary,
    delayed_items,
    format_progress,
    rollup_card,
    summarize,
)

__all__ = [
    "DECREASE",
    "FUNDING_PERIODS",
    "UNITS",
    "WEEKDAYS",
    "CardRollup",
    "Change",
    "ItemFigure",
    "ProgressSummary",
    "change",
    "circled",
    "column_sums",
    "delayed_items",
    "format_date",
    "format_date_range",
    "format_money",
    "format_number",
    "format_percent",
    "format_progress",
    "format_time",
    "funding_period_labels",
    "money_in_unit",
    "org_summary",
    "percent",
    "rollup_card",
    "share",
    "sum_values",
    "summarize",
    "turnout",
    "unit_caption",
]

#: The sign Korean public documents print for a decrease instead of a minus.
DECREASE = "△"

#: Korean weekday names, indexed by :meth:`datetime.date.weekday` (Monday is 0).
WEEKDAYS = ("월", "화", "수", "목", "금", "토", "일")

#: Won per display unit. Money is *stored* in 천원 everywhere; these convert it for display.
UNITS: dict[str, int] = {"원": 1, "천원": 1_000, "백만원": 1_000_000}

_STORED_UNIT = "천원"

Number = int | Decimal


def _exact(value: Number, name: str) -> Fraction:
    """Turn an int or Decimal into an exact fraction; refuse floats, which are not exact."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"{name} must be int or Decimal, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{name} must be a finite number, not {value}")
    return Fraction(value)


def _round_half_up(value: Fraction, places: int) -> Decimal:
    """Round an exact fraction half up (away from zero on a tie) to ``places`` decimals.

    Rounding the exact fraction, rather than a 28-digit Decimal quotient, rules out double
    rounding, so 1/8 is 12.5% and becomes 13 at 0 places every time.
    """
    if places < 0:
        raise ValueError("places must be 0 or more")
    scaled = abs(value) * 10**places
    units = int(scaled + Fraction(1, 2))  # floor of a non-negative number
    if value < 0 and units:
        units = -units
    return Decimal(units).scaleb(-places)


def format_number(value: Number | None, *, blank: str = "-") -> str:
    """Print a figure the way the seed does: ``78,676``, a decrease as ``△856``, nothing as ``-``.

    Decimals keep the places they were given (``Decimal("1.50")`` prints ``1.50``) because the
    caller rounded them on purpose; exponent forms are written out in full.
    """
    if value is None:
        return blank
    _exact(value, "value")
    text = f"{abs(value):,f}" if isinstance(value, Decimal) else f"{abs(value):,d}"
    return f"{DECREASE}{text}" if value < 0 else text


def percent(part: Number, whole: Number, *, places: int) -> Decimal | None:
    """``part / whole * 100`` rounded half up to ``places``; ``None`` when there is no base.

    A zero ``whole`` gives ``None`` rather than an error because "no percentage" is a normal
    state in these tables (a budget line that is new this year), and renderers print it.
    """
    denominator = _exact(whole, "whole")
    if denominator == 0:
        return None
    return _round_half_up(_exact(part, "part") * 100 / denominator, places)


def share(part: Number, whole: Number) -> Decimal | None:
    """구성비 (a part's share of a whole) to 2 places, like ``군 예산의 11.38%``."""
    return percent(part, whole, places=2)


def turnout(voters: int, electorate: int) -> Decimal | None:
    """투표율 to 2 places: 58,315 of 80,946 voters is 72.04."""
    return percent(voters, electorate, places=2)


def format_percent(value: Decimal | None, *, blank: str = "-") -> str:
    """Print a rate or share: ``11.38%``, ``10.5%``; any zero is ``0%``; a decrease ``△1.2%``."""
    if value is None:
        return blank
    if value == 0:
        return "0%"
    return f"{format_number(value)}%"


@dataclass(frozen=True)
class Change:
    """증감 between this year's and last year's figure, printed as the seed prints it.

    The rate is relative to the size of the previous figure, so its sign always follows the
    amount's sign.
    """

    current: int
    previous: int

    @property
    def amount(self) -> int:
        """증감액: current - previous."""
        return self.current - self.previous

    @property
    def rate(self) -> Decimal | None:
        """증감률 in percent to 1 place, ``None`` from a zero base (there is no rate to print)."""
        if self.previous == 0:
            return None
        return percent(self.amount, abs(self.previous), places=1)

    def format(self) -> str:
        """``△11,703(△12.9%)``, ``162(10.5%)``, ``0(0%)``, and ``5(순증)`` from a zero base.

        A tiny change keeps its rounded rate (``1(0.0%)``) so a reader sees the figure moved.
        """
        return f"{self.format_amount()}({self.format_rate()})"

    def format_amount(self) -> str:
        """The 증감 part alone, ``△11,703``, for tables that print 증감률 in a column of its own."""
        return format_number(self.amount)

    def format_rate(self) -> str:
        """The 증감률 part alone: ``△12.9%``, ``10.5%``, ``0%``, or ``순증``/``순감``."""
        amount = self.amount
        if amount == 0:
            return "0%"
        rate = self.rate
        if rate is None:
            return "순증" if amount > 0 else "순감"
        sign = DECREASE if amount < 0 else ""
        return f"{sign}{format_number(abs(rate))}%"

    def __str__(self) -> str:
        return self.format()


def change(current: int, previous: int) -> Change:
    """The 증감 from ``previous`` to ``current``; see :class:`Change`."""
    return Change(current=current, previous=previous)


def org_summary(*, departments: int, teams: int, kind: str = "과") -> str:
    """The 기구 line, ``1과 4팀``, counted from the org chart instead of typed; ``kind`` is
    what the department is (실, 단, 소, 과, 담당관): a 실 with two teams is ``1실 2팀``."""
    if departments < 0 or teams < 0:
        raise ValueError("departments and teams must be 0 or more")
    if not kind:
        raise ValueError("the department's kind is needed")
    return f"{departments}{kind} {teams}팀"


def _day(d: date) -> str:
    return f"{d.month}. {d.day}."


def _weekday(d: date, weekday: bool) -> str:
    return f"({WEEKDAYS[d.weekday()]})" if weekday else ""


def format_date(d: date, *, weekday: bool = True) -> str:
    """``2023. 2. 16.(목)``; without the weekday (cover style) ``2023. 2. 16.``."""
    return f"{d.year}. {_day(d)}{_weekday(d, weekday)}"


def format_date_range(start: date, end: date | None = None, *, weekday: bool = True) -> str:
    """``2023. 2. 16.(목) ~ 2. 23.(목)``: the end drops its year when it is the same year.

    One day (no end, or the same end) prints as a single date. An end before the start is a
    data-entry error, and printing it would put a wrong period in front of the council.
    """
    if end is None or end == start:
        return format_date(start, weekday=weekday)
    if end < start:
        raise ValueError(
            f"기간의 끝({format_date(end, weekday=False)})이 "
            f"시작({format_date(start, weekday=False)})보다 앞섭니다."
        )
    if end.year == start.year:
        tail = f"{_day(end)}{_weekday(end, weekday)}"
    else:
        tail = format_date(end, weekday=weekday)
    return f"{format_date(start, weekday=weekday)} ~ {tail}"


def format_time(t: time) -> str:
    """``15:30``, 24-hour, as in ``2022. 9. 2.(금) 15:30``."""
    return f"{t.hour:02d}:{t.minute:02d}"


def sum_values(values: Iterable[int | None]) -> int:
    """Add a table's cells where an empty cell (printed ``-``) means nothing, i.e. 0."""
    return sum(value for value in values if value is not None)


def column_sums(rows: list[list[int | None]]) -> list[int]:
    """Column totals of a table's rows (empty cells count as 0), for 합계 rows and checks.

    Rows of different lengths are refused: a missing cell would silently shift a column.
    """
    if not rows:
        return []
    width = len(rows[0])
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise ValueError(
                f"{number}번째 행의 칸 수({len(row)})가 첫 행의 칸 수({width})와 다릅니다."
            )
    return [sum_values(column) for column in zip(*rows, strict=True)]


def circled(n: int) -> str:
    """①-⑳ for numbered items such as 역점과제; Unicode has no single character beyond 20."""
    if not 1 <= n <= 20:
        raise ValueError(f"원문자 번호는 1부터 20까지입니다: {n}")
    return chr(ord("①") + n - 1)


def _unit_factor(unit: str) -> int:
    try:
        return UNITS[unit]
    except KeyError:
        known = ", ".join(UNITS)
        raise ValueError(f"알 수 없는 단위 '{unit}'입니다. 다음 중 하나: {known}") from None


def money_in_unit(amount_thousand_won: int, unit: str, *, places: int = 0) -> Decimal | int:
    """Convert money stored in 천원 to a display unit, rounding half up.

    ``places=0`` (the default, as the seed prints ``78,676백만원``) gives an ``int``; more places
    give a ``Decimal`` for the rare table that shows fractions of a unit.
    """
    factor = _unit_factor(unit)
    value = _exact(amount_thousand_won, "amount_thousand_won") * UNITS[_STORED_UNIT] / factor
    rounded = _round_half_up(value, places)
    return int(rounded) if places == 0 else rounded


def format_money(
    amount_thousand_won: int | None, unit: str = "천원", *, suffix: bool = True
) -> str:
    """``78,676백만원`` or, inside a table captioned with its unit, just ``78,676``."""
    if amount_thousand_won is None:
        return format_number(None)
    text = format_number(money_in_unit(amount_thousand_won, unit))
    return f"{text}{unit}" if suffix else text


def unit_caption(unit: str) -> str:
    """The caption above a money table, ``(단위: 백만원)``; the cells then carry no unit."""
    _unit_factor(unit)
    return f"(단위: {unit})"


# ---------------------------------------------------------------------------------------------
# 소요예산: a funding table's three periods

#: The periods of a funding table (소요예산), in order: the field of ``budget.FundingRow`` and
#: the period's name where the plan's year is not known (the admin's blank form, the whole-plan
#: workbook's columns, which stay the same whatever the year).
FUNDING_PERIODS: tuple[tuple[str, str], ...] = (
    ("prior_years", "전년까지"),
    ("current_year", "올해"),
    ("later_years", "다음해 이후"),
)


def funding_period_labels(year: int | None, *, printed: bool = False) -> tuple[str, str, str]:
    """The names of a funding table's periods for a plan of ``year``: ``2022년까지``,
    ``2023년``, ``2024년 이후`` (``printed``: ``2022년까지 투자``, as the report's table heads
    it), or the names of :data:`FUNDING_PERIODS` when the year is not known."""
    if year is None:
        prior, current, later = (name for _field, name in FUNDING_PERIODS)
        return (prior, current, later)
    prior = f"{year - 1}년까지 투자" if printed else f"{year - 1}년까지"
    return (prior, f"{year}년", f"{year + 1}년 이후")


def funding_periods_next_year(
    prior_years: int | None, current_year: int | None, later_years: int | None
) -> tuple[int | None, int, int | None]:
    """A funding row's periods in next year's plan: what was invested up to last year and this
    year is next year's 전년까지 (blank stays blank only when both were); next year's 올해 is
    0 until the clerk fills it in; 다음해 이후 is carried as it was, for the clerk to split
    between the new 올해 and the years after (only they know the new year's budget)."""
    if prior_years is None and current_year is None:
        prior = None
    else:
        prior = (prior_years or 0) + (current_year or 0)
    return (prior, 0, later_years)
