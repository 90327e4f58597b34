"""The plan page compared with the department's previous year: staffing per team, and which
task cards are new, continued or dropped."""

import pytest

from plans.models import WorkPlan
from tests.factories import (
    CouncilSessionFactory,
    GradeFactory,
    StaffingCountFactory,
    TaskCardFactory,
    TeamFactory,
    WorkPlanFactory,
)
from tests.helpers import text_of
from tests.publishing import publish_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years():
    return build_two_years(publish_previous=True)


def build_two_years(*, publish_previous: bool) -> WorkPlan:
    current = WorkPlanFactory(published=True, year=2023)
    department = current.department
    previous = WorkPlan.objects.create(
        department=department,
        year=2022,
        session=CouncilSessionFactory(organization=department.bureau.organization),
    )
    admin, general = (TeamFactory(department=department, name=n) for n in ("행정팀", "서무팀"))
    grade = GradeFactory(name="6급")
    for year, admin_count, general_count in [(2022, 5, 4), (2023, 6, 4)]:
        StaffingCountFactory(
            year=year, team=admin, grade=grade, current=admin_count, authorized=admin_count
        )
        StaffingCountFactory(
            year=year, team=general, grade=grade, current=general_count, authorized=general_count
        )
    TaskCardFactory(plan=previous, number=1, team=admin, title="기록관리기준표 정비")
    TaskCardFactory(plan=previous, number=2, team=admin, title="주민자치회 시범 실시")
    TaskCardFactory(plan=current, number=1, team=admin, title="기록관리기준표  정비")
    TaskCardFactory(plan=current, number=2, team=general, title="고향사랑기부제 추진")
    if publish_previous:
        publish_now(previous)
    publish_now(current)
    return current


def test_new_continued_and_dropped_cards_are_named(client, two_years):
    text = text_of(client.get(two_years.get_absolute_url()))
    assert "신규 과제 1개 IV-2 고향사랑기부제 추진" in text
    assert "계속 과제 1개 IV-1 기록관리기준표 정비" in text  # spacing differences do not matter
    assert "종료 과제 1개 주민자치회 시범 실시" in text


def test_staffing_change_per_team(client, two_years):
    text = text_of(client.get(two_years.get_absolute_url()))
    assert "합계 10 9 1(11.1%)" in text
    assert "행정팀 6 5 1(20.0%)" in text
    assert "서무팀 4 4 0(0%)" in text


def test_without_a_previous_plan_the_page_says_so(client):
    plan = WorkPlanFactory()
    publish_now(plan)
    text = text_of(client.get(plan.get_absolute_url()))
    assert f"{plan.year - 1}년 업무계획이 포털에 없어 과제는 비교하지 않습니다." in text


def test_an_unpublished_previous_plan_is_not_compared(client):
    current = build_two_years(publish_previous=False)
    text = text_of(client.get(current.get_absolute_url()))
    assert "종료 과제" not in text
    assert "주민자치회 시범 실시" not in text
