"""작성 완료 (plans.workflow.teamparts): a 작성자 marks its team's part of a draft plan done and
may clear it; nobody else may, and not on a plan in review or later; the marks are cleared when
the plan returns to draft (반려, 개정판 작성 시작); the 처리 panel shows them, and 검토 요청 stays
possible with teams not done, its confirmation page naming them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from personnel.roles import PUBLISHER, READER, REVIEWER, WRITER
from plans.models import PlanStatus, TeamPart, WorkPlan
from plans.workflow import services, teamparts
from tests.admin.office import INLINE, build_office, text_of
from tests.workflow.helpers import bring_to, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return build_office(cards=3)


def mark(office, who: str, ready: bool, *, follow: bool = False, **extra):
    url = reverse("admin:plans_workplan_team_part", args=[office.plan.pk])
    return office.client(who).post(url, {"ready": "1" if ready else "0", **extra}, follow=follow)


def ready_teams(plan) -> list[str]:
    return list(
        TeamPart.objects.filter(plan=plan, ready_at__isnull=False).values_list(
            "team__name", flat=True
        )
    )


def hub_url(plan) -> str:
    return reverse("admin:plans_workplan_change", args=[plan.pk])


def test_a_writer_marks_its_team_part_done_and_clears_it(office):
    own = office.teams[0]
    response = mark(office, WRITER, True)
    assert response.status_code == 302
    assert response["Location"] == f"{hub_url(office.plan)}#workflow-teams"
    assert ready_teams(office.plan) == [own.name]
    part = TeamPart.objects.get(plan=office.plan, team=own)
    assert part.ready_by == office.users[WRITER]
    assert part.history.order_by("-history_id").first().history_change_reason == "작성 완료 표시"

    page = mark(office, WRITER, False, follow=True)
    assert f"{own.name} 작성 완료 표시를 취소했습니다." in text_of(page)
    assert ready_teams(office.plan) == []
    part.refresh_from_db()
    assert part.ready_by is None
    assert part.history.order_by("-history_id").first().history_change_reason == "작성 완료 취소"


def test_marking_twice_changes_nothing_and_clearing_an_unmarked_part_writes_nothing(office):
    assert mark(office, WRITER, False).status_code == 302
    assert not TeamPart.objects.exists()
    mark(office, WRITER, True)
    first = TeamPart.objects.get().ready_at
    mark(office, WRITER, True)
    assert TeamPart.objects.get().ready_at == first


def test_each_writer_marks_its_own_team_only(office):
    mark(office, WRITER, True)
    mark(office, "writer2", True)
    assert sorted(ready_teams(office.plan)) == sorted([office.teams[0].name, office.teams[1].name])


@pytest.mark.parametrize("who", [REVIEWER, PUBLISHER, READER, "admin"])
def test_nobody_but_a_writer_of_the_team_may_mark_it(office, who):
    assert mark(office, who, True).status_code == 403
    assert not TeamPart.objects.exists()
    with pytest.raises(PermissionDenied):
        teamparts.set_ready(office.plan, user=office.users[who], ready=True)


def test_a_writer_of_another_department_does_not_reach_the_plan(office):
    outsider = staff("outsider", team=office.other_card.team, groups=[WRITER], full_name="박 작성")
    client = Client()
    client.force_login(outsider)
    url = reverse("admin:plans_workplan_team_part", args=[office.plan.pk])
    assert client.post(url, {"ready": "1"}).status_code == 404
    with pytest.raises(PermissionDenied):
        teamparts.set_ready(office.plan, user=outsider, ready=True)


@pytest.mark.parametrize(
    "status", [PlanStatus.IN_REVIEW, PlanStatus.APPROVED, PlanStatus.PUBLISHED]
)
def test_only_a_draft_takes_or_loses_a_mark(office, status):
    mark(office, WRITER, True)
    WorkPlan.objects.filter(pk=office.plan.pk).update(status=status, published_at=timezone.now())
    page = mark(office, WRITER, False, follow=True)
    assert "상태라 고칠 수 없습니다" in text_of(page)
    assert ready_teams(office.plan) == [office.teams[0].name]
    with pytest.raises(ValidationError):
        teamparts.set_ready(office.plan, user=office.users["writer2"], ready=True)


@pytest.mark.parametrize("path", [["submit", "return"], ["submit", "approve", "return"]])
def test_a_return_to_draft_clears_every_mark(office, path):
    mark(office, WRITER, True)
    mark(office, "writer2", True)
    reviewer = office.users[REVIEWER]
    for action in path:
        services.perform(plan=office.plan, action=action, user=reviewer, note="다시 보십시오")
    assert WorkPlan.objects.get(pk=office.plan.pk).status == PlanStatus.DRAFT
    assert ready_teams(office.plan) == []
    part = TeamPart.objects.get(plan=office.plan, team=office.teams[0])
    record = part.history.order_by("-history_id").first()
    assert record.history_change_reason == "반려: 작성 완료 표시를 지웠습니다"
    assert record.history_user == reviewer


def test_a_new_revision_starts_with_no_mark(office):
    mark(office, WRITER, True)
    plan = bring_to(office.plan, PlanStatus.PUBLISHED)
    assert ready_teams(plan) == [office.teams[0].name]  # kept through review and publishing
    services.plan_start_revision(plan=plan, user=office.users[REVIEWER])
    assert ready_teams(plan) == []


def test_the_panel_shows_each_team_and_the_writer_its_button(office):
    mark(office, "writer2", True)
    page = office.client(WRITER).get(hub_url(office.plan))
    text = text_of(page)
    assert "팀별 작성 완료" in text
    for team in office.teams:
        assert team.name in text
    assert f"{office.teams[1].name} 작성 완료" in text
    html = page.content.decode()
    assert 'form="team-part-form" name="ready" value="1"' in html
    assert 'id="team-part-form"' in html
    assert INLINE.findall(html) == []
    # A 검토자 sees the marks and no button.
    html = office.client(REVIEWER).get(hub_url(office.plan)).content.decode()
    assert "팀별 작성 완료" in html and 'form="team-part-form"' not in html


def test_submitting_for_review_names_the_teams_not_done_and_goes_ahead(office):
    mark(office, WRITER, True)
    client = office.client(REVIEWER)
    url = reverse("admin:plans_workplan_transition", args=[office.plan.pk, "submit"])
    page = client.get(url)
    text = text_of(page)
    assert "아직 작성 완료로 표시하지 않은 팀이 2팀 있습니다." in text
    assert office.teams[1].name in text and office.teams[2].name in text
    assert page.context["teams_not_ready"] == office.teams[1:]
    assert client.post(url, {"note": ""}).status_code == 302
    assert WorkPlan.objects.get(pk=office.plan.pk).status == PlanStatus.IN_REVIEW


def test_the_front_page_form_comes_back_to_the_front_page(office):
    index = reverse("admin:index")
    response = mark(office, WRITER, True, next=index)
    assert response["Location"] == index
    # Anything but a page of this admin is ignored.
    response = mark(office, WRITER, False, next="https://elsewhere.example/admin/")
    assert response["Location"] == f"{hub_url(office.plan)}#workflow-teams"
