"""추진실적 roll-ups (plans.rules.progress, re-exported by plans.rules.figures) against values
computed by hand in the comments."""

from decimal import Decimal

import pytest

from plans.rules import figures
from plans.rules.progress import (
    CANCELLED,
    COMPLETED,
    DELAYED,
    NOT_STARTED,
    ON_HOLD,
    ON_TRACK,
    ItemFigure,
    delayed_items,
    parse_quantity,
    progress_contradiction,
    rollup_card,
    summarize,
)


def test_figures_reexports_the_rollups():
    assert figures.rollup_card is rollup_card
    assert figures.summarize is summarize


def test_equal_weights_when_none_given():
    # (100 + 50 + 0) / 3 = 50.0
    card = rollup_card(
        [ItemFigure(COMPLETED, 100), ItemFigure(ON_TRACK, 50), ItemFigure(NOT_STARTED, 0)]
    )
    assert card.percent == Decimal("50.0")
    assert card.status == ON_TRACK


def test_weights_apply_when_every_item_has_one():
    # (3×100 + 1×40) / 4 = 85.0
    card = rollup_card([ItemFigure(COMPLETED, 100, weight=3), ItemFigure(ON_TRACK, 40, weight=1)])
    assert card.percent == Decimal("85.0")


def test_empty_weights_never_zero_the_parent():
    # One weight missing: equal weights, (100 + 40) / 2 = 70.0, not 100 × 3 / 3 or 0.
    card = rollup_card([ItemFigure(COMPLETED, 100, weight=3), ItemFigure(ON_TRACK, 40)])
    assert card.percent == Decimal("70.0")
    card = rollup_card([ItemFigure(ON_TRACK, 30), ItemFigure(ON_TRACK, 60)])
    assert card.percent == Decimal("45.0")


def test_cancelled_items_leave_the_denominator():
    # 취소 is out: (100 + 50) / 2 = 75.0, and the card is 정상추진 with 2 counted of 3.
    card = rollup_card(
        [ItemFigure(COMPLETED, 100), ItemFigure(ON_TRACK, 50), ItemFigure(CANCELLED, 0)]
    )
    assert (card.percent, card.status, card.items, card.counted) == (
        Decimal("75.0"),
        ON_TRACK,
        3,
        2,
    )


def test_all_cancelled_card_is_cancelled_without_percent():
    card = rollup_card([ItemFigure(CANCELLED, 0), ItemFigure(CANCELLED, 20)])
    assert (card.status, card.percent, card.counted) == (CANCELLED, None, 0)


def test_card_without_items_has_no_status():
    card = rollup_card([])
    assert (card.status, card.percent, card.items) == (None, None, 0)


def test_unreported_items_count_as_not_started_at_zero():
    # (80 + 0) / 2 = 40.0
    card = rollup_card([ItemFigure(ON_TRACK, 80), ItemFigure(None)])
    assert (card.percent, card.status) == (Decimal("40.0"), ON_TRACK)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([COMPLETED, DELAYED, ON_TRACK], DELAYED),
        ([COMPLETED, COMPLETED], COMPLETED),
        ([NOT_STARTED, NOT_STARTED], NOT_STARTED),
        ([COMPLETED, ON_HOLD], ON_HOLD),
        ([ON_HOLD, ON_TRACK], ON_TRACK),
        ([NOT_STARTED, COMPLETED], ON_TRACK),
        ([COMPLETED, CANCELLED], COMPLETED),
    ],
)
def test_card_status_rules(statuses, expected):
    percents = {COMPLETED: 100, NOT_STARTED: 0}
    items = [ItemFigure(status, percents.get(status, 50)) for status in statuses]
    assert rollup_card(items).status == expected


