"""The editorial workflow of a plan as rules: draft → in review → approved → published
(→ withdrawn), and back to draft for a new revision. What each transition is (from which
statuses, to which, the permission it needs, whether it needs a reason or the 게시 전 점검),
who may make it now, and why a transition is refused. Nothing here writes: the transitions are
made by the services of plans.workflow.services, which ask :func:`ensure_allowed` first."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.access.scopes import reach_of
from plans.models import FilesState, PlanAction, PlanStatus, PublishedVersion, WorkPlan
from plans.report.context import PlanReport, plan_report
from plans.workflow.checks import blocking, carried_problems, plan_problems


@dataclass(frozen=True)
class Transition:
    action: PlanAction
    sources: tuple[PlanStatus, ...]
    target: PlanStatus
    permission: str
    # Returning and withdrawing say why; the reason is kept in the event.
    needs_note: bool = False
    # Approving and publishing need the consistency checks to pass.
    needs_checks: bool = False
    # Submitting, approving and publishing wait until every row carried from last year's plan
    # is confirmed (plans.workflow.carried).
    needs_confirmed: bool = False
    help: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            PlanAction.SUBMIT,
            (PlanStatus.DRAFT,),
            PlanStatus.IN_REVIEW,
            "plans.submit_workplan",
            needs_confirmed=True,
            help=gettext_lazy("작성을 마치고 검토를 요청합니다. 검토 중에는 고칠 수 없습니다."),
        ),
        Transition(
            PlanAction.RETURN,
            (PlanStatus.IN_REVIEW, PlanStatus.APPROVED),
            PlanStatus.DRAFT,
            "plans.approve_workplan",
            needs_note=True,
            help=gettext_lazy("고칠 점을 적어 작성 중으로 돌려보냅니다."),
        ),
        Transition(
            PlanAction.APPROVE,
            (PlanStatus.IN_REVIEW,),
            PlanStatus.APPROVED,
            "plans.approve_workplan",
            needs_checks=True,
            needs_confirmed=True,
            help=gettext_lazy("검토를 마치고 게시할 수 있게 승인합니다."),
        ),
        Transition(
            PlanAction.PUBLISH,
            (PlanStatus.APPROVED,),
            PlanStatus.PUBLISHED,
            "plans.publish_workplan",
            needs_checks=True,
            needs_confirmed=True,
            help=gettext_lazy(
                "지금 내용을 게시본으로 고정하고, PDF·엑셀·한글 파일을 다 만들면 공개합니다. "
                "이후 고친 내용은 다음 게시 때 공개됩니다."
            ),
        ),
        Transition(
            PlanAction.WITHDRAW,
            (PlanStatus.PUBLISHED,),
            PlanStatus.WITHDRAWN,
            "plans.withdraw_workplan",
            needs_note=True,
            help=gettext_lazy("공개를 멈춥니다. 게시본은 지워지지 않고 철회 사유와 함께 남습니다."),
        ),
        Transition(
            PlanAction.REVISE,
            (PlanStatus.PUBLISHED, PlanStatus.WITHDRAWN),
            PlanStatus.DRAFT,
            "plans.approve_workplan",
            help=gettext_lazy(
                "고칠 수 있게 작성 중으로 되돌립니다. 공개된 게시본은 다음 게시 때까지 그대로 "
                "보입니다."
            ),
        ),
    )
}


class WorkflowError(ValidationError):
    """A refused transition; its messages say why, in Korean."""


def works_on_department(user: User, plan: WorkPlan) -> bool:
    """A role acts on the plans of its own department; superusers on every plan."""
    reach = reach_of(user)
    return reach.superuser or reach.department_id == plan.department_id


def may_act(user: User, permission: str, plan: WorkPlan) -> bool:
    """The one rule of who may take a step on a plan or one of its periods: the step's
    permission, on a plan of the user's own department (works_on_department)."""
    return user.has_perm(permission) and works_on_department(user, plan)


def pending_version(plan: WorkPlan) -> PublishedVersion | None:
    """The version of ``plan`` whose files a job is making (plans.workflow.jobs), if any. The
    plan makes no transition meanwhile: the job moves it to 게시 when the files are ready, and a
    plan returned or withdrawn under it would be published by it all the same. A pending
    version leaves its plan 승인, so no other status needs the query."""
    if plan.status != PlanStatus.APPROVED:
        return None
    return (
        PublishedVersion.objects.light()
        .filter(plan=plan, files_state=FilesState.PENDING)
        .select_related("session")
        .first()
    )


def allowed(transition: Transition, plan: WorkPlan, user: User) -> bool:
    return (
        plan.status in transition.sources
        and may_act(user, transition.permission, plan)
        and pending_version(plan) is None
    )


def available(plan: WorkPlan, user: User) -> list[Transition]:
    """The transitions ``user`` may make on ``plan`` now, in the order of the buttons: none
    while a publication's files are being made."""
    if pending_version(plan) is not None:
        return []
    return [
        t
        for t in TRANSITIONS.values()
        if plan.status in t.sources and may_act(user, t.permission, plan)
    ]


def ensure_allowed(
    transition: Transition, *, plan: WorkPlan, user: User, note: str = ""
) -> PlanReport | None:
    """Raise PermissionDenied or WorkflowError, in Korean, unless ``user`` may make
    ``transition`` on ``plan`` now; the report it checked, if the transition needs the 점검."""
    if not may_act(user, transition.permission, plan):
        raise PermissionDenied(
            _("%(action)s 권한이 없습니다.") % {"action": transition.action.label}
        )
    if plan.status not in transition.sources:
        raise WorkflowError(
            _("'%(status)s' 상태에서는 %(action)s할 수 없습니다. 가능한 상태: %(sources)s")
            % {
                "status": plan.get_status_display(),
                "action": transition.action.label,
                "sources": ", ".join(str(status.label) for status in transition.sources),
            }
        )
    pending = pending_version(plan)
    if pending is not None:
        raise WorkflowError(
            _(
                "%(label)s(제%(number)s판)의 게시 파일을 만드는 중입니다. 다 만들어진 뒤에 "
                "%(action)s하십시오."
            )
            % {"label": pending.label, "number": pending.number, "action": transition.action.label}
        )
    if transition.needs_note and not note.strip():
        raise WorkflowError(
            _("%(action)s 사유를 적어 주십시오.") % {"action": transition.action.label}
        )
    unconfirmed = carried_problems(plan) if transition.needs_confirmed else []
    if not transition.needs_checks and not unconfirmed:
        return None
    report = plan_report(plan) if transition.needs_checks else None
    errors = [*unconfirmed, *(blocking(plan_problems(report)) if report is not None else [])]
    if errors:
        summary = _("점검에서 오류 %(count)s건이 나와 %(action)s할 수 없습니다.") % {
            "count": len(errors),
            "action": transition.action.label,
        }
        raise WorkflowError([summary, *(f"{p.where}: {p.message}" for p in errors)])
    return report
