"""The admin's front page starts from the work (plans.admin.workspace): each role sees its own
department's plans with their status and what the 게시 전 점검 finds, and what needs it now; never
another department's; the registers follow, 로그인 잠금 last; and the page reads no query per
card."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personnel.roles import PUBLISHER, READER, REVIEWER, WRITER
from plans.admin.workspace import start_plan_url
from plans.models import CardContact, PlanItem, PlanStatus, SessionKind, TaskCard, WorkPlan
from plans.workflow import teamparts
from tests.admin.office import INLINE, build_office, text_of
from tests.factories import (
    CouncilSessionFactory,
    DepartmentFactory,
    TaskCardFactory,
    WorkPlanFactory,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


@pytest.fixture
def office():
    return build_office(cards=3)


def front(office, who: str):
    response = office.client(who).get(INDEX)
    assert response.status_code == 200
    return response


def workspace_of(response):
    return response.context["workspace"]


def plans_shown(response) -> list[WorkPlan]:
    workspace = workspace_of(response)
    return [
        entry.plan for group in workspace.departments for entry in (*group.current, *group.past)
    ]


@pytest.mark.parametrize("who", [WRITER, REVIEWER, PUBLISHER, READER, "writer2"])
def test_every_role_sees_its_department_plans_and_nothing_of_another(office, who):
    response = front(office, who)
    assert plans_shown(response) == [office.plan]
    text = text_of(response)
    assert f"{office.plan.year}년 {office.plan.department.name} 업무계획" in text
    assert "민원과" not in text and office.other_card.title not in text
    # The plan's status and its checks, with the way to it.
    assert "작성 중" in text and "게시 전 점검: 문제 없음" in text
    hub = reverse("admin:plans_workplan_change", args=[office.plan.pk])
    assert hub in response.content.decode()


def test_a_superuser_sees_every_department_grouped_recent_years_first(office):
    older = WorkPlan.objects.create(
        department=office.plan.department,
        year=office.plan.year - 1,
        session=office.plan.session,
        status=PlanStatus.PUBLISHED,
        published_at=office.plan.created_at,
    )
    workspace = workspace_of(front(office, "admin"))
    assert workspace.grouped
    by_department = {
        group.department.name: [entry.plan for entry in (*group.current, *group.past)]
        for group in workspace.departments
    }
    assert by_department[office.plan.department.name] == [office.plan, older]
    assert by_department["민원과"] == [office.other_plan]
    # A published plan is listed among the past ones, unchecked.
    group = next(g for g in workspace.departments if g.department == office.plan.department)
    assert [entry.plan for entry in group.past] == [older]


def test_the_checks_show_their_first_problems_with_links_that_come_back(office):
    card = TaskCard.objects.get(plan=office.plan, number=2)
    CardContact.objects.filter(card=card).delete()
    PlanItem.objects.filter(card=card).delete()
    response = front(office, REVIEWER)
    entry = workspace_of(response).departments[0].current[0]
    assert (entry.errors, entry.warnings) == (1, 1)
    text = text_of(response)
    assert "오류 1건 · 확인 1건" in text
    assert f"오류 IV-2 {card.title}: 담당자가 없습니다. 고치기" in text
    change = reverse("admin:plans_taskcard_change", args=[card.pk])
    assert f'href="{change}?_hub={office.plan.pk}"' in response.content.decode()


def test_a_writer_is_shown_its_team_cards_to_write_and_its_team_mark(office):
    own, other = office.teams[0], office.teams[1]
    empty = TaskCardFactory(plan=office.plan, team=own, number=10, title="빈 과제", overview="")
    TaskCardFactory(plan=office.plan, team=other, number=11, title="남의 빈 과제", overview="")
    response = front(office, WRITER)
    workspace = workspace_of(response)
    assert [(item.card, item.missing) for item in workspace.cards_to_write] == [
        (empty, ["개요", "추진계획", "담당자"])
    ]
    text = text_of(response)
    assert "빈 과제 빠진 것: 개요, 추진계획, 담당자" in text
    assert "남의 빈 과제" not in text
    assert [entry.plan for entry in workspace.to_mark] == [office.plan]
    assert f"{own.name} 몫: 작성 중 작성 완료로 표시" in text
    # The form posts to the plan's 작성 완료 page and comes back here.
    html = response.content.decode()
    assert reverse("admin:plans_workplan_team_part", args=[office.plan.pk]) in html
    assert INLINE.findall(html) == []

    teamparts.set_ready(office.plan, user=office.users[WRITER], ready=True)
    text = text_of(front(office, WRITER))
    assert f"{own.name} 몫: 작성 완료" in text and "작성 완료 취소" in text


def test_a_writer_of_a_plan_in_review_has_nothing_to_write_or_mark(office):
    TaskCardFactory(plan=office.plan, team=office.teams[0], number=10, overview="")
    WorkPlan.objects.filter(pk=office.plan.pk).update(status=PlanStatus.IN_REVIEW)
    workspace = workspace_of(front(office, WRITER))
    assert workspace.cards_to_write == [] and workspace.to_mark == []


def test_a_reviewer_sees_which_teams_are_done_and_plans_in_review(office):
    teamparts.set_ready(office.plan, user=office.users["writer2"], ready=True)
    response = front(office, REVIEWER)
    workspace = workspace_of(response)
    assert [entry.plan for entry in workspace.teams_done] == [office.plan]
    entry = workspace.teams_done[0]
    assert [status.team for status in entry.teams if status.is_ready] == [office.teams[1]]
    text = text_of(response)
    assert "검토 요청 전: 팀별 작성 완료" in text
    assert "3팀 중 1팀 작성 완료" in text
    submit = reverse("admin:plans_workplan_transition", args=[office.plan.pk, "submit"])
    assert submit in response.content.decode()
    assert workspace.to_review == [] and workspace.to_publish == []

    WorkPlan.objects.filter(pk=office.plan.pk).update(status=PlanStatus.IN_REVIEW)
    workspace = workspace_of(front(office, REVIEWER))
    assert [entry.plan for entry in workspace.to_review] == [office.plan]
    assert workspace.teams_done == []
    assert [label for label, _url in workspace.to_review[0].actions] == ["반려", "승인"]


def test_a_publisher_sees_approved_plans_to_publish(office):
    assert workspace_of(front(office, PUBLISHER)).to_publish == []
    WorkPlan.objects.filter(pk=office.plan.pk).update(status=PlanStatus.APPROVED)
    response = front(office, PUBLISHER)
    workspace = workspace_of(response)
    assert [entry.plan for entry in workspace.to_publish] == [office.plan]
    publish = reverse("admin:plans_workplan_transition", args=[office.plan.pk, "publish"])
    assert publish in response.content.decode()
    assert "게시할 업무계획" in text_of(response)
    assert workspace.to_review == [] and workspace.cards_to_write == []


def test_a_reader_has_nothing_to_do(office):
    response = front(office, READER)
    assert not workspace_of(response).has_todos
    assert "지금 처리할 일이 없습니다." in text_of(response)


def test_a_login_without_a_team_is_told_why_and_shown_no_plan(office):
    user = User.objects.create_user("newcomer", password="x", is_staff=True)
    client = Client()
    client.force_login(user)
    response = client.get(INDEX)
    assert "소속 팀이 지정되지 않았습니다. 관리자에게 요청하십시오." in text_of(response)
    assert response.context.get("workspace") is None


def test_the_registers_follow_with_plans_first_and_login_throttling_last(office):
    response = front(office, "admin")
    labels = [app["app_label"] for app in response.context["app_list"]]
    assert labels[:4] == ["plans", "personnel", "budget", "civic"]
    assert labels[-1] == "axes"
    html = response.content.decode()
    # The work comes before the registers.
    assert html.index("지금 할 일") < html.index("관리 목록") < html.index("로그인 잠금")


@pytest.mark.parametrize("who", [REVIEWER, WRITER, "admin"])
def test_the_front_page_reads_no_query_per_card(office, who, django_assert_max_num_queries):
    client = office.client(who)
    client.get(INDEX)  # sessions, permissions and content types settle
    with CaptureQueriesContext(connection) as few:
        client.get(INDEX)
    teams = office.teams
    for number in range(20, 60):
        card = TaskCardFactory(plan=office.plan, team=teams[number % 3], number=number)
        if number % 2:
            card.overview = ""
            card.save()
    with django_assert_max_num_queries(45):
        response = client.get(INDEX)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as many:
        client.get(INDEX)
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_a_new_plan_is_offered_the_latest_session_plans_are_presented_to(db):
    """The summer 정례회 that hears only 추진실적 comes later than the February session, yet a
    department starting its plan is offered February's; with no plan anywhere, the latest."""
    department = DepartmentFactory()
    organization = department.organization
    february = CouncilSessionFactory(organization=organization, number=353)
    september = CouncilSessionFactory(
        organization=organization,
        number=358,
        kind=SessionKind.REGULAR,
        start_date=datetime.date(2023, 9, 5),
        end_date=datetime.date(2023, 9, 15),
    )
    query = parse_qs(urlsplit(start_plan_url(department)).query)
    assert (query["session"], query["year"]) == ([str(september.pk)], ["2023"])

    WorkPlanFactory(department=DepartmentFactory(organization=organization), session=february)
    query = parse_qs(urlsplit(start_plan_url(department)).query)
    assert (query["session"], query["year"]) == ([str(february.pk)], ["2023"])
