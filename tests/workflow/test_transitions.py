"""The editorial workflow (plans.workflow.transitions, made by plans.workflow.services): every
status × action pair, who may make a transition, what it records, what it refuses and why, and
what the public sees after each."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from personnel import roles
from plans.models import CardContact, PlanEvent, PlanStatus, PublishedVersion, WorkPlan
from plans.workflow import services
from plans.workflow import transitions as workflow
from plans.workflow.services import (
    plan_approve,
    plan_publish,
    plan_start_revision,
    plan_submit,
    plan_withdraw,
)
from plans.workflow.transitions import TRANSITIONS, WorkflowError
from tests.factories import DepartmentFactory, TeamFactory
from tests.helpers import text_of
from tests.workflow.helpers import (
    ACTIONS,
    ALLOWED,
    PERMISSION,
    STATUSES,
    WORKFLOW_PERMS,
    bring_to,
    make,
    publishable_plan,
    staff,
    team_of,
)

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2023, 2, 10, 9, 30, tzinfo=datetime.UTC)


def freeze_clock(monkeypatch, at: datetime.datetime = AT) -> datetime.datetime:
    """The workflow's clock stands at ``at``: the recorded times are known exactly."""
    monkeypatch.setattr(services, "timezone", SimpleNamespace(now=lambda: at))
    return at


def state(plan: WorkPlan) -> dict:
    """Everything a refused transition must leave as it was."""
    stored = WorkPlan.objects.get(pk=plan.pk)
    return {
        "status": stored.status,
        "published_at": stored.published_at,
        "public_version": stored.public_version_id,
        "events": list(PlanEvent.objects.filter(plan=plan).values_list("pk", flat=True)),
        "versions": list(
            PublishedVersion.objects.filter(plan=plan).values_list("pk", "withdrawn_at")
        ),
    }


def reviewer_of(plan: WorkPlan):
    """A login of the plan's department with all four workflow permissions (not a superuser)."""
    return staff("reviewer", team=team_of(plan), perms=WORKFLOW_PERMS, full_name="박검토")


def first_source(action: str) -> str:
    return TRANSITIONS[action].sources[0]


# ---------------------------------------------------------------------------------------------
# Every status × action


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
def test_every_status_and_action(monkeypatch, status, action):
    plan = bring_to(publishable_plan(cards=1), status)
    user = reviewer_of(plan)
    before = state(plan)
    at = freeze_clock(monkeypatch)
    target = ALLOWED.get((status, action))

    if target is None:
        assert not workflow.allowed(TRANSITIONS[action], plan, user)
        with pytest.raises(WorkflowError) as refused:
            make(action, plan, user=user, note="사유")
        label = PlanStatus(status).label
        verb = TRANSITIONS[action].action.label
        assert refused.value.messages[0].startswith(
            f"'{label}' 상태에서는 {verb}할 수 없습니다. 가능한 상태: "
        )
        assert state(plan) == before
        return

    assert workflow.allowed(TRANSITIONS[action], plan, user)
    event = make(action, plan, user=user, note="  검토 의견  ")
    plan.refresh_from_db()
    assert plan.status == target
    stored = PlanEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.from_status, stored.to_status) == (action, status, target)
    assert stored.actor == user
    assert stored.actor_name == "박검토"
    assert stored.at == at
    assert stored.note == "검토 의견"
    assert PlanEvent.objects.filter(plan=plan).count() == len(before["events"]) + 1

    if action == "publish":
        version = plan.public_version
        assert stored.version == version
        assert version.number == 1
        assert (version.published_at, version.published_by, version.published_by_name) == (
            at,
            user,
            "박검토",
        )
        assert plan.published_at == at
    elif action == "withdraw":
        version = PublishedVersion.objects.get(plan=plan)
        assert plan.public_version is None
        assert version.withdrawn_at == at
        assert version.withdrawn_by_name == "박검토"
        assert version.withdrawal_reason == "검토 의견"
    else:
        # Only publishing and withdrawing touch the versions and the public one.
        assert plan.public_version_id == before["public_version"]
        assert (
            list(PublishedVersion.objects.filter(plan=plan).values_list("pk", "withdrawn_at"))
            == before["versions"]
        )


@pytest.mark.parametrize("status", STATUSES)
def test_available_lists_exactly_the_allowed_transitions_in_button_order(status):
    plan = bring_to(publishable_plan(cards=1), status)
    expected = [action for action in ACTIONS if (status, action) in ALLOWED]
    assert [t.action for t in workflow.available(plan, reviewer_of(plan))] == expected
    reader = staff("reader", team=team_of(plan), perms=["plans.view_workplan"])
    assert workflow.available(plan, reader) == []


