"""Plan items' schedules in the seed's style: ``'23. 3.``, ``'23. 5. ~ 9.``, ``연중``, ``3월``.

Staff type a schedule the way they always have, with or without the leading apostrophe and with
whatever spacing (``23. 5.~9.``, ``2023. 3.``). The portal parses it once, refuses what it cannot
read with a Korean message that quotes the input, and stores the one canonical form, so every
renderer prints the same ``'23. 5. ~ 9.`` and items can be sorted by when they happen.

Words clerks use for recurring work are schedules too (``분기별``, ``매 분기``, ``상·하반기``,
``1/4분기``), and a schedule without any digit (``설·추석 명절``, ``행사 시``) is kept as the
text it is: it cannot name a wrong date. A schedule with digits must read as a date, so
``'23. 13.`` and a target typed into the schedule (``1명/ 매월``) are still refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "KEYWORDS",
    "Schedule",
    "ScheduleError",
    "normalize_schedule",
    "parse_schedule",
]

#: Schedules that are a word, not a date: text (without spaces) → kind. The first word of a
#: kind is the one stored and printed.
KEYWORDS: dict[str, str] = {
    "연중": "year_round",
    "매월": "monthly",
    "수시": "as_needed",
    "분기별": "quarterly",
    "매분기": "quarterly",
    "상·하반기": "both_halves",
    "상하반기": "both_halves",
    "상반기": "half",
    "하반기": "half",
}

_KEYWORD_KINDS = {"year_round", "monthly", "as_needed", "quarterly", "both_halves"}
_KINDS = {
    "month",
    "month_range",
    "months",
    "year",
    "year_range",
    "half",
    "quarter",
    "text",
    *_KEYWORD_KINDS,
}
_HALVES = {1: "상반기", 2: "하반기"}

_EXAMPLES = "예: '23. 3., '23. 5. ~ 9., 연중, 매월, 분기별, 3월, 9월"
_FIRST_YEAR, _LAST_YEAR = 2000, 2099  # the two-digit form '23 can only name these years

# Apostrophes and tildes that word processors and IMEs substitute for ' and ~.
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019`\u00b4\u2032\uff07", "'"))
_TILDES = str.maketrans(dict.fromkeys("\uff5e\u301c\u223c", "~"))
# The middle dots of 상·하반기 as keyboards type them (ㆍ, ‧, ・, /).
_MIDDLE_DOTS = str.maketrans(dict.fromkeys("\u318d\u2027\u30fb\uff65\u2022/", "·"))
_QUARTER = re.compile(r"(?P<quarter>\d)(?:/4)?분기")

# One side of a schedule, with spaces removed.
_YEAR_MONTH = re.compile(r"'?(?P<year>\d{2}|\d{4})\.(?P<month>\d{1,2})\.?")
_YEAR_MONTH_WORDS = re.compile(r"(?P<year>\d{4})년(?P<month>\d{1,2})월")
_YEAR = re.compile(r"'(?P<year>\d{2})\.?|(?P<long>\d{4})(?:\.|년)?")
_MONTH_WORD = re.compile(r"(?P<month>\d{1,2})월")
_MONTH_BARE = re.compile(r"(?P<month>\d{1,2})(?P<dot>\.)?")


class ScheduleError(ValueError):
    """A schedule that cannot be read; the message is Korean and quotes what was typed."""


@dataclass(frozen=True)
class _Point:
    """One side of a schedule as typed: a year-month, a year, or a month without a year."""

    shape: str  # "year_month", "year", "month_word" (3월), "month_dot" (3.), "month_plain" (3)
    year: int | None = None
    month: int | None = None


@dataclass(frozen=True)
class Schedule:
    """When a plan item happens, parsed, so it can be validated, sorted and printed one way.

    ``kind`` is one of:

    - ``month``: one month, ``'23. 3.`` (or ``12월`` when no year was given);
    - ``month_range``: ``'23. 5. ~ 9.``, ``'23. 11. ~ '24. 2.``, or ``2월 ~ 12월`` without a year;
    - ``months``: several separate months, ``3월, 9월``;
    - ``year`` / ``year_range``: ``2023.`` / ``2022. ~ 2026.``;
    - ``half``: ``상반기`` (half 1) or ``하반기`` (half 2);
    - ``quarter``: ``1/4분기`` … ``4/4분기`` (``quarter`` 1-4);
    - ``year_round`` (연중), ``monthly`` (매월), ``as_needed`` (수시), ``quarterly`` (분기별),
      ``both_halves`` (상·하반기);
    - ``text``: words without a date (``설·추석 명절``), kept as typed in ``text``.

    Years are four-digit ints (``'23`` is 2023); months are 1-12.
    """

    kind: str
    start_year: int | None = None
    start_month: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    months: tuple[int, ...] = field(default=())
    half: int | None = None
    quarter: int | None = None
    text: str = ""

    def __post_init__(self) -> None:
        # Guard the invariants here too, so a Schedule built in code is as sound as a parsed one.
        if self.kind not in _KINDS:
            raise ScheduleError(f"알 수 없는 일정 종류입니다: {self.kind}")
        for month in (self.start_month, self.end_month, *self.months):
            if month is not None and not 1 <= month <= 12:
                raise ScheduleError(f"월 {month}은(는) 1부터 12 사이여야 합니다.")
        for year in (self.start_year, self.end_year):
            if year is not None and not _FIRST_YEAR <= year <= _LAST_YEAR:
                raise ScheduleError(
                    f"연도 {year}은(는) {_FIRST_YEAR}년부터 {_LAST_YEAR}년 사이여야 합니다."
                )
        if self.kind == "half" and self.half not in _HALVES:
            raise ScheduleError("반기는 1(상반기) 또는 2(하반기)여야 합니다.")
        if self.kind == "quarter" and self.quarter not in (1, 2, 3, 4):
            raise ScheduleError("분기는 1부터 4 사이여야 합니다.")
        if self.kind == "text" and (not self.text.strip() or _has_digit(self.text)):
            raise ScheduleError("날짜가 아닌 일정은 숫자 없는 글이어야 합니다.")
        if self.kind in ("month_range", "year_range"):
            first = (self.start_year or 0, self.start_month or 0)
            last = (self.end_year or 0, self.end_month or 0)
            if last <= first:
                raise ScheduleError("기간의 끝은 시작보다 뒤여야 합니다.")

    @property
    def start(self) -> tuple[int | None, int | None]:
        """(year, month) where the schedule begins; ``None`` for a part it does not name."""
        if self.kind == "months":
            return (None, self.months[0])
        if self.kind == "half":
            return (None, 1 if self.half == 1 else 7)
        if self.kind == "quarter":
            return (None, 3 * (self.quarter or 1) - 2)
        return (self.start_year, self.start_month)

    @property
    def end(self) -> tuple[int | None, int | None]:
        """(year, month) where the schedule ends; equal to :attr:`start` for a single point."""
        if self.kind in ("month_range", "year_range"):
            return (self.end_year, self.end_month)
        if self.kind == "months":
            return (None, self.months[-1])
        if self.kind == "half":
            return (None, 6 if self.half == 1 else 12)
        if self.kind == "quarter":
            return (None, 3 * (self.quarter or 1))
        return self.start

    def sort_key(self, *, default_year: int | None = None) -> tuple[int, int, int, int]:
        """A key that orders items by when they start, then end.

        Undated parts count as ``default_year`` (the plan's year) or 0, and a schedule without
        months (연중, 매월, 수시, 분기별, words, a year) sorts before the months of its year, since
        it covers all of them.
        """
        (start_year, start_month), (end_year, end_month) = self.start, self.end
        year = default_year or 0
        return (
            start_year or year,
            start_month or 0,
            end_year or start_year or year,
            end_month or 12,
        )

    def format(self) -> str:
        """The canonical text stored and printed: ``'23. 3.``, ``'23. 5. ~ 9.``, ``3월, 9월``…"""
        if self.kind in _KEYWORD_KINDS:
            return next(word for word, kind in KEYWORDS.items() if kind == self.kind)
        if self.kind == "half":
            return _HALVES[self.half or 1]
        if self.kind == "quarter":
            return f"{self.quarter}/4분기"
        if self.kind == "text":
            return self.text
        if self.kind == "months":
            return ", ".join(f"{month}월" for month in self.months)
        if self.kind == "year":
            return f"{self.start_year}."
        if self.kind == "year_range":
            return f"{self.start_year}. ~ {self.end_year}."
        if self.start_year is None:  # 12월, 2월 ~ 12월
            if self.kind == "month":
                return f"{self.start_month}월"
            return f"{self.start_month}월 ~ {self.end_month}월"
        start = _year_month(self.start_year, self.start_month)
        if self.kind == "month":
            return start
        if self.end_year == self.start_year:
            return f"{start} ~ {self.end_month}."
        return f"{start} ~ {_year_month(self.end_year, self.end_month)}"

    def __str__(self) -> str:
        return self.format()


def _has_digit(text: str) -> bool:
    return any(character.isdigit() for character in text)


def _year_month(year: int | None, month: int | None) -> str:
    return f"'{(year or 0) % 100:02d}. {month}."


def _full_year(digits: str) -> int:
    year = int(digits)
    return 2000 + year if len(digits) == 2 else year


def _error(text: str, reason: str | None = None) -> ScheduleError:
    if reason is None:
        return ScheduleError(f"일정 “{text}”을(를) 해석할 수 없습니다. {_EXAMPLES}")
    return ScheduleError(f"일정 “{text}”: {reason}")


def _point(part: str, text: str) -> _Point:
    """Read one side of a schedule (spaces already removed)."""
    if match := _YEAR_MONTH.fullmatch(part) or _YEAR_MONTH_WORDS.fullmatch(part):
        return _Point("year_month", _full_year(match["year"]), int(match["month"]))
    if match := _YEAR.fullmatch(part):
        return _Point("year", _full_year(match["year"] or match["long"]))
    if match := _MONTH_WORD.fullmatch(part):
        return _Point("month_word", month=int(match["month"]))
    if match := _MONTH_BARE.fullmatch(part):
        shape = "month_dot" if match["dot"] else "month_plain"
        return _Point(shape, month=int(match["month"]))
    raise _error(text)


def _check(text: str, years: tuple[int | None, ...], months: tuple[int | None, ...]) -> None:
    """Name the bad month or year in the message: more useful than "cannot read"."""
    for month in months:
        if month is not None and not 1 <= month <= 12:
            raise _error(text, f"월 {month}은(는) 1부터 12 사이여야 합니다. {_EXAMPLES}")
    for year in years:
        if year is not None and not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise _error(
                text, f"연도 {year}은(는) {_FIRST_YEAR}년부터 {_LAST_YEAR}년 사이여야 합니다."
            )


def _parse_range(left: str, right: str, text: str, default_year: int | None) -> Schedule:
    start, end = _point(left, text), _point(right, text)
    if start.shape == "year" or end.shape == "year":
        if start.shape != "year" or end.shape != "year":
            raise _error(text)
        _check(text, (start.year, end.year), ())
        if end.year == start.year:
            return Schedule("year", start_year=start.year)
        if (end.year or 0) < (start.year or 0):
            raise _error(text, f"끝 연도({end.year}.)가 시작 연도({start.year}.)보다 앞섭니다.")
        return Schedule("year_range", start_year=start.year, end_year=end.year)

    year: int | None
    if start.shape == "year_month":
        year = start.year
    elif start.shape == "month_dot" and end.shape != "month_word" and default_year is not None:
        year = default_year
    elif start.shape in ("month_word", "month_plain") and end.shape == "month_word":
        year = None  # 2월 ~ 12월
    else:
        raise _error(text)
    if end.shape == "year_month":
        if year is None:
            raise _error(text)
        end_year = end.year
    elif end.shape == "month_word" and year is not None:
        raise _error(text)
    else:
        end_year = year
    _check(text, (year, end_year), (start.month, end.month))

    if (end_year or 0, end.month or 0) < (year or 0, start.month or 0):
        first = _describe(year, start.month)
        last = _describe(end_year, end.month)
        raise _error(text, f"끝({last})이 시작({first})보다 앞섭니다.")
    if (end_year, end.month) == (year, start.month):
        return Schedule("month", start_year=year, start_month=start.month)
    return Schedule(
        "month_range",
        start_year=year,
        start_month=start.month,
        end_year=end_year,
        end_month=end.month,
    )


def _describe(year: int | None, month: int | None) -> str:
    return f"{month}월" if year is None else _year_month(year, month)


def _parse_months(parts: list[str], text: str) -> Schedule:
    """``3월, 9월`` (also ``3, 9월``): separate months of an unnamed year."""
    if not parts[-1].endswith("월") or not all(parts):
        raise _error(text)
    months: list[int] = []
    for part in parts:
        match = _MONTH_WORD.fullmatch(part) or re.fullmatch(r"(?P<month>\d{1,2})", part)
        if match is None:
            raise _error(text)
        months.append(int(match["month"]))
    _check(text, (), tuple(months))
    if len(set(months)) != len(months):
        raise _error(text, "같은 달이 두 번 적혀 있습니다.")
    ordered = tuple(sorted(months))
    if len(ordered) == 1:
        return Schedule("month", start_month=ordered[0])
    return Schedule("months", months=ordered)


def parse_schedule(text: str, *, default_year: int | None = None) -> Schedule:
    """Read a schedule as staff type it; raise :class:`ScheduleError` with a Korean message.

    ``default_year`` (the plan's year) lets a bare ``3.`` or ``5. ~ 9.`` mean that year's months;
    without it those are refused, because guessing a year would put a wrong date in print.
    ``3월``-style months never take a year: the seed prints them without one.
    """
    if not text or not text.strip():
        raise ScheduleError(f"일정이 비어 있습니다. {_EXAMPLES}")
    shown = " ".join(text.split())
    cleaned = shown.translate(_APOSTROPHES).translate(_TILDES)
    compact = "".join(cleaned.split())

    keyword = compact.translate(_MIDDLE_DOTS)
    if keyword in KEYWORDS:
        kind = KEYWORDS[keyword]
        if kind == "half":
            return Schedule("half", half=1 if keyword == "상반기" else 2)
        return Schedule(kind)
    if not _has_digit(compact):
        return Schedule("text", text=shown)  # 설·추석 명절: words cannot name a wrong date
    if match := _QUARTER.fullmatch(compact):
        quarter = int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise _error(shown, f"분기 {quarter}은(는) 1부터 4 사이여야 합니다. {_EXAMPLES}")
        return Schedule("quarter", quarter=quarter)
    if "~" in compact:
        sides = compact.split("~")
        if len(sides) != 2 or not all(sides):
            raise _error(shown)
        return _parse_range(sides[0], sides[1], shown, default_year)
    if "," in compact:
        return _parse_months(compact.split(","), shown)

    point = _point(compact, shown)
    if point.shape == "month_plain" or (point.shape == "month_dot" and default_year is None):
        raise _error(shown)  # a bare number is not a schedule without a year or 월
    _check(shown, (point.year,), (point.month,))
    if point.shape == "year_month":
        return Schedule("month", start_year=point.year, start_month=point.month)
    if point.shape == "year":
        return Schedule("year", start_year=point.year)
    if point.shape == "month_word":
        return Schedule("month", start_month=point.month)
    _check(shown, (default_year,), ())
    return Schedule("month", start_year=default_year, start_month=point.month)


def normalize_schedule(text: str, *, default_year: int | None = None) -> str:
    """The canonical form of a typed schedule, for a model's ``clean()`` to store."""
    return parse_schedule(text, default_year=default_year).format()
