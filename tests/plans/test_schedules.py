"""Schedules as the seed prints them, typed the ways staff type them, parsed by
plans.rules.schedules."""

import pytest
from django.core.exceptions import ValidationError

from plans.rules.schedules import (
    KEYWORDS,
    Schedule,
    ScheduleError,
    normalize_schedule,
    parse_schedule,
)
from tests.factories import PlanItemFactory

EXAMPLES = "예: '23. 3., '23. 5. ~ 9., 연중, 매월, 분기별, 3월, 9월"


@pytest.mark.parametrize(
    ("typed", "canonical", "kind"),
    [
        # one month in a year
        ("'23. 3.", "'23. 3.", "month"),
        ("23. 3.", "'23. 3.", "month"),
        ("22. 10.", "'22. 10.", "month"),
        ("'22. 11.", "'22. 11.", "month"),
        ("'22.12.", "'22. 12.", "month"),  # the seed's ('22.12.)
        ("2023. 3.", "'23. 3.", "month"),
        ("2023.3", "'23. 3.", "month"),
        ("  23.   2.  ", "'23. 2.", "month"),
        ("\u201923. 3.", "'23. 3.", "month"),  # typographic apostrophe from a word processor
        ("2023년 3월", "'23. 3.", "month"),
        ("24. 3.", "'24. 3.", "month"),
        # a range within one year
        ("23. 5. ~ 9.", "'23. 5. ~ 9.", "month_range"),
        ("'23. 5. ~ 9.", "'23. 5. ~ 9.", "month_range"),
        ("'22. 4. ~ 5.", "'22. 4. ~ 5.", "month_range"),
        ("22. 4. ~ 5.", "'22. 4. ~ 5.", "month_range"),
        ("'22. 6. ~ 8.", "'22. 6. ~ 8.", "month_range"),
        ("23. 5. ~ 12.", "'23. 5. ~ 12.", "month_range"),
        ("'23. 3. ~ 12.", "'23. 3. ~ 12.", "month_range"),
        ("23. 2. ~ 11.", "'23. 2. ~ 11.", "month_range"),
        ("23. 1. ~ 2.", "'23. 1. ~ 2.", "month_range"),
        ("23. 3. ~ 7.", "'23. 3. ~ 7.", "month_range"),
        ("23.5.~9.", "'23. 5. ~ 9.", "month_range"),
        ("'23. 5. \uff5e 9.", "'23. 5. ~ 9.", "month_range"),  # full-width tilde
        ("'23. 5. ~ '23. 9.", "'23. 5. ~ 9.", "month_range"),  # same year written twice
        ("2023. 5. ~ 9", "'23. 5. ~ 9.", "month_range"),
        # a range across years
        ("'23. 1. ~ '24. 2.", "'23. 1. ~ '24. 2.", "month_range"),
        ("'23. 11. ~ '24. 2.", "'23. 11. ~ '24. 2.", "month_range"),
        ("23. 11. ~ 24. 2.", "'23. 11. ~ '24. 2.", "month_range"),
        ("2023. 11. ~ 2024. 2.", "'23. 11. ~ '24. 2.", "month_range"),
        # keywords
        ("연중", "연중", "year_round"),
        (" 연중 ", "연중", "year_round"),
        ("매월", "매월", "monthly"),
        ("수시", "수시", "as_needed"),
        ("상반기", "상반기", "half"),
        ("하반기", "하반기", "half"),
        # recurring work as clerks write it
        ("분기별", "분기별", "quarterly"),
        ("매 분기", "분기별", "quarterly"),
        ("매분기", "분기별", "quarterly"),
        ("상·하반기", "상·하반기", "both_halves"),
        ("상ㆍ하반기", "상·하반기", "both_halves"),  # the Hangul middle dot
        ("상/하반기", "상·하반기", "both_halves"),
        ("상 · 하반기", "상·하반기", "both_halves"),
        ("1/4분기", "1/4분기", "quarter"),
        ("3분기", "3/4분기", "quarter"),
        # words without a date are kept as the text they are
        ("설·추석 명절", "설·추석 명절", "text"),
        ("행사  시", "행사 시", "text"),
        ("다음 달", "다음 달", "text"),
        # months without a year
        ("12월", "12월", "month"),
        ("4월", "4월", "month"),
        ("3월, 9월", "3월, 9월", "months"),
        ("3월,9월", "3월, 9월", "months"),
        ("3, 9월", "3월, 9월", "months"),
        ("9월, 3월", "3월, 9월", "months"),
        ("3월, 6월, 9월, 12월", "3월, 6월, 9월, 12월", "months"),
        ("2월 ~ 12월", "2월 ~ 12월", "month_range"),
        ("7월 ~ 12월", "7월 ~ 12월", "month_range"),
        ("2 ~ 12월", "2월 ~ 12월", "month_range"),
        ("2월~12월", "2월 ~ 12월", "month_range"),
        # years
        ("2022. ~ 2026.", "2022. ~ 2026.", "year_range"),
        ("2022 ~ 2026", "2022. ~ 2026.", "year_range"),
        ("2022년 ~ 2026년", "2022. ~ 2026.", "year_range"),
        ("'22. ~ '26.", "2022. ~ 2026.", "year_range"),
        ("2023.", "2023.", "year"),
        ("2023. ~ 2023.", "2023.", "year"),
    ],
)
def test_parse_and_format(typed: str, canonical: str, kind: str) -> None:
    schedule = parse_schedule(typed)
    assert schedule.kind == kind
    assert schedule.format() == canonical
    assert str(schedule) == canonical
    assert normalize_schedule(typed) == canonical
    # The canonical form is a fixed point: storing it and reading it back changes nothing.
    assert parse_schedule(canonical) == schedule