def test_an_unknown_action_is_refused_in_korean():
    plan = publishable_plan(cards=1)
    with pytest.raises(WorkflowError, match="알 수 없는 처리입니다: delete"):
        services.perform(plan=plan, action="delete", user=reviewer_of(plan))


# ---------------------------------------------------------------------------------------------
# Who may


@pytest.mark.parametrize("action", ACTIONS)
def test_without_the_permission_the_transition_is_refused(action):
    plan = bring_to(publishable_plan(cards=1), first_source(action))
    others = [perm for perm in WORKFLOW_PERMS if perm != PERMISSION[action]]
    user = staff("other-roles", team=team_of(plan), perms=others)
    before = state(plan)
    assert not workflow.allowed(TRANSITIONS[action], plan, user)
    with pytest.raises(PermissionDenied, match="권한이 없습니다"):
        make(action, plan, user=user, note="사유")
    assert state(plan) == before


@pytest.mark.parametrize("where", ["other-department", "no-team"])
@pytest.mark.parametrize("action", ACTIONS)
def test_staff_of_another_department_are_refused_even_with_the_permission(action, where):
    plan = bring_to(publishable_plan(cards=1), first_source(action))
    team = TeamFactory(department=DepartmentFactory()) if where == "other-department" else None
    user = staff("outsider", team=team, perms=WORKFLOW_PERMS)
    assert user.has_perm(PERMISSION[action])
    before = state(plan)
    assert workflow.available(plan, user) == []
    with pytest.raises(PermissionDenied):
        make(action, plan, user=user, note="사유")
    assert state(plan) == before


def test_a_superuser_acts_on_every_department():
    plan = publishable_plan(cards=1)
    admin = staff("root", team=None, superuser=True)
    for action in ("submit", "approve", "publish", "withdraw", "revise"):
        make(action, plan, user=admin, note="사유")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert set(plan.events.values_list("actor_name", flat=True)) == {"root"}


# ---------------------------------------------------------------------------------------------
# What a transition needs


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        (PlanStatus.IN_REVIEW, "return", "반려 사유를 적어 주십시오."),
        (PlanStatus.APPROVED, "return", "반려 사유를 적어 주십시오."),
        (PlanStatus.PUBLISHED, "withdraw", "게시 철회 사유를 적어 주십시오."),
    ],
)
@pytest.mark.parametrize("note", ["", "   \n "])
def test_return_and_withdraw_need_a_reason(status, action, message, note):
    plan = bring_to(publishable_plan(cards=1), status)
    before = state(plan)
    with pytest.raises(WorkflowError) as refused:
        make(action, plan, user=reviewer_of(plan), note=note)
    assert refused.value.messages == [message]
    assert state(plan) == before


@pytest.mark.parametrize(
    ("status", "action", "verb"),
    [(PlanStatus.IN_REVIEW, "approve", "승인"), (PlanStatus.APPROVED, "publish", "게시")],
)
def test_approve_and_publish_are_refused_while_the_checks_find_errors(status, action, verb):
    plan = bring_to(publishable_plan(cards=2), status)
    card = plan.cards.get(number=2)
    # The plan is past the draft: the admin would refuse this edit, the ORM does not.
    CardContact.objects.filter(card=card).delete()
    before = state(plan)
    with pytest.raises(WorkflowError) as refused:
        make(action, plan, user=reviewer_of(plan))
    assert refused.value.messages == [
        f"점검에서 오류 1건이 나와 {verb}할 수 없습니다.",
        f"IV-2 {card.title}: 담당자가 없습니다.",
    ]
    assert state(plan) == before


def test_publishing_the_same_content_again_is_refused():
    plan = bring_to(publishable_plan(cards=1), PlanStatus.PUBLISHED)
    user = reviewer_of(plan)
    for action in ("revise", "submit", "approve"):
        make(action, plan, user=user)
    before = state(plan)
    with pytest.raises(WorkflowError) as refused:
        plan_publish(plan=plan, user=user, render_files=False)
    (message,) = refused.value.messages
    assert "내용이 같아" in message
    assert str(plan.session) in message
    assert state(plan) == before
    assert before["status"] == PlanStatus.APPROVED


def test_a_withdrawn_plan_may_be_published_again_as_a_new_version():
    plan = bring_to(publishable_plan(cards=1), PlanStatus.WITHDRAWN)
    user = reviewer_of(plan)
    for action in ("revise", "submit", "approve", "publish"):
        make(action, plan, user=user)
    plan.refresh_from_db()
    assert plan.public_version.number == 2
    first = PublishedVersion.objects.get(plan=plan, number=1)
    assert first.is_withdrawn
    assert first.content_hash == plan.public_version.content_hash


