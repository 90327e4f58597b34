"""The reporting period and the progress entry: every rule both ways, in Korean naming the
field, in clean() and in the database."""

import datetime
from decimal import Decimal

import pytest

from plans.models import ItemProgress, PeriodKind, PeriodStatus, ProgressStatus, ReportingPeriod
from tests.factories import PlanItemFactory, TaskCardFactory, WorkPlanFactory
from tests.helpers import assert_database_refuses, assert_invalid, assert_valid
from tests.progress.conftest import open_period

pytestmark = pytest.mark.django_db


def test_regular_period_takes_its_last_day(plan):
    assert open_period(plan, PeriodKind.Q1).as_of == datetime.date(plan.year, 3, 31)
    assert open_period(plan, PeriodKind.HALF).as_of == datetime.date(plan.year, 6, 30)
    assert str(open_period(plan, PeriodKind.ANNUAL)) == f"{plan.year}년 연간"


def test_custom_period_needs_a_name_and_a_date_of_the_year(plan):
    assert_invalid(
        ReportingPeriod(plan=plan, kind=PeriodKind.CUSTOM, as_of=datetime.date(2023, 11, 10)),
        "기준일로 보고할 때는 이름을 입력하십시오.",
    )
    assert_invalid(
        ReportingPeriod(plan=plan, kind=PeriodKind.CUSTOM, name="행정사무감사"),
        "기준일을 입력하십시오.",
    )
    assert_invalid(
        ReportingPeriod(
            plan=plan, kind=PeriodKind.CUSTOM, name="감사", as_of=datetime.date(2024, 1, 5)
        ),
        "기준일은 2023년 안의 날짜여야 합니다.",
    )
    audit = open_period(
        plan, PeriodKind.CUSTOM, name="행정사무감사", as_of=datetime.date(2023, 11, 10)
    )
    assert audit.label == "행정사무감사(2023. 11. 10. 기준)"
    assert_database_refuses(
        ReportingPeriod(plan=plan, kind=PeriodKind.CUSTOM, as_of=datetime.date(2023, 11, 11))
    )


def test_one_period_of_each_regular_kind(plan, period):
    assert_invalid(
        ReportingPeriod(plan=plan, kind=PeriodKind.HALF),
        "이 업무계획에 같은 보고 시기가 이미 있습니다.",
    )


def test_only_a_published_plan_reports_progress():
    draft = WorkPlanFactory()
    assert_invalid(
        ReportingPeriod(plan=draft, kind=PeriodKind.HALF),
        "추진실적은 게시된 업무계획에 대해 보고합니다. 이 업무계획은 아직 게시되지 않았습니다.",
    )


def test_public_period_has_a_time(plan):
    assert_database_refuses(
        ReportingPeriod(
            plan=plan,
            kind=PeriodKind.Q1,
            as_of=datetime.date(2023, 3, 31),
            status=PeriodStatus.PUBLIC,
        )
    )


def entry(period, item, **fields) -> ItemProgress:
    values = {"status": ProgressStatus.ON_TRACK, "percent": 50} | fields
    return ItemProgress(period=period, item=item, **values)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"percent": 120}, "진행률은 0에서 100 사이로 입력하십시오(입력: 120)."),
        ({"status": ProgressStatus.COMPLETED, "percent": 40}, "완료 상태의 진행률은 100%입니다"),
        ({"status": ProgressStatus.NOT_STARTED, "percent": 5}, "미착수 상태의 진행률은 0%입니다"),
        ({"status": ProgressStatus.DELAYED}, "지연 상태에는 사유를 입력하십시오."),
        ({"status": ProgressStatus.ON_HOLD}, "유보 상태에는 사유를 입력하십시오."),
        ({"status": ProgressStatus.CANCELLED, "percent": 0}, "취소 상태에는 사유를 입력하십시오."),
        ({"target_amount": Decimal(4)}, "목표·실적 수량에는 단위를 입력하십시오."),
        ({"result": "교육 실시\n  ※"}, "2번째 줄: 기호 뒤에 내용이 없습니다."),
    ],
)
def test_entry_refuses_contradictions(period, own_card, fields, message):
    item = own_card.plan_items.first()
    assert_invalid(entry(period, item, **fields), message)


@pytest.mark.parametrize(
    "fields",
    [
        {"percent": 120},
        {"status": ProgressStatus.COMPLETED, "percent": 40},
        {"status": ProgressStatus.NOT_STARTED, "percent": 5},
        {"status": ProgressStatus.DELAYED},
        {"actual_amount": Decimal(3)},
    ],
)
def test_database_refuses_contradictions(period, own_card, fields):
    assert_database_refuses(entry(period, own_card.plan_items.first(), **fields))


def test_valid_entries(period, own_card):
    first, second = own_card.plan_items.order_by("order")
    assert_valid(entry(period, first, status=ProgressStatus.COMPLETED, percent=100))
    assert_valid(
        entry(
            period,
            second,
            status=ProgressStatus.DELAYED,
            percent=30,
            reason="예산 미확보",
            target_amount=Decimal(4),
            actual_amount=Decimal(1),
            unit="명",
            result="교육 1회 실시\n  ※ 하반기 2회 예정",
        )
    )


def test_entry_of_another_plans_item_is_refused(period):
    other = WorkPlanFactory(published=True, year=2023)
    item = PlanItemFactory(card=TaskCardFactory(plan=other))
    assert_invalid(entry(period, item), "이 보고 시기의 업무계획에 있는 추진계획이 아닙니다.")


def test_entries_keep_history(period, own_card):
    item = own_card.plan_items.first()
    saved = entry(period, item)
    saved.save()
    saved.percent = 70
    saved.save()
    assert list(saved.history.values_list("percent", flat=True)) == [70, 50]


def test_an_entry_goes_with_its_item_and_its_history_stays(period, own_card):
    """A revision or an import replaces 추진계획 rows; their entries go with them (CASCADE)
    rather than blocking it, and the change history still has what they said."""
    item, kept = own_card.plan_items.order_by("order")[:2]
    gone = entry(period, item)
    gone.save()
    other = entry(period, kept)
    other.save()

    item.delete()

    assert list(ItemProgress.objects.values_list("pk", flat=True)) == [other.pk]
    records = ItemProgress.history.filter(id=gone.pk).order_by("history_id")
    assert [(r.history_type, r.result, r.percent) for r in records] == [
        ("+", gone.result, gone.percent),
        ("-", gone.result, gone.percent),
    ]