def test_rounding_is_half_up_to_one_place():
    # 1 / 8 = 0.125 → 0.1; 1 / 4 = 0.25 → 0.3 (half up, where banker's rounding gives 0.2).
    eight = [ItemFigure(ON_TRACK, 1)] + [ItemFigure(ON_TRACK, 0)] * 7
    assert rollup_card(eight).percent == Decimal("0.1")
    four = [ItemFigure(ON_TRACK, 1)] + [ItemFigure(NOT_STARTED, 0)] * 3
    assert rollup_card(four).percent == Decimal("0.3")


def test_summary_counts_average_and_completion_rate():
    # Five cards: 완료 100, 정상추진 60, 지연 30, 취소, no items.
    # planned = 3 (취소 and no-items out); 평균 (100 + 60 + 30) / 3 = 63.33… → 63.3;
    # 완료율 1 / 3 = 33.33… → 33.3.
    summary = summarize(
        [
            (COMPLETED, Decimal("100.0")),
            (ON_TRACK, Decimal("60.0")),
            (DELAYED, Decimal("30.0")),
            (CANCELLED, None),
            (None, None),
        ]
    )
    assert summary.counts == {
        NOT_STARTED: 0,
        ON_TRACK: 1,
        COMPLETED: 1,
        DELAYED: 1,
        ON_HOLD: 0,
        CANCELLED: 1,
    }
    assert (summary.unreported, summary.planned, summary.total) == (1, 3, 5)
    assert summary.average == Decimal("63.3")
    assert summary.completion_rate == Decimal("33.3")
    assert summary.rows()[2] == (COMPLETED, "완료", 1)


def test_summary_of_nothing_planned_has_no_rates():
    summary = summarize([(CANCELLED, None)])
    assert (summary.planned, summary.average, summary.completion_rate) == (0, None, None)
    assert figures.format_progress(summary.average) == "-"


def test_county_review_figures():
    # "263 tasks: 15 완료, 239 정상추진, 3 유보, 6 지연": 완료율 15 / 263 = 5.703… → 5.7.
    units = (
        [(COMPLETED, 100)] * 15 + [(ON_TRACK, 50)] * 239 + [(ON_HOLD, 20)] * 3 + [(DELAYED, 10)] * 6
    )
    summary = summarize(units)
    assert summary.completion_rate == Decimal("5.7")
    # (1500 + 11950 + 60 + 60) / 263 = 13570 / 263 = 51.597… → 51.6
    assert summary.average == Decimal("51.6")


def test_delayed_items_with_reasons():
    entries = [
        ("IV-1", "조직진단", DELAYED, "용역 발주 지연"),
        ("IV-2", "교육", ON_TRACK, ""),
        ("IV-3", "체육대회", ON_HOLD, "도 일정 미정"),
    ]
    assert [(d.card, d.reason) for d in delayed_items(entries)] == [("IV-1", "용역 발주 지연")]
    both = delayed_items(entries, statuses=(DELAYED, ON_HOLD))
    assert [d.status_label for d in both] == ["지연", "유보"]


@pytest.mark.parametrize(
    ("status", "percent", "reason", "message"),
    [
        (ON_TRACK, 120, "", "진행률은 0에서 100 사이로 입력하십시오(입력: 120)."),
        (COMPLETED, 40, "", "완료 상태의 진행률은 100%입니다(입력: 40%)."),
        (NOT_STARTED, 10, "", "미착수 상태의 진행률은 0%입니다(입력: 10%)."),
        (DELAYED, 30, " ", "지연 상태에는 사유를 입력하십시오."),
        (CANCELLED, 0, "", "취소 상태에는 사유를 입력하십시오."),
        (DELAYED, 30, "예산 미확보", None),
    ],
)
def test_contradictions(status, percent, reason, message):
    assert progress_contradiction(status, percent, reason) == message


def test_parse_quantity():
    assert parse_quantity("4명") == (Decimal(4), "명")
    assert parse_quantity("3팀") == (Decimal(3), "팀")
    assert parse_quantity("1,200명") == (Decimal(1200), "명")
    assert parse_quantity("각 1회") is None
    assert parse_quantity("연중") is None
