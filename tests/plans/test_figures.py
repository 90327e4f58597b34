"""Every figure the seed report prints, computed and formatted by plans.rules.figures."""

from datetime import date, time
from decimal import Decimal

import pytest

from plans.rules.figures import (
    UNITS,
    Change,
    change,
    circled,
    column_sums,
    format_date,
    format_date_range,
    format_money,
    format_number,
    format_percent,
    format_time,
    money_in_unit,
    org_summary,
    percent,
    share,
    sum_values,
    turnout,
    unit_caption,
)

# (current, previous, printed) — the seed's 예산규모 table, 2023 vs 2022 본예산 (백만원).
SEED_BUDGET_ROWS = [
    (78_676, 90_379, "△11,703(△12.9%)"),  # 계
    (992, 1_848, "△856(△46.3%)"),  # 행정팀
    (3_141, 3_624, "△483(△13.3%)"),  # 서무팀
    (19, 19, "0(0%)"),  # 군민소통팀
    (1_709, 1_547, "162(10.5%)"),  # 대외협력팀
    (0, 0, "0(0%)"),  # 예비비
    (72_815, 83_341, "△10,526(△12.6%)"),  # 행정운영경비
]


@pytest.mark.parametrize(("current", "previous", "printed"), SEED_BUDGET_ROWS)
def test_seed_budget_changes(current: int, previous: int, printed: str) -> None:
    result = change(current, previous)
    assert str(result) == printed
    assert result.format() == printed
    assert result.amount == current - previous


def test_seed_budget_total_is_the_sum_of_its_rows() -> None:
    rows = SEED_BUDGET_ROWS[1:]
    assert sum_values(r[0] for r in rows) == 78_676
    assert sum_values(r[1] for r in rows) == 90_379


@pytest.mark.parametrize(
    ("current", "previous", "rate"),
    [
        (78_676, 90_379, Decimal("-12.9")),
        (992, 1_848, Decimal("-46.3")),
        (1_709, 1_547, Decimal("10.5")),
        (19, 19, Decimal("0.0")),
        (5, 0, None),
        (0, 0, None),
    ],
)
def test_change_rate(current: int, previous: int, rate: Decimal | None) -> None:
    assert Change(current, previous).rate == rate


@pytest.mark.parametrize(
    ("current", "previous", "printed"),
    [
        (5, 0, "5(순증)"),
        (1_500, 0, "1,500(순증)"),
        (0, 7, "△7(△100.0%)"),
        (10_001, 10_000, "1(0.0%)"),
        (9_999, 10_000, "△1(△0.0%)"),
        (3, 2, "1(50.0%)"),
        (24, 2, "22(1,100.0%)"),
        (0, 1_000, "△1,000(△100.0%)"),
    ],
)
def test_change_edge_cases(current: int, previous: int, printed: str) -> None:
    assert change(current, previous).format() == printed


def test_change_is_frozen_value() -> None:
    assert change(2, 1) == Change(current=2, previous=1)
    with pytest.raises(AttributeError):
        change(2, 1).current = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (78_676, "78,676"),
        (0, "0"),
        (999, "999"),
        (1_000, "1,000"),
        (1_500_724, "1,500,724"),
        (-856, "△856"),
        (-11_703, "△11,703"),
        (Decimal("1.5"), "1.5"),
        (Decimal("1.50"), "1.50"),
        (Decimal("12345.67"), "12,345.67"),
        (Decimal("-12.9"), "△12.9"),
        (Decimal("-0.0"), "0.0"),
        (Decimal("1E+3"), "1,000"),
        (None, "-"),
    ],
)
def test_format_number(value: int | Decimal | None, printed: str) -> None:
    assert format_number(value) == printed


def test_format_number_blank_and_refuses_float() -> None:
    assert format_number(None, blank="") == ""
    with pytest.raises(TypeError):
        format_number(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("part", "whole", "places", "expected"),
    [
        (1, 8, 0, Decimal("13")),  # 12.5 rounds half up, not to even
        (1, 8, 1, Decimal("12.5")),
        (1, 16, 1, Decimal("6.3")),  # 6.25 → 6.3
        (1, 16, 2, Decimal("6.25")),
        (3, 8, 0, Decimal("38")),  # 37.5 → 38
        (5, 8, 0, Decimal("63")),  # 62.5 → 63 (banker's rounding would give 62)
        (1, 3, 2, Decimal("33.33")),
        (2, 3, 2, Decimal("66.67")),
        (-1, 8, 0, Decimal("-13")),  # half away from zero, like ROUND_HALF_UP
        (Decimal("0.5"), 4, 1, Decimal("12.5")),
        (0, 5, 2, Decimal("0.00")),
        (5, 0, 1, None),
    ],
)
def test_percent_rounds_half_up(
    part: int | Decimal, whole: int, places: int, expected: Decimal | None
) -> None:
    result = percent(part, whole, places=places)
    assert result == expected
    if expected is not None:
        assert str(result) == str(expected)