@pytest.mark.parametrize(
    ("typed", "start", "end"),
    [
        ("'23. 3.", (2023, 3), (2023, 3)),
        ("'23. 5. ~ 9.", (2023, 5), (2023, 9)),
        ("'23. 1. ~ '24. 2.", (2023, 1), (2024, 2)),
        ("2022. ~ 2026.", (2022, None), (2026, None)),
        ("3월, 9월", (None, 3), (None, 9)),
        ("2월 ~ 12월", (None, 2), (None, 12)),
        ("12월", (None, 12), (None, 12)),
        ("상반기", (None, 1), (None, 6)),
        ("하반기", (None, 7), (None, 12)),
        ("2/4분기", (None, 4), (None, 6)),
        ("연중", (None, None), (None, None)),
        ("분기별", (None, None), (None, None)),
        ("설·추석 명절", (None, None), (None, None)),
    ],
)
def test_start_and_end(
    typed: str, start: tuple[int | None, int | None], end: tuple[int | None, int | None]
) -> None:
    schedule = parse_schedule(typed)
    assert schedule.start == start
    assert schedule.end == end


def test_parts() -> None:
    schedule = parse_schedule("'23. 11. ~ '24. 2.")
    assert (schedule.start_year, schedule.start_month) == (2023, 11)
    assert (schedule.end_year, schedule.end_month) == (2024, 2)
    assert parse_schedule("3월, 9월").months == (3, 9)
    assert parse_schedule("하반기").half == 2
    assert parse_schedule("12. 3.").start_year == 2012  # two-digit years are 2000 + yy


def test_sort_key_orders_the_seed_plan_items() -> None:
    typed = ["연중", "23. 5. ~ 12.", "23. 2. ~ 11.", "3월, 9월", "23. 12.", "23. 11.", "매월"]
    ordered = sorted(typed, key=lambda t: parse_schedule(t).sort_key(default_year=2023))
    assert ordered == [
        "연중",
        "매월",
        "23. 2. ~ 11.",
        "3월, 9월",
        "23. 5. ~ 12.",
        "23. 11.",
        "23. 12.",
    ]


def test_sort_key_puts_a_longer_range_after_a_shorter_one_with_the_same_start() -> None:
    short, long = parse_schedule("'23. 5. ~ 6."), parse_schedule("'23. 5. ~ '24. 1.")
    assert short.sort_key() < long.sort_key()


@pytest.mark.parametrize(
    ("typed", "default_year", "canonical"),
    [
        ("3.", 2023, "'23. 3."),
        ("5. ~ 9.", 2023, "'23. 5. ~ 9."),
        ("5. ~ '24. 2.", 2023, "'23. 5. ~ '24. 2."),
        ("'22. 4.", 2023, "'22. 4."),  # an explicit year wins
        ("3월", 2023, "3월"),  # 월 forms are printed without a year, as in the seed
        ("연중", 2023, "연중"),
    ],
)
def test_default_year(typed: str, default_year: int, canonical: str) -> None:
    assert normalize_schedule(typed, default_year=default_year) == canonical


