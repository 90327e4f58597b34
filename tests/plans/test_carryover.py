"""The rules that draft next year's 추진상황 and 주요성과 from 추진실적 (plans.rules.carryover),
on plain values: which report speaks for an item, the schedule taken from a line's end, long
lines, remarks, and the card without reports."""

import datetime

import pytest

from plans.rules.carryover import (
    ItemReport,
    ReportedItem,
    achievement_draft,
    progress_draft_rows,
    shortened,
    split_schedule,
)
from plans.rules.progress import CANCELLED, COMPLETED, DELAYED, NOT_STARTED, ON_TRACK


def report(status, result="", *, month=6, day=30, annual=False):
    return ItemReport(annual, datetime.date(2023, month, day), status, result)


def test_the_annual_report_speaks_even_before_a_later_date():
    annual = report(ON_TRACK, "연간", month=11, annual=True)
    audit = report(COMPLETED, "행정사무감사", month=12, day=10)
    assert ReportedItem("항목", "", (audit, annual)).latest == annual


def test_without_an_annual_report_the_latest_date_speaks_and_the_last_on_a_tie():
    half = report(COMPLETED, "상반기")
    first = report(ON_TRACK, "감사 1", month=11)
    second = report(DELAYED, "감사 2", month=11)
    assert ReportedItem("항목", "", (half, first, second)).latest == second
    assert ReportedItem("항목", "", ()).latest is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("기본계획 수립('23. 1.)", ("기본계획 수립", "'23. 1.")),
        ("기본계획 수립 (23. 5. ~ 9.)", ("기본계획 수립", "'23. 5. ~ 9.")),
        ("교육 1회(23명)", ("교육 1회(23명)", "")),
        ("방문('23. 1.), 건의 87건", ("방문('23. 1.), 건의 87건", "")),
        ("('23. 1.)", ("('23. 1.)", "")),  # nothing but the schedule: kept as text
        ("괄호 없음", ("괄호 없음", "")),
    ],
)
def test_a_schedule_in_brackets_at_the_end_becomes_the_rows_schedule(line, expected):
    assert split_schedule(line) == expected


def test_a_line_longer_than_a_row_is_cut_with_an_ellipsis():
    assert shortened("가" * 10, 10) == "가" * 10
    assert shortened("가" * 11, 10) == "가" * 9 + "…"
    long = "나" * 20
    rows = progress_draft_rows([ReportedItem("항목", "연중", (report(COMPLETED, long),))], limit=8)
    assert rows == [("나" * 7 + "…", "연중")]


def test_each_top_level_line_is_a_row_and_remarks_are_not():
    result = "설명회 2회('23. 4.)\n  참석 120명\n간담회 1회\n※ 하반기 추가 예정"
    rows = progress_draft_rows(
        [ReportedItem("설명회", "'23. 3.", (report(ON_TRACK, result),))], limit=300
    )
    assert rows == [("설명회 2회", "'23. 4."), ("간담회 1회", "'23. 3.")]


def test_statuses_that_give_no_row_and_no_line():
    items = [
        ReportedItem("미착수 항목", "", (report(NOT_STARTED, "예정"),)),
        ReportedItem("취소 항목", "", (report(CANCELLED, "일부 추진"),)),
        ReportedItem("실적 없는 추진", "", (report(ON_TRACK),)),
        ReportedItem("보고 없는 항목", "'23. 5."),
        ReportedItem("주석만 있는 완료", "'23. 9.", (report(COMPLETED, "※ 참고"),)),
    ]
    assert progress_draft_rows(items, limit=300) == [("주석만 있는 완료", "'23. 9.")]
    # 주요성과 keeps the 완료 실적, the remark under the item it is about.
    assert achievement_draft(items) == ["주석만 있는 완료\n  ※ 참고"]
    assert achievement_draft(items[:4]) is None


def test_a_card_without_reports_keeps_its_plan_as_the_draft():
    items = [ReportedItem("답례품 선정", "'23. 3."), ReportedItem("홍보", "연중")]
    assert progress_draft_rows(items, limit=300) == [("답례품 선정", "'23. 3."), ("홍보", "연중")]
    assert achievement_draft(items) == ["답례품 선정", "홍보"]
    assert achievement_draft([]) == []


def test_the_achievement_outline_is_made_regular():
    typed = "○ 교육 1회\n\t- 수료 23명\n      · 만족도 92%"
    items = [ReportedItem("교육", "", (report(COMPLETED, typed),))]
    assert achievement_draft(items) == ["○ 교육 1회\n  - 수료 23명\n    · 만족도 92%"]