def test_percent_is_exact_where_a_28_digit_quotient_would_round_twice() -> None:
    # 100 * part / whole = 12.4999…(30 nines)…9: a Decimal quotient rounds it to 12.5, then 13.
    whole = 8 * 10**31
    part = 10**31 - 8
    assert percent(part, whole, places=0) == Decimal("12")


@pytest.mark.parametrize(
    ("part", "whole", "expected", "printed"),
    [
        (78_676, 691_356, Decimal("11.38"), "11.38%"),  # 군 예산의 11.38% (illustrative total)
        (1, 2, Decimal("50.00"), "50.00%"),
        (0, 10, Decimal("0.00"), "0%"),
        (1, 0, None, "-"),
    ],
)
def test_share(part: int, whole: int, expected: Decimal | None, printed: str) -> None:
    assert share(part, whole) == expected
    assert format_percent(share(part, whole)) == printed


@pytest.mark.parametrize(
    ("voters", "electorate", "printed"),
    [
        (58_315, 80_946, "72.04%"),  # 제20대 대통령선거
        (40_617, 81_419, "49.89%"),  # 제8회 전국동시지방선거
    ],
)
def test_seed_turnout(voters: int, electorate: int, printed: str) -> None:
    assert format_percent(turnout(voters, electorate)) == printed


def test_turnout_without_electorate() -> None:
    assert turnout(0, 0) is None


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (Decimal("11.38"), "11.38%"),
        (Decimal("72.04"), "72.04%"),
        (Decimal("10.5"), "10.5%"),
        (Decimal("0"), "0%"),
        (Decimal("0.0"), "0%"),
        (Decimal("0.00"), "0%"),
        (Decimal("-12.9"), "△12.9%"),
        (Decimal("100.0"), "100.0%"),
        (None, "-"),
    ],
)
def test_format_percent(value: Decimal | None, printed: str) -> None:
    assert format_percent(value) == printed


def test_format_percent_blank() -> None:
    assert format_percent(None, blank="") == ""


@pytest.mark.parametrize(
    ("departments", "teams", "printed"), [(1, 4, "1과 4팀"), (2, 9, "2과 9팀"), (1, 0, "1과 0팀")]
)
def test_org_summary(departments: int, teams: int, printed: str) -> None:
    assert org_summary(departments=departments, teams=teams) == printed


def test_org_summary_refuses_negative_counts() -> None:
    with pytest.raises(ValueError):
        org_summary(departments=-1, teams=4)


@pytest.mark.parametrize(
    ("day", "printed"),
    [
        (date(2023, 2, 16), "2023. 2. 16.(목)"),  # 임시회 개회
        (date(2023, 2, 23), "2023. 2. 23.(목)"),
        (date(2022, 3, 9), "2022. 3. 9.(수)"),  # 제20대 대통령선거
        (date(2022, 6, 1), "2022. 6. 1.(수)"),  # 제8회 전국동시지방선거
        (date(2022, 10, 4), "2022. 10. 4.(화)"),  # 도지사 방문
        (date(2022, 9, 2), "2022. 9. 2.(금)"),
        (date(2023, 3, 23), "2023. 3. 23.(목)"),
        (date(2023, 1, 30), "2023. 1. 30.(월)"),
        (date(2023, 2, 18), "2023. 2. 18.(토)"),
        (date(2023, 2, 19), "2023. 2. 19.(일)"),
    ],
)
def test_format_date(day: date, printed: str) -> None:
    assert format_date(day) == printed


def test_format_date_without_weekday() -> None:
    assert format_date(date(2023, 2, 16), weekday=False) == "2023. 2. 16."


