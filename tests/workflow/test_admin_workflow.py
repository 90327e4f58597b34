"""The workflow in the admin (plans.admin.workflow): the 처리 panel on a plan's page, the
confirmation page of each transition, the changelist actions, the admin's log, and the status
that only the workflow changes."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from plans.models import CardContact, PlanEvent, PlanStatus, WorkPlan
from tests.admin.forms import change_form_data
from tests.factories import DepartmentFactory, TeamFactory
from tests.helpers import text_of
from tests.workflow.helpers import (
    ACTIONS,
    APPROVE,
    SUBMIT,
    bring_to,
    publishable_plan,
    staff,
    team_of,
)

pytestmark = pytest.mark.django_db

VIEW = "plans.view_workplan"


def change_url(plan: WorkPlan) -> str:
    return reverse("admin:plans_workplan_change", args=[plan.pk])


def transition_url(plan: WorkPlan, action: str) -> str:
    return reverse("admin:plans_workplan_transition", args=[plan.pk, action])


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def log_entries(plan: WorkPlan):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(WorkPlan),
        object_id=str(plan.pk),
        action_flag=CHANGE,
    )


def messages_of(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


def buttons(page: str, plan: WorkPlan) -> list[str]:
    """The transitions the 처리 panel offers, by their links."""
    return [action for action in ACTIONS if transition_url(plan, action) in page]


# ---------------------------------------------------------------------------------------------
# The 처리 panel


def test_the_panel_offers_only_what_the_user_may_do():
    plan = publishable_plan(cards=1)
    writer = staff("writer", team=team_of(plan), perms=[VIEW, SUBMIT])
    page = logged_in(writer).get(change_url(plan))
    assert page.status_code == 200
    html = page.content.decode()
    assert "처리" in text_of(page)
    assert "지금 상태: 작성 중" in text_of(page)
    assert buttons(html, plan) == ["submit"]

    reader = staff("reader", team=team_of(plan), perms=[VIEW])
    page = logged_in(reader).get(change_url(plan))
    assert page.status_code == 200
    assert "지금 상태: 작성 중" in text_of(page)
    assert "/workflow/" not in page.content.decode()

    reviewer = staff("reviewer", team=team_of(plan), perms=[VIEW, SUBMIT, APPROVE])
    plan = bring_to(plan, PlanStatus.IN_REVIEW)
    html = logged_in(reviewer).get(change_url(plan)).content.decode()
    assert buttons(html, plan) == ["return", "approve"]


def test_the_panel_lists_the_checks_with_links_to_fix_them(admin_client):
    plan = publishable_plan(cards=2)
    card = plan.cards.get(number=2)
    CardContact.objects.filter(card=card).delete()
    page = admin_client.get(change_url(plan))
    text = text_of(page)
    assert "게시 전 점검" in text
    assert f"오류 IV-2 {card.title}: 담당자가 없습니다. 고치기" in text
    assert "오류가 남아 있으면 승인하거나 게시할 수 없습니다." in text
    card_admin = reverse("admin:plans_taskcard_change", args=[card.pk])
    assert f'<a href="{card_admin}">고치기</a>' in page.content.decode()


def test_the_panel_shows_the_log_and_the_versions(admin_client):
    plan = bring_to(publishable_plan(cards=1), PlanStatus.PUBLISHED)
    text = text_of(admin_client.get(change_url(plan)))
    assert "처리 이력" in text
    for label in ("검토 요청", "승인", "게시"):
        assert label in text
    assert f"{plan.session} 보고본 (제1판)" in text
    assert "공개 중" in text


# ---------------------------------------------------------------------------------------------
# The confirmation page


def test_the_transition_page_asks_and_the_post_makes_the_transition():
    plan = publishable_plan(cards=1)
    writer = staff("writer", team=team_of(plan), perms=[VIEW, SUBMIT], full_name="김작성")
    client = logged_in(writer)
    page = client.get(transition_url(plan, "submit"))
    assert page.status_code == 200
    assert "작성을 마치고 검토를 요청합니다." in text_of(page)
    assert 'name="note"' in page.content.decode()

    response = client.post(transition_url(plan, "submit"), {"note": "검토 부탁드립니다"})
    assert response.status_code == 302
    assert response["Location"] == change_url(plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    event = PlanEvent.objects.get(plan=plan)
    assert (event.action, event.actor, event.actor_name, event.note) == (
        "submit",
        writer,
        "김작성",
        "검토 부탁드립니다",
    )
    (entry,) = log_entries(plan)
    assert entry.user == writer
    # Plain text, read as it is by the history page and 최근 작업.
    assert entry.change_message == "검토 요청: 작성 중 → 검토 중 (의견: 검토 부탁드립니다)"
    assert entry.get_change_message() == entry.change_message
    followed = client.get(change_url(plan))
    assert ("success", "검토 요청했습니다. 지금 상태: 검토 중") in messages_of(followed)


def test_returning_needs_a_reason_on_the_page():
    plan = bring_to(publishable_plan(cards=1), PlanStatus.IN_REVIEW)
    reviewer = staff("reviewer", team=team_of(plan), perms=[VIEW, APPROVE])
    client = logged_in(reviewer)
    events = PlanEvent.objects.filter(plan=plan).count()

    refused = client.post(transition_url(plan, "return"), {"note": "  "})
    assert refused.status_code == 200
    assert "반려 사유를 적어 주십시오." in text_of(refused)
    assert "반려 사유" in text_of(refused)  # the field's label says it is needed
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    assert PlanEvent.objects.filter(plan=plan).count() == events
    assert not log_entries(plan).exists()

    done = client.post(transition_url(plan, "return"), {"note": "예산표를 고쳐 주십시오"})
    assert done.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.events.first().note == "예산표를 고쳐 주십시오"
    assert log_entries(plan).count() == 1


def test_a_user_without_the_permission_gets_403():
    plan = bring_to(publishable_plan(cards=1), PlanStatus.IN_REVIEW)
    reader = staff("reader", team=team_of(plan), perms=[VIEW, SUBMIT])
    client = logged_in(reader)
    assert client.get(transition_url(plan, "approve")).status_code == 403
    assert client.post(transition_url(plan, "approve"), {"note": ""}).status_code == 403
    assert client.post(transition_url(plan, "return"), {"note": "사유"}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_REVIEW
    assert not log_entries(plan).exists()


def test_a_plan_of_another_department_is_not_found():
    plan = bring_to(publishable_plan(cards=1), PlanStatus.IN_REVIEW)
    outsider = staff(
        "outsider", team=TeamFactory(department=DepartmentFactory()), perms=[VIEW, APPROVE]
    )
    client = logged_in(outsider)
    assert client.get(change_url(plan)).status_code == 404
    assert client.post(transition_url(plan, "approve"), {"note": ""}).status_code == 404
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.IN_REVIEW


def test_a_transition_from_the_wrong_status_sends_back_with_a_message(admin_client):
    plan = publishable_plan(cards=1)
    response = admin_client.get(transition_url(plan, "approve"), follow=True)
    assert response.redirect_chain == [(change_url(plan), 302)]
    assert ("error", "'작성 중' 상태에서는 승인할 수 없습니다.") in messages_of(response)
    assert admin_client.post(transition_url(plan, "nonsense")).status_code == 404


def test_the_approve_page_shows_the_blocking_problems_and_no_button(admin_client):
    plan = bring_to(publishable_plan(cards=1), PlanStatus.IN_REVIEW)
    card = plan.cards.get()
    CardContact.objects.filter(card=card).delete()
    page = admin_client.get(transition_url(plan, "approve"))
    assert page.status_code == 200
    text = text_of(page)
    assert f"IV-1 {card.title}: 담당자가 없습니다." in text
    assert "점검 오류를 고친 뒤에 승인할 수 있습니다." in text
    assert '<input type="submit"' not in page.content.decode()
    # Posting anyway is refused by the workflow, with its reasons on the page.
    refused = admin_client.post(transition_url(plan, "approve"), {"note": ""})
    assert refused.status_code == 200
    assert "점검에서 오류 1건이 나와 승인할 수 없습니다." in text_of(refused)
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.IN_REVIEW


# ---------------------------------------------------------------------------------------------
# Changelist actions


def test_the_bulk_approval_reports_every_plan_by_name(admin_client):
    good = bring_to(publishable_plan(cards=1), PlanStatus.IN_REVIEW)
    bad = bring_to(publishable_plan(cards=1), PlanStatus.IN_REVIEW)
    CardContact.objects.filter(card__plan=bad).delete()
    changelist = reverse("admin:plans_workplan_changelist")
    assert "선택한 업무계획 승인" in admin_client.get(changelist).content.decode()

    response = admin_client.post(
        changelist,
        {"action": "workflow_approve", "_selected_action": [good.pk, bad.pk], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    messages = messages_of(response)
    good_name, bad_name = str(WorkPlan.objects.get(pk=good.pk)), str(bad)
    assert ("success", f"{good_name}: 승인했습니다. 지금 상태: 승인") in messages
    errors = [text for level, text in messages if level == "error"]
    assert len(errors) == 1
    assert errors[0].startswith(f"{bad_name}: 점검에서 오류 1건이 나와 승인할 수 없습니다.")
    assert "담당자가 없습니다." in errors[0]
    assert WorkPlan.objects.get(pk=good.pk).status == PlanStatus.APPROVED
    assert WorkPlan.objects.get(pk=bad.pk).status == PlanStatus.IN_REVIEW
    assert log_entries(good).count() == 1
    assert not log_entries(bad).exists()


def test_the_bulk_action_is_offered_only_with_the_permission():
    plan = bring_to(publishable_plan(cards=1), PlanStatus.IN_REVIEW)
    changelist = reverse("admin:plans_workplan_changelist")
    reader = staff("reader", team=team_of(plan), perms=[VIEW])
    assert "선택한 업무계획 승인" not in logged_in(reader).get(changelist).content.decode()
    reviewer = staff("reviewer", team=team_of(plan), perms=[VIEW, APPROVE])
    assert "선택한 업무계획 승인" in logged_in(reviewer).get(changelist).content.decode()


# ---------------------------------------------------------------------------------------------
# The status is the workflow's


def test_the_status_cannot_be_posted_through_the_change_form(admin_client):
    plan = publishable_plan(cards=1)
    page = admin_client.get(change_url(plan))
    assert "status" not in page.context["adminform"].form.fields
    data = change_form_data(page)
    data.update(
        {
            "status": PlanStatus.PUBLISHED,
            "published_at": "2023-02-16 10:00",
            "policy_goal": "새 목표",
        }
    )
    response = admin_client.post(change_url(plan), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.policy_goal == "새 목표"  # the form was saved …
    assert plan.status == PlanStatus.DRAFT  # … but not its status
    assert plan.published_at is None
    assert plan.public_version is None
    assert not plan.events.exists()
