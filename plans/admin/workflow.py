"""The workflow in the admin: the 처리 panel on a plan's page (status, the buttons the user may
press, the consistency checks, the log and the published versions), the confirmation page of
each transition, and the changelist actions. Every transition is made through the workflow's
services (plans.workflow.services) by :func:`make_transition`, which also writes it in the
admin's log."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.admin.forms import TextFormField
from plans.admin.log import log_transition
from plans.models import PlanAction, PlanEvent, PlanStatus, PublishedVersion, WorkPlan
from plans.report.context import plan_report
from plans.workflow import transitions as workflow
from plans.workflow.carried import unconfirmed
from plans.workflow.checks import blocking, carried_problems, plan_problems
from plans.workflow.services import perform
from plans.workflow.teamparts import marking_team, not_ready, team_status


class TransitionForm(forms.Form):
    note = TextFormField(
        label=gettext_lazy("의견"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


def workflow_panel(request, plan: WorkPlan) -> dict:
    """Context for the 처리 panel of the plan's change page."""
    left = unconfirmed(plan)
    problems = [*carried_problems(plan, left), *plan_problems(plan_report(plan))]
    return {
        "workflow_transitions": workflow.available(plan, request.user),
        "workflow_problems": problems,
        "workflow_blocked": bool(blocking(problems)),
        # What is still carried from last year unconfirmed, with its 모두 확인 buttons.
        "carried_left": left,
        "workflow_events": list(PlanEvent.objects.filter(plan=plan).select_related("version")[:50]),
        "workflow_versions": list(
            PublishedVersion.objects.filter(plan=plan).light().select_related("session")
        ),
        # 팀별 작성 완료 (plans.workflow.teamparts), and the team this user marks, if any.
        "workflow_teams": team_status(plan),
        "workflow_marking_team": (
            marking_team(request.user, plan) if plan.status == PlanStatus.DRAFT else None
        ),
    }


def make_transition(request, plan: WorkPlan, action: str, note: str = "") -> PlanEvent:
    """Make ``action`` on ``plan`` as the request's user and write it in the admin's log, both
    or neither: the one way the admin's pages make a transition."""
    with transaction.atomic():
        event = perform(plan=plan, action=action, user=request.user, note=note)
        log_transition(request, event)
    return event


def transition_view(model_admin, request, object_id: str, action: str):
    """GET: what the transition does, the checks and a field for the reason; POST: do it."""
    plan = model_admin.get_object(request, object_id)
    if plan is None:
        raise Http404
    transition = workflow.TRANSITIONS.get(action)
    if transition is None:
        raise Http404
    if not workflow.allowed(transition, plan, request.user):
        if plan.status not in transition.sources:
            messages.error(
                request,
                _("'%(status)s' 상태에서는 %(action)s할 수 없습니다.")
                % {"status": plan.get_status_display(), "action": transition.action.label},
            )
            return redirect(_change_url(plan))
        raise PermissionDenied
    form = TransitionForm(request.POST or None)
    problems = carried_problems(plan) if transition.needs_confirmed else []
    if transition.needs_checks:
        problems += plan_problems(plan_report(plan))
    if request.method == "POST" and form.is_valid():
        try:
            event = make_transition(request, plan, action, form.cleaned_data["note"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _done_message(event))
            return redirect(_change_url(plan))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": WorkPlan._meta,
        "original": plan,
        "title": _("%(action)s: %(plan)s") % {"action": transition.action.label, "plan": plan},
        "transition": transition,
        "form": form,
        "problems": problems,
        "blocked": bool(blocking(problems)),
        # 검토 요청 does not wait for every team, but names those that have not marked done.
        "teams_not_ready": not_ready(team_status(plan)) if action == "submit" else [],
    }
    return TemplateResponse(request, "admin/plans/workplan/transition.html", context)


def _change_url(plan: WorkPlan) -> str:
    return reverse("admin:plans_workplan_change", args=[plan.pk])


def _done_message(event: PlanEvent) -> str:
    if event.action == PlanAction.PUBLISH and event.version is not None:
        return _("%(label)s(제%(number)s판)을 게시했습니다. 누리집에 지금 공개됩니다.") % {
            "label": event.version.label,
            "number": event.version.number,
        }
    return _("%(action)s했습니다. 지금 상태: %(status)s") % {
        "action": event.get_action_display(),
        "status": event.plan.get_status_display(),
    }


def _bulk_action(action: str):
    """A changelist action making ``action`` on every selected plan, each on its own: one
    refused plan does not stop the others, and each result is reported by name."""
    transition = workflow.TRANSITIONS[action]

    def run(model_admin, request, queryset):
        for plan in queryset:
            try:
                event = make_transition(request, plan, action)
            except (ValidationError, PermissionDenied) as error:
                reasons = getattr(error, "messages", None) or [str(error)]
                messages.error(request, f"{plan}: {' '.join(reasons)}")
            else:
                messages.success(request, f"{plan}: {_done_message(event)}")

    run.__name__ = f"workflow_{action}"
    return admin.action(
        description=gettext_lazy("선택한 업무계획 %(action)s")
        % {"action": transition.action.label},
        permissions=[f"workflow_{action}"],
    )(run)


# Transitions that need a reason (반려, 철회) are made one plan at a time from its page.
BULK_ACTIONS = [
    _bulk_action(action)
    for action, transition in workflow.TRANSITIONS.items()
    if not transition.needs_note
]


def has_transition_permission(action: str):
    """``has_workflow_<action>_permission`` for the changelist action of ``action``."""
    transition = workflow.TRANSITIONS[action]

    def check(model_admin, request) -> bool:
        return request.user.has_perm(transition.permission)

    return check