@pytest.mark.parametrize(
    ("start", "end", "weekday", "printed"),
    [
        (date(2023, 1, 30), date(2023, 2, 9), True, "2023. 1. 30.(월) ~ 2. 9.(목)"),
        (date(2023, 2, 16), date(2023, 2, 23), True, "2023. 2. 16.(목) ~ 2. 23.(목)"),
        (date(2023, 2, 16), date(2023, 2, 23), False, "2023. 2. 16. ~ 2. 23."),  # cover
        (date(2022, 3, 23), date(2022, 3, 30), True, "2022. 3. 23.(수) ~ 3. 30.(수)"),
        (date(2022, 12, 30), date(2023, 1, 2), True, "2022. 12. 30.(금) ~ 2023. 1. 2.(월)"),
        (date(2022, 12, 30), date(2023, 1, 2), False, "2022. 12. 30. ~ 2023. 1. 2."),
        (date(2023, 3, 23), date(2023, 3, 23), True, "2023. 3. 23.(목)"),
        (date(2023, 3, 23), None, True, "2023. 3. 23.(목)"),
        (date(2023, 3, 23), None, False, "2023. 3. 23."),
    ],
)
def test_format_date_range(start: date, end: date | None, weekday: bool, printed: str) -> None:
    assert format_date_range(start, end, weekday=weekday) == printed


def test_format_date_range_refuses_end_before_start() -> None:
    with pytest.raises(ValueError, match="앞섭니다"):
        format_date_range(date(2023, 2, 23), date(2023, 2, 16))


@pytest.mark.parametrize(
    ("value", "printed"), [(time(15, 30), "15:30"), (time(14, 30), "14:30"), (time(9, 5), "09:05")]
)
def test_format_time(value: time, printed: str) -> None:
    assert format_time(value) == printed


@pytest.mark.parametrize(
    ("values", "total"),
    [([1, None, 2], 3), ([], 0), ([None, None], 0), ([17, 6, 3, 4], 30)],
)
def test_sum_values(values: list[int | None], total: int) -> None:
    assert sum_values(values) == total


def test_column_sums_reproduce_the_seed_staffing_total_row() -> None:
    # 계, 정무직, 소계, 4급, 5급, 6급, 7급, 8급, 9급, 별정직, 연구직, 정원외 ("-" is None)
    teams = [
        [17, 1, 13, 2, 1, 5, 3, 1, 1, 1, None, 2],  # 행정팀
        [6, None, 4, None, None, 1, 3, None, None, None, 1, 1],  # 서무팀
        [3, None, 3, None, None, 2, 1, None, None, None, None, None],  # 군민소통팀
        [4, None, 4, None, None, 1, 1, 1, 1, None, None, None],  # 대외협력팀
    ]
    assert column_sums(teams) == [30, 1, 24, 2, 1, 9, 8, 2, 2, 1, 1, 3]


def test_column_sums_edge_cases() -> None:
    assert column_sums([]) == []
    assert column_sums([[None, None]]) == [0, 0]
    with pytest.raises(ValueError, match="2번째 행"):
        column_sums([[1, 2], [3]])


@pytest.mark.parametrize(
    ("n", "symbol"), [(1, "①"), (2, "②"), (3, "③"), (4, "④"), (10, "⑩"), (20, "⑳")]
)
def test_circled(n: int, symbol: str) -> None:
    assert circled(n) == symbol


@pytest.mark.parametrize("n", [0, -1, 21])
def test_circled_out_of_range(n: int) -> None:
    with pytest.raises(ValueError):
        circled(n)


@pytest.mark.parametrize(
    ("amount", "unit", "expected"),
    [
        (78_676_000, "백만원", 78_676),
        (348_000, "백만원", 348),
        (7_275, "천원", 7_275),
        (7_275, "원", 7_275_000),
        (1_500, "백만원", 2),  # 1.5 rounds half up
        (1_499, "백만원", 1),
        (500, "백만원", 1),
        (499, "백만원", 0),
        (0, "백만원", 0),
    ],
)
def test_money_in_unit(amount: int, unit: str, expected: int) -> None:
    result = money_in_unit(amount, unit)
    assert result == expected
    assert isinstance(result, int)


def test_money_in_unit_with_places_and_units() -> None:
    assert money_in_unit(1_234, "백만원", places=1) == Decimal("1.2")
    assert money_in_unit(1_250, "백만원", places=1) == Decimal("1.3")
    assert set(UNITS) == {"원", "천원", "백만원"}
    with pytest.raises(ValueError, match="단위"):
        money_in_unit(1, "만원")


def test_format_money_and_caption() -> None:
    assert format_money(78_676_000, "백만원") == "78,676백만원"
    assert format_money(7_275) == "7,275천원"
    assert format_money(480, "천원", suffix=False) == "480"
    assert format_money(None, "백만원") == "-"
    assert unit_caption("백만원") == "(단위: 백만원)"
    with pytest.raises(ValueError):
        unit_caption("달러")
