import datetime

import pytest

from plans.models import AchievementItem, CouncilSession, PlanItem, PlanStatus, TaskCard
from tests.factories import (
    AchievementItemFactory,
    CardContactFactory,
    CouncilSessionFactory,
    DepartmentFactory,
    ElectionFactory,
    OfficerFactory,
    PlanItemFactory,
    TaskCardFactory,
    TeamFactory,
    WelfareProgramFactory,
    WorkPlanFactory,
)
from tests.helpers import assert_database_refuses, assert_invalid, assert_valid

pytestmark = pytest.mark.django_db


def test_a_session_ends_after_it_starts_and_its_number_is_unique():
    session = CouncilSessionFactory(number=353)
    backwards = CouncilSession(
        organization=session.organization,
        number=354,
        kind="regular",
        start_date=datetime.date(2023, 2, 23),
        end_date=datetime.date(2023, 2, 16),
    )
    assert_invalid(backwards, "종료일은 시작일보다 빠를 수 없습니다.")
    assert_database_refuses(backwards)
    again = CouncilSessionFactory.build(organization=session.organization, number=353)
    assert_invalid(again, "같은 회차의 회기가 이미 있습니다.")


def test_a_published_plan_records_when_it_was_published():
    plan = WorkPlanFactory()
    plan.status = PlanStatus.PUBLISHED
    assert_invalid(plan, "게시된 업무계획에는 게시 시각이 있어야 합니다.")
    assert_database_refuses(plan)


def test_one_plan_per_department_and_year():
    plan = WorkPlanFactory()
    again = WorkPlanFactory.build(department=plan.department, session=plan.session)
    assert_invalid(again, "이 과의 같은 연도 업무계획이 이미 있습니다.")
    assert_database_refuses(again)


def test_a_plan_is_presented_to_its_own_county_council():
    plan = WorkPlanFactory.build(department=DepartmentFactory())
    from tests.factories import OrganizationFactory

    plan.session = CouncilSessionFactory(organization=OrganizationFactory(name="충주시"))
    assert_invalid(plan, "이 과가 속한 기관의 의회 회기를 선택하십시오.")


def test_card_numbers_are_unique_per_section():
    card = TaskCardFactory(number=1)
    again = TaskCardFactory.build(plan=card.plan, team=card.team, number=1)
    assert_invalid(again, "같은 구분에 같은 번호의 과제가 이미 있습니다.")
    assert_database_refuses(again)
    assert_valid(TaskCardFactory.build(plan=card.plan, team=card.team, number=1, section="special"))


def test_a_card_team_belongs_to_the_plan_department():
    card = TaskCardFactory.build(plan=WorkPlanFactory(), team=TeamFactory())
    assert_invalid(card, "이 업무계획을 작성하는 과의 팀을 선택하십시오.")


def test_card_kinds_print_in_report_order():
    card = TaskCard(is_continuing=True, is_pending_issue=True)
    assert card.kinds == ["계속", "현안"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("23. 3.", "'23. 3."),
        ("23. 5. ~ 9.", "'23. 5. ~ 9."),
        ("연중", "연중"),
        ("3월, 9월", "3월, 9월"),
    ],
)
def test_schedules_are_stored_in_the_seed_style(typed, stored):
    item = PlanItemFactory.build(card=TaskCardFactory(), schedule=typed)
    assert_valid(item)
    assert item.schedule == stored


# (Words without a digit, such as 내년쯤, are kept as text: plans.rules.schedules.)
@pytest.mark.parametrize("typed", ["23. 13.", "내년 3분기쯤", "23. 9. ~ 5."])
def test_schedules_that_do_not_parse_are_refused_naming_the_input(typed):
    item = PlanItemFactory.build(card=TaskCardFactory(), schedule=typed)
    assert_invalid(item, "일정")


def test_plan_item_order_numbers_are_unique_per_card():
    item = PlanItemFactory(order=1)
    again = PlanItem(card=item.card, order=1, text="다른 항목")
    assert_invalid(again, "같은 순서 번호가 이미 있습니다.")
    assert_database_refuses(again)


def test_a_contact_works_in_the_plan_department_and_appears_once():
    contact = CardContactFactory()
    stranger = CardContactFactory.build(card=contact.card, officer=OfficerFactory(), order=2)
    assert_invalid(stranger, "이 업무계획을 작성하는 과의 담당자를 선택하십시오.")
    twice = CardContactFactory.build(card=contact.card, officer=contact.officer, order=3)
    assert_invalid(twice, "같은 담당자가 이미 있습니다.")
    assert_database_refuses(twice)


def test_an_achievement_item_reports_one_record_at_most_and_is_never_empty():
    item = AchievementItemFactory()
    organization = item.group.plan.department.bureau.organization
    both = AchievementItem(
        group=item.group,
        order=2,
        election=ElectionFactory(organization=organization),
        welfare_program=WelfareProgramFactory(department=item.group.plan.department),
    )
    assert_invalid(both, "선거와 후생복지 사업 중 하나만 연결하십시오.")
    assert_database_refuses(both)
    empty = AchievementItem(group=item.group, order=3, text="  ")
    assert_invalid(empty, "내용을 입력하거나 선거·후생복지 사업을 연결하십시오.")


def test_outline_text_with_an_empty_marker_is_refused_naming_the_line():
    card = TaskCardFactory.build(plan=WorkPlanFactory())
    card.team = TeamFactory(department=card.plan.department)
    card.policies = "첫째 방침\n※"
    assert_invalid(card, "2번째 줄")


def test_key_tasks_fit_the_circled_numbers_and_have_no_sub_lines():
    plan = WorkPlanFactory()
    plan.key_tasks = "\n".join(f"과제 {n}" for n in range(1, 21))
    assert_valid(plan)
    plan.key_tasks += "\n과제 21"
    assert_invalid(plan, "역점과제는 20개까지 적을 수 있습니다(지금 21개).")
    plan.key_tasks = "첫째 과제\n  세부 내용\n둘째 과제"
    assert_invalid(plan, "1번째 역점과제 아래에 들여쓴 줄이 있습니다.")
