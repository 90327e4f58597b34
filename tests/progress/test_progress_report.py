"""The 추진실적 report of a period: its figures against values computed here by hand from the
entries the test wrote, what changed since the last published period, and the report's JSON
round trip (what a published version keeps)."""

import pytest

from plans.models import PeriodKind, ProgressStatus
from plans.report.progress_report import dump_progress, load_progress, progress_report
from tests.progress.conftest import open_period
from tests.progress.helpers import items_of, publish, tenths, write

pytestmark = pytest.mark.django_db

S = ProgressStatus


@pytest.fixture
def written(plan, period):
    """Card 1: 완료 + 정상추진 40 %; card 2: 지연 20 % + 미착수; card 3: 취소 + not reported."""
    (a1, a2), (b1, b2), (c1, _c2) = items_of(plan)
    write(
        period,
        (a1, S.COMPLETED, 100, "", "교육 1회 실시\n  23명 참석"),
        (a2, S.ON_TRACK, 40, ""),
        (b1, S.DELAYED, 20, "용역 발주 지연"),
        (b2, S.NOT_STARTED, 0, ""),
        (c1, S.CANCELLED, 0, "사업 폐지"),
    )
    return period


def test_summary_figures_are_the_entries_rolled_up(written):
    report = progress_report(written)
    summary = report.summary
    # Cards: 1 = (100 + 40) / 2; 2 = 지연 at (20 + 0) / 2; 3 = its one counted item unreported,
    # so 미착수 at 0 (취소 leaves the card's denominator).
    card_percents = [tenths(100 + 40, 2), tenths(20 + 0, 2), tenths(0)]
    assert [card.percent for card in report.cards] == card_percents
    assert [card.status for card in report.cards] == [S.ON_TRACK, S.DELAYED, S.NOT_STARTED]
    counts = {row.status: (row.cards, row.items) for row in summary.rows}
    assert counts == {
        S.NOT_STARTED: (1, 1),
        S.ON_TRACK: (1, 1),
        S.COMPLETED: (0, 1),
        S.DELAYED: (1, 1),
        S.ON_HOLD: (0, 0),
        S.CANCELLED: (0, 1),
    }
    assert (summary.total_cards, summary.total_items) == (3, 6)
    assert (summary.unreported_cards, summary.unreported_items) == (0, 1)
    # 평균진행률 averages the cards' printed 진행률; 완료율 = 완료 / (not 취소).
    assert summary.card_average == tenths(sum(card_percents), 3)
    assert summary.card_completion == tenths(0 * 100, 3)
    # Items: 완료, 정상추진 40, 지연 20, 미착수; 취소 and the unreported one left out.
    assert summary.item_average == tenths(100 + 40 + 20 + 0, 4)
    assert summary.item_completion == tenths(1 * 100, 4)
    assert summary.item_average_text == f"{tenths(160, 4)}%"


def test_cards_carry_items_with_results_amounts_and_reasons(written):
    report = progress_report(written)
    first = report.cards[0]
    assert (first.code, first.title) == ("IV-1", "과제 1")
    assert [node.text for node in first.items[0].result] == ["교육 1회 실시"]
    assert [node.text for node in first.items[0].result[0].children] == ["23명 참석"]
    unreported = report.cards[2].items[1]
    assert (unreported.status, unreported.status_label, unreported.percent_text) == (
        None,
        "미입력",
        "-",
    )
    assert [(card.code, item.status_label, item.reason) for card, item in report.reasons] == [
        ("IV-2", "지연", "용역 발주 지연"),
        ("IV-3", "취소", "사업 폐지"),
    ]
    assert report.changes is None  # no period published before this one
    assert report.cover.title == f"{written.plan.year}년 상반기 주요업무 추진실적"


def test_changes_since_the_last_published_period(plan, session):
    (a1, a2), (b1, b2), _rest = items_of(plan)
    first = open_period(plan, PeriodKind.Q1)
    write(
        first,
        (a1, S.ON_TRACK, 40, ""),
        (a2, S.ON_TRACK, 30, ""),
        (b1, S.ON_TRACK, 10, ""),
    )
    publish(first, session)
    second = open_period(plan, PeriodKind.HALF)
    write(
        second,
        (a1, S.COMPLETED, 100, ""),  # 신규 완료
        (a2, S.ON_TRACK, 30, ""),  # unchanged: not listed
        (b1, S.DELAYED, 10, "예산 미확보"),  # 신규 지연 (the % did not move, the status did)
        (b2, S.ON_TRACK, 5, ""),  # not reported at 1/4분기
    )
    changes = progress_report(second).changes
    assert (changes.previous_label, changes.previous_as_of) == ("1/4분기", first.as_of)
    assert [(line.code, line.order, line.before_text, line.now_text) for line in changes.lines] == [
        ("IV-1", 1, "정상추진 40%", "완료 100%"),
        ("IV-2", 1, "정상추진 10%", "지연 10%"),
        ("IV-2", 2, "미입력 0%", "정상추진 5%"),
    ]
    assert [line.newly_completed for line in changes.lines] == [True, False, False]
    assert [line.newly_delayed for line in changes.lines] == [False, True, False]
    assert (changes.newly_completed, changes.newly_delayed) == (1, 1)


def test_an_unpublished_earlier_period_is_not_compared_with(plan, period):
    (a1, _a2), *_rest = items_of(plan)
    earlier = open_period(plan, PeriodKind.Q1)
    write(earlier, (a1, S.ON_TRACK, 40, ""))
    assert progress_report(period).changes is None


def test_the_report_reads_back_from_its_json_as_it_was(written):
    report = progress_report(written)
    assert load_progress(dump_progress(report)) == report
