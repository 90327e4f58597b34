"""Next year's 추진상황 and II 주요성과 drafted from last year's 추진실적 (plans.workflow.nextyear
with plans.rules.carryover): a plan with a 상반기 and a 연간 period and items in every status,
the drafts against text written by hand, a card without entries keeping the 추진계획 draft,
the 점검 listing the drafts until they are confirmed, and a second start adding nothing."""

from __future__ import annotations

import datetime

import pytest

from plans.models import (
    AchievementGroup,
    AchievementItem,
    CouncilSession,
    ItemProgress,
    PeriodKind,
    ProgressItem,
    ProgressStatus,
    ReportingPeriod,
    SessionKind,
    TaskCard,
    WorkPlan,
)
from plans.workflow.carried import carried_confirm, carried_confirm_card
from plans.workflow.checks import carried_problems
from plans.workflow.nextyear import plan_start_next_year
from tests.factories import PlanItemFactory, TaskCardFactory, TeamFactory, WorkPlanFactory
from tests.publishing import publish_now
from tests.workflow.helpers import staff

pytestmark = pytest.mark.django_db

MARK = "작년에서 가져와 확인하지 않은 항목이 있습니다"


def entry(period, item, status, result="", percent=None, reason=""):
    fixed = {ProgressStatus.COMPLETED: 100, ProgressStatus.NOT_STARTED: 0}
    return ItemProgress.objects.create(
        period=period,
        item=item,
        status=status,
        percent=fixed.get(status, percent or 0),
        result=result,
        reason=reason,
    )


def card_with_items(plan, team, number, title, items, **flags):
    card = TaskCardFactory(plan=plan, team=team, number=number, title=title, **flags)
    made = [
        PlanItemFactory(card=card, order=order, text=text, schedule=schedule)
        for order, (text, schedule) in enumerate(items, start=1)
    ]
    return card, made


@pytest.fixture
def last_year():
    """A published 2023 plan of four cards; 상반기 and 연간 periods with entries for three."""
    plan = WorkPlanFactory(published=True)
    team = TeamFactory(department=plan.department)
    _council, council_items = card_with_items(
        plan,
        team,
        1,
        "주민자치회 운영",
        [
            ("임원 구성", "'23. 1. ~ 2."),
            ("의제 발굴", "'23. 3. ~ 7."),
            ("주민총회 개최", "'23. 8."),
            ("사업 시행", "'24. 3."),
            ("홍보물 제작", "연중"),
            ("우수사례 공유", "'23. 12."),
            ("운영 평가", "'23. 11."),
        ],
        is_continuing=True,
    )
    card_with_items(
        plan,
        team,
        2,
        "고향사랑기부제 시행",
        [("답례품 선정", "'23. 3."), ("홍보", "연중")],
        is_new=True,
    )
    _ended, ended_items = card_with_items(
        plan, team, 3, "우편모아시스템 운영", [("시스템 설치", "'23. 2.")]
    )
    _started, started_items = card_with_items(
        plan, team, 4, "청사 환경 개선", [("설계 용역", "'23. 6.")], is_continuing=True
    )
    publish_now(plan)
    plan.refresh_from_db()
    half = ReportingPeriod.objects.create(
        plan=plan, kind=PeriodKind.HALF, as_of=datetime.date(2023, 6, 30)
    )
    annual = ReportingPeriod.objects.create(
        plan=plan, kind=PeriodKind.ANNUAL, as_of=datetime.date(2023, 12, 31)
    )
    done, agenda, assembly, works, leaflets, sharing, review = council_items
    # 완료 at 상반기 and left out of the 연간 report: its 상반기 report speaks for it.
    entry(half, done, ProgressStatus.COMPLETED, "7개 읍면 임원 구성('23. 2.)\n    운영세칙 제정")
    entry(half, agenda, ProgressStatus.ON_TRACK, "의제 발굴 회의 10회", percent=50)
    entry(annual, agenda, ProgressStatus.COMPLETED, "의제 발굴 회의 21회\n  ※ 읍면별 3회")
    entry(annual, assembly, ProgressStatus.DELAYED, "총회 준비", 30, "장소 섭외 지연")
    entry(annual, works, ProgressStatus.NOT_STARTED, "3월 착수 예정")
    entry(annual, leaflets, ProgressStatus.CANCELLED, "홍보물 시안 작성", reason="예산 미편성")
    entry(annual, sharing, ProgressStatus.COMPLETED)
    entry(annual, review, ProgressStatus.ON_HOLD, "평가 지표 초안 마련", reason="지침 대기")
    entry(annual, ended_items[0], ProgressStatus.COMPLETED, "9개 부서 설치(23. 2.)")
    entry(half, started_items[0], ProgressStatus.ON_TRACK, "설계 용역 발주(23명 응찰)", 40)
    CouncilSession.objects.create(
        organization=plan.session.organization,
        number=plan.session.number + 1,
        kind=SessionKind.EXTRAORDINARY,
        start_date=datetime.date(2024, 2, 15),
        end_date=datetime.date(2024, 2, 22),
    )
    return plan