@pytest.mark.parametrize("typed", ["3.", "5. ~ 9."])
def test_month_without_year_needs_a_default_year(typed: str) -> None:
    with pytest.raises(ScheduleError, match="해석할 수 없습니다"):
        parse_schedule(typed)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("'23. 13.", f"일정 “'23. 13.”: 월 13은(는) 1부터 12 사이여야 합니다. {EXAMPLES}"),
        ("23. 0.", f"일정 “23. 0.”: 월 0은(는) 1부터 12 사이여야 합니다. {EXAMPLES}"),
        ("'23. 5. ~ 13.", "월 13은(는) 1부터 12 사이여야 합니다."),
        ("3월, 13월", "월 13은(는) 1부터 12 사이여야 합니다."),
        ("0월", "월 0은(는) 1부터 12 사이여야 합니다."),
        ("'23. 9. ~ 5.", "일정 “'23. 9. ~ 5.”: 끝('23. 5.)이 시작('23. 9.)보다 앞섭니다."),
        ("'24. 2. ~ '23. 11.", "끝('23. 11.)이 시작('24. 2.)보다 앞섭니다."),
        ("12월 ~ 2월", "끝(2월)이 시작(12월)보다 앞섭니다."),
        ("2026. ~ 2022.", "끝 연도(2022.)가 시작 연도(2026.)보다 앞섭니다."),
        ("", f"일정이 비어 있습니다. {EXAMPLES}"),
        ("   ", "일정이 비어 있습니다."),
        ("3월, 3월", "같은 달이 두 번 적혀 있습니다."),
        ("1999. 3.", "연도 1999은(는) 2000년부터 2099년 사이여야 합니다."),
        ("다음 3달", f"일정 “다음 3달”을(를) 해석할 수 없습니다. {EXAMPLES}"),
        ("5/4분기", "분기 5은(는) 1부터 4 사이여야 합니다."),
        ("0분기", "분기 0은(는) 1부터 4 사이여야 합니다."),
        ("'23. 3. ~", "해석할 수 없습니다"),
        ("~ '23. 3.", "해석할 수 없습니다"),
        ("'23. 3. ~ 5. ~ 7.", "해석할 수 없습니다"),
        ("2022. ~ '23. 3.", "해석할 수 없습니다"),
        ("'23. 3. ~ 12월", "해석할 수 없습니다"),
        ("3. 9.", "해석할 수 없습니다"),
        ("23", "해석할 수 없습니다"),
        ("1명/ 매월", "해석할 수 없습니다"),  # a target mixed into the schedule
        ("3팀, 12월", "해석할 수 없습니다"),
        (",9월", "해석할 수 없습니다"),
    ],
)
def test_invalid_schedules_give_korean_errors(typed: str, message: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(typed)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)  # so Django validators can catch ValueError


def test_error_quotes_the_input_as_typed() -> None:
    with pytest.raises(ScheduleError) as caught:
        normalize_schedule("'23. 13.")
    assert str(caught.value).startswith("일정 “'23. 13.”")


def test_same_start_and_end_collapse_to_one_month() -> None:
    assert normalize_schedule("'23. 3. ~ 3.") == "'23. 3."
    assert normalize_schedule("3월 ~ 3월") == "3월"


def test_keywords_table() -> None:
    assert set(KEYWORDS) == {
        "연중",
        "매월",
        "수시",
        "분기별",
        "매분기",
        "상·하반기",
        "상하반기",
        "상반기",
        "하반기",
    }


@pytest.mark.parametrize(
    "arguments",
    [
        {"kind": "month", "start_year": 2023, "start_month": 13},
        {
            "kind": "month_range",
            "start_year": 2023,
            "start_month": 9,
            "end_year": 2023,
            "end_month": 5,
        },
        {"kind": "half", "half": 3},
        {"kind": "quarter", "quarter": 5},
        {"kind": "text", "text": "'23. 13."},  # a date that does not read is not text
        {"kind": "text", "text": " "},
        {"kind": "weekly"},
        {"kind": "month", "start_year": 1999, "start_month": 1},
    ],
)
def test_schedule_refuses_impossible_values_built_in_code(arguments: dict[str, object]) -> None:
    with pytest.raises(ScheduleError):
        Schedule(**arguments)  # type: ignore[arg-type]


def test_schedule_built_in_code_formats_canonically() -> None:
    assert Schedule("month_range", 2023, 11, 2024, 2).format() == "'23. 11. ~ '24. 2."
    assert Schedule("months", months=(3, 9)).format() == "3월, 9월"
    assert Schedule("year_range", start_year=2022, end_year=2026).format() == "2022. ~ 2026."


def test_a_plan_item_keeps_the_schedules_clerks_write(db) -> None:
    """Through the model's own validation, as the admin and the imports save it."""
    for typed, stored in (("매 분기", "분기별"), ("설·추석 명절", "설·추석 명절")):
        item = PlanItemFactory(schedule=typed)
        item.full_clean()
        item.save()
        item.refresh_from_db()
        assert item.schedule == stored
    bad = PlanItemFactory.build(card=item.card, order=99, schedule="'23. 13.")
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    assert "월 13은(는) 1부터 12 사이여야 합니다" in str(caught.value.message_dict["schedule"])
