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
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.admin.files_progress import FilesProgress
from plans.admin.forms import TextFormField
from plans.admin.log import log_transition
from plans.models import (
    FILE_KINDS,
    FilesState,
    PlanAction,
    PlanEvent,
    PlanStatus,
    PublishedVersion,
    WorkPlan,
)
from plans.report.context import plan_report
from plans.workflow import transitions as workflow
from plans.workflow.carried import unconfirmed
from plans.workflow.checks import blocking, carried_problems, plan_problems
from plans.workflow.services import perform, plan_retry_publication
from plans.workflow.teamparts import marking_team, not_ready, team_status
from plans.workflow.version_files import files_present


class TransitionForm(forms.Form):
    note = TextFormField(
        label=gettext_lazy("의견"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


def publication_state(request, plan: WorkPlan) -> FilesProgress | None:
    """Where the plan's newest version is on its way to the public, for the 처리 panel: 파일
    만드는 중 (n/3), 게시됨, or 실패 with the reason; None for a plan never published."""
    version = plan.versions.light().select_related("session").order_by("-number").first()
    if version is None:
        return None
    present = files_present(version.pk)
    may_retry = (
        version.files_state == FilesState.FAILED
        and plan.status == PlanStatus.APPROVED
        and request.user.has_perm(workflow.TRANSITIONS[PlanAction.PUBLISH].permission)
        and workflow.works_on_department(request.user, plan)
    )
    return FilesProgress(version, sum(present.values()), len(FILE_KINDS), may_retry)


def workflow_panel(request, plan: WorkPlan) -> dict:
    """Context for the 처리 panel of the plan's change page."""
    left = unconfirmed(plan)
    problems = [*carried_problems(plan, left), *plan_problems(plan_report(plan))]
    return {
        # The newest version's files: the page reloads itself while a job makes them.
        "workflow_publication": publication_state(request, plan),
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
        log_transition(request, _step_made(event))
    return event


def _step_made(event: PlanEvent) -> PlanEvent:
    """The step the admin's log names for ``event``: a 게시 whose files were made at once
    (immediate mode, make run) went public within the request, so the log says 게시 → 게시
    as before; queued, it says 게시 요청 and the job's steps are in the plan's log."""
    if event.action != PlanAction.PUBLISH_REQUEST:
        return event
    released = PlanEvent.objects.filter(
        plan=event.plan_id, action=PlanAction.PUBLISH, version=event.version_id
    ).first()
    return released or event


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


def retry_publication_view(model_admin, request, object_id: str):
    """다시 시도 (POST): the newest version's files, which failed to be made, are queued
    again."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = model_admin.get_object(request, object_id)
    if plan is None:
        raise Http404
    try:
        with transaction.atomic():
            event = plan_retry_publication(plan=plan, user=request.user)
            log_transition(request, event)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _done_message(event))
    return redirect(_change_url(plan))


def _done_message(event: PlanEvent) -> str:
    version = event.version
    if event.action in (PlanAction.PUBLISH_REQUEST, PlanAction.RENDER_RETRY) and version:
        # In immediate mode (make run) the job has already run; otherwise a worker runs it.
        state = PublishedVersion.objects.values_list("files_state", flat=True).get(pk=version.pk)
        names = {"label": version.label, "number": version.number}
        if state == FilesState.READY:
            return _("%(label)s(제%(number)s판)을 게시했습니다. 누리집에 지금 공개됩니다.") % names
        if state == FilesState.FAILED:
            return (
                _(
                    "%(label)s(제%(number)s판)의 게시 파일을 만들지 못했습니다. 누리집에는 "
                    "이전 게시본이 그대로 공개됩니다. 처리 칸에서 사유를 보고 다시 시도하십시오."
                )
                % names
            )
        return (
            _(
                "%(label)s(제%(number)s판)의 게시를 요청했습니다. PDF, 엑셀 통합문서, 한글 파일을 "
                "다 만들면 누리집에 공개됩니다. 진행 상황은 처리 칸에 나옵니다."
            )
            % names
        )
    if event.action == PlanAction.PUBLISH and version is not None:
        return _("%(label)s(제%(number)s판)을 게시했습니다. 누리집에 지금 공개됩니다.") % {
            "label": version.label,
            "number": version.number,
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