# ---------------------------------------------------------------------------------------------
# What the public sees


def test_withdrawing_takes_the_plan_off_the_site_and_its_version_answers_410():
    plan = bring_to(publishable_plan(cards=1), PlanStatus.PUBLISHED)
    card = plan.cards.get()
    public = Client()
    assert public.get(plan.get_absolute_url()).status_code == 200
    assert plan.get_absolute_url() in public.get("/").content.decode()
    version_url = plan.public_version.get_absolute_url()

    plan_withdraw(plan=plan, user=reviewer_of(plan), note="집계 오류로 철회합니다")

    assert public.get(plan.get_absolute_url()).status_code == 404
    assert public.get(card.get_absolute_url()).status_code == 404
    assert public.get(plan.get_absolute_url() + "report.pdf").status_code == 404
    gone = public.get(version_url)
    assert gone.status_code == 410
    page = text_of(gone)
    assert "철회된 게시본입니다" in page
    assert "집계 오류로 철회합니다" in page
    assert public.get(version_url + "report.pdf").status_code == 410
    assert public.get(f"{version_url}{card.code}/").status_code == 410
    assert plan.get_absolute_url() not in public.get("/").content.decode()
    search = public.get(reverse("plans:search"), {"q": card.title})
    assert card.get_absolute_url() not in search.content.decode()


def test_revising_leaves_the_published_version_public():
    plan = bring_to(publishable_plan(cards=1), PlanStatus.PUBLISHED)
    card = plan.cards.get()
    plan_start_revision(plan=plan, user=reviewer_of(plan))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.public_version is not None
    card.title = "개정 중인 과제명"
    card.save()
    public = Client()
    page = public.get(plan.get_absolute_url())
    assert page.status_code == 200
    assert "과제 1" in text_of(page)
    assert "개정 중인 과제명" not in text_of(page)
    assert "과제 1" in text_of(public.get(card.get_absolute_url()))
    assert plan.get_absolute_url() in public.get("/").content.decode()


def test_publishing_after_a_revision_makes_version_2_and_keeps_version_1():
    plan = bring_to(publishable_plan(cards=1), PlanStatus.PUBLISHED)
    user = reviewer_of(plan)
    card = plan.cards.get()
    plan_start_revision(plan=plan, user=user)
    card.title = "개정한 과제명"
    card.save()
    for action in ("submit", "approve", "publish"):
        make(action, plan, user=user)
    plan.refresh_from_db()
    first, second = PublishedVersion.objects.filter(plan=plan).order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert plan.public_version == second
    assert first.content_hash != second.content_hash
    assert not first.is_withdrawn

    public = Client()
    current = text_of(public.get(plan.get_absolute_url()))
    assert "개정한 과제명" in current
    old = public.get(first.get_absolute_url())
    assert old.status_code == 200
    old_text = text_of(old)
    assert "과제 1" in old_text
    assert "개정한 과제명" not in old_text
    assert "지난 게시본" in old_text
    assert "과제 1" in text_of(public.get(f"{first.get_absolute_url()}{card.code}/"))
    assert "개정한 과제명" in text_of(public.get(second.get_absolute_url()))


# ---------------------------------------------------------------------------------------------
# The real role groups (personnel.roles)


def test_the_role_groups_divide_the_transitions():
    plan = publishable_plan(cards=1)
    team = team_of(plan)
    writer = staff("writer", team=team, groups=[roles.WRITER])
    reviewer = staff("reviewer-role", team=team, groups=[roles.REVIEWER])
    publisher = staff("publisher", team=team, groups=[roles.PUBLISHER])
    reader = staff("reader-role", team=team, groups=[roles.READER])

    def actions(user):
        return [t.action for t in workflow.available(WorkPlan.objects.get(pk=plan.pk), user)]

    assert actions(writer) == []
    assert actions(reader) == []
    assert actions(publisher) == []
    assert actions(reviewer) == ["submit"]
    with pytest.raises(PermissionDenied):
        plan_submit(plan=plan, user=writer)
    plan_submit(plan=plan, user=reviewer)
    plan_approve(plan=plan, user=reviewer)
    assert actions(reviewer) == ["return"]
    assert actions(publisher) == ["publish"]
    with pytest.raises(PermissionDenied):
        plan_publish(plan=plan, user=reviewer, render_files=False)
    plan_publish(plan=plan, user=publisher, render_files=False)
    assert actions(publisher) == ["withdraw"]
    assert actions(reviewer) == ["revise"]
    plan_withdraw(plan=plan, user=publisher, note="사유")
    with pytest.raises(PermissionDenied):
        plan_start_revision(plan=plan, user=publisher)
    plan_start_revision(plan=plan, user=reviewer)
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