@pytest.fixture
def chief():
    return staff("chief", team=None, superuser=True)


def progress_of(plan: WorkPlan) -> dict[str, list[tuple[str, str, bool]]]:
    return {
        card.title: [(p.text, p.schedule, p.carried) for p in card.progress_items.all()]
        for card in plan.cards.order_by("section", "number")
    }


def achievements_of(plan: WorkPlan) -> list[tuple[int, str, bool, list[str]]]:
    return [
        (group.order, group.title, group.carried, [i.text for i in group.items.order_by("order")])
        for group in plan.achievement_groups.order_by("order")
    ]


def test_drafts_are_written_from_the_latest_reports(last_year, chief):
    new = plan_start_next_year(plan=last_year, user=chief).plan

    # Carried by default: 계속 cards 1 and 4, 신규 card 2; card 3 ended with its year.
    assert progress_of(new) == {
        "주민자치회 운영": [
            # 상반기 완료; the bracketed schedule becomes the row's 일정, the - line stays out.
            ("7개 읍면 임원 구성", "'23. 2.", True),
            # 연간 완료 over 상반기 정상추진; the ※ remark is not a row.
            ("의제 발굴 회의 21회", "'23. 3. ~ 7.", True),
            # 지연: what was done before the delay, with the planned 일정.
            ("총회 준비", "'23. 8.", True),
            # 미착수 and 취소 give nothing; 완료 without 실적 states the item.
            ("우수사례 공유", "'23. 12.", True),
            ("평가 지표 초안 마련", "'23. 11.", True),
        ],
        # No entries at all: the 추진계획, as before 추진실적 existed.
        "고향사랑기부제 시행": [("답례품 선정", "'23. 3.", True), ("홍보", "연중", True)],
        # (23명 응찰) is no schedule: the line stays whole.
        "청사 환경 개선": [("설계 용역 발주(23명 응찰)", "'23. 6.", True)],
    }
    assert achievements_of(new) == [
        (
            1,
            "주민자치회 운영",
            True,
            [
                "7개 읍면 임원 구성('23. 2.)\n  운영세칙 제정",
                "의제 발굴 회의 21회\n  ※ 읍면별 3회",
                "우수사례 공유",
            ],
        ),
        (2, "고향사랑기부제 시행", True, ["답례품 선정", "홍보"]),
        # Not carried, but 2023's achievement all the same.
        (3, "우편모아시스템 운영", True, ["9개 부서 설치(23. 2.)"]),
        # 청사 환경 개선 reported nothing 완료: no group.
    ]


def test_the_checks_list_the_drafts_until_they_are_confirmed(last_year, chief):
    new = plan_start_next_year(plan=last_year, user=chief).plan
    council = new.cards.get(title="주민자치회 운영")
    drafted = [(p.text, p.schedule) for p in council.progress_items.all()]

    listed = {problem.where: problem.message for problem in carried_problems(new)}
    assert listed[f"{council.code} 주민자치회 운영"] == f"{MARK}: 과제 내용, 추진상황 5건"
    assert listed["II. 2023년 주요성과"] == f"{MARK}: 주요성과 3개"

    carried_confirm(obj=council.progress_items.get(order=1), user=chief)
    listed = {problem.where: problem.message for problem in carried_problems(new)}
    assert listed[f"{council.code} 주민자치회 운영"] == f"{MARK}: 과제 내용, 추진상황 4건"

    carried_confirm_card(card=council, user=chief)
    for group in new.achievement_groups.all():
        carried_confirm(obj=group, user=chief)
    wheres = {problem.where for problem in carried_problems(new)}
    assert f"{council.code} 주민자치회 운영" not in wheres
    assert "II. 2023년 주요성과" not in wheres
    assert not ProgressItem.objects.filter(card=council, carried=True).exists()
    # Confirming clears the mark and keeps the text drafted.
    assert [(p.text, p.schedule) for p in council.progress_items.all()] == drafted


def test_starting_again_drafts_nothing_twice(last_year, chief):
    first = plan_start_next_year(plan=last_year, user=chief)
    counts = (
        TaskCard.objects.count(),
        ProgressItem.objects.count(),
        AchievementGroup.objects.count(),
        AchievementItem.objects.count(),
    )

    again = plan_start_next_year(plan=last_year, user=chief)

    assert (again.created, again.plan.pk) == (False, first.plan.pk)
    assert WorkPlan.objects.filter(department=last_year.department, year=2024).count() == 1
    assert (
        TaskCard.objects.count(),
        ProgressItem.objects.count(),
        AchievementGroup.objects.count(),
        AchievementItem.objects.count(),
    ) == counts
