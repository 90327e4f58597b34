"""The workflow's services (plans.workflow.services) as an API: one keyword-only, typed service
per transition, the admin's dispatcher making each action through its service, the row a
service writes validated before it is saved, a document that arrives published recorded once,
and the admin's transition and its log entry written together or not at all."""

from __future__ import annotations

import inspect

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans.admin import workflow as admin_workflow
from plans.models import PlanAction, PlanEvent, PlanStatus, PublishedVersion, WorkPlan
from plans.workflow import services
from tests.factories import CouncilSessionFactory, OrganizationFactory
from tests.workflow.helpers import SERVICE, publishable_plan, staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", list(SERVICE))
def test_each_action_has_a_keyword_only_typed_service(action):
    service = SERVICE[action]
    assert service.__name__.startswith("plan_")
    assert services.SERVICES[action] is service  # the admin's buttons make it through it
    parameters = inspect.signature(service).parameters
    assert list(parameters)[:3] == ["plan", "user", "note"]
    assert parameters["note"].default == ""
    for parameter in parameters.values():
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, parameter.name
        assert parameter.annotation is not inspect.Parameter.empty, parameter.name
    assert inspect.signature(service).return_annotation == "PlanEvent"


def test_the_dispatcher_has_no_action_of_its_own():
    # Every action of the log is a transition, but the start of a plan from last year's
    # (plans.workflow.nextyear), which makes a plan rather than moving one, and the steps of a
    # publication's job (plans.workflow.jobs), which move no plan by a button.
    transitions = set(PlanAction.values) - {
        PlanAction.START_FROM_PREVIOUS,
        PlanAction.PUBLISH_REQUEST,
        PlanAction.RENDER_FAILED,
        PlanAction.RENDER_RETRY,
    }
    assert set(services.SERVICES) == set(SERVICE) == transitions


def test_a_service_validates_the_row_it_writes_and_writes_nothing_if_refused():
    plan = publishable_plan(cards=1)
    # A plan made inconsistent behind the admin's back: a session of another county.
    WorkPlan.objects.filter(pk=plan.pk).update(
        session=CouncilSessionFactory(organization=OrganizationFactory(name="진천군"))
    )
    root = staff("root", team=None, superuser=True)
    with pytest.raises(ValidationError) as refused:
        services.plan_submit(plan=plan, user=root)
    assert refused.value.messages == ["이 과가 속한 기관의 의회 회기를 선택하십시오."]
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert not PlanEvent.objects.filter(plan=plan).exists()


def test_a_plan_that_arrives_published_is_recorded_once():
    plan = publishable_plan(cards=1)
    # As load_demo leaves a document that says "published": the status set, no version yet.
    WorkPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.PUBLISHED, published_at=timezone.now()
    )
    assert (
        services.plan_record_publication(plan=plan, actor_name="load_demo (계획.yaml)") is not None
    )
    assert services.plan_record_publication(plan=plan, actor_name="load_demo (계획.yaml)") is None

    version = PublishedVersion.objects.get(plan=plan)
    assert WorkPlan.objects.get(pk=plan.pk).public_version == version
    event = PlanEvent.objects.get(plan=plan)
    assert (event.action, event.from_status, event.to_status) == (
        "publish",
        "published",
        "published",
    )
    assert (event.actor, event.actor_name, event.note) == (None, "load_demo (계획.yaml)", "")
    assert (event.version, event.at) == (version, version.published_at)
    assert version.published_by_name == "load_demo (계획.yaml)"


def test_a_draft_is_not_recorded_as_published():
    plan = publishable_plan(cards=1)
    assert services.plan_record_publication(plan=plan, actor_name="load_demo") is None
    assert not PlanEvent.objects.filter(plan=plan).exists()
    assert not PublishedVersion.objects.filter(plan=plan).exists()


def test_the_admin_writes_a_transition_and_its_log_entry_together(monkeypatch):
    plan = publishable_plan(cards=1)
    client = Client()
    client.force_login(staff("root", team=None, superuser=True))

    def broken_log(request, event):
        raise RuntimeError("the log could not be written")

    monkeypatch.setattr(admin_workflow, "log_transition", broken_log)
    with pytest.raises(RuntimeError):
        client.post(
            reverse("admin:plans_workplan_transition", args=[plan.pk, "submit"]), {"note": ""}
        )
    assert WorkPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert not PlanEvent.objects.filter(plan=plan).exists()
    assert not LogEntry.objects.exists()
