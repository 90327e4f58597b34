"""The editorial workflow of a plan: draft → in review → approved → published (→ withdrawn), and
back to draft for a new revision. Every transition is a function here that checks who may make it
and from which status, records it (`PlanEvent`) and, for publishing, freezes the version the public
reads (plans.workflow.freezing). The admin's buttons and actions call these; nothing else changes a
plan's status (documents loaded as published aside: `record_publication`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.access.scopes import reach_of
from plans.exchange.workbook.writer import report_xlsx
from plans.models import (
    PlanAction,
    PlanEvent,
    PlanStatus,
    PublishedCard,
    PublishedVersion,
    WorkPlan,
)
from plans.report.context import PlanReport, plan_report
from plans.report.hwpx import report_hwpx
from plans.report.pdf import report_pdf
from plans.workflow import freezing
from plans.workflow.checks import blocking, plan_problems


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
    help: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            PlanAction.SUBMIT,
            (PlanStatus.DRAFT,),
            PlanStatus.IN_REVIEW,
            "plans.submit_workplan",
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
            help=gettext_lazy("검토를 마치고 게시할 수 있게 승인합니다."),
        ),
        Transition(
            PlanAction.PUBLISH,
            (PlanStatus.APPROVED,),
            PlanStatus.PUBLISHED,
            "plans.publish_workplan",
            needs_checks=True,
            help=gettext_lazy(
                "지금 내용을 게시본으로 고정하고(PDF 포함) 공개합니다. 이후 고친 내용은 "
                "다음 게시 때 공개됩니다."
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


def works_on_department(user, plan: WorkPlan) -> bool:
    """A role acts on the plans of its own department; superusers on every plan."""
    reach = reach_of(user)
    return reach.superuser or reach.department_id == plan.department_id


def allowed(transition: Transition, plan: WorkPlan, user) -> bool:
    return (
        plan.status in transition.sources
        and user.has_perm(transition.permission)
        and works_on_department(user, plan)
    )


def available(plan: WorkPlan, user) -> list[Transition]:
    """The transitions ``user`` may make on ``plan`` now, in the order of the buttons."""
    return [t for t in TRANSITIONS.values() if allowed(t, plan, user)]


def perform(
    plan: WorkPlan, action: str, *, user, note: str = "", render_files: bool = True
) -> PlanEvent:
    """Make the transition ``action`` as ``user``, or raise WorkflowError/PermissionDenied.

    The plan row is locked for the transition, so two reviewers pressing buttons at once
    make one transition and the other sees the new status."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(_("알 수 없는 처리입니다: %(action)s") % {"action": action})
    with transaction.atomic():
        plan = WorkPlan.objects.select_for_update().with_context().get(pk=plan.pk)
        checked = _check(transition, plan, user, note)
        version = None
        if transition.action == PlanAction.PUBLISH:
            version = _publish_version(plan, user=user, render_files=render_files, report=checked)
            plan.published_at = version.published_at
        elif transition.action == PlanAction.WITHDRAW:
            _withdraw_version(plan, user=user, reason=note)
        return _record(plan, transition, user=user, note=note, version=version)


def _check(transition: Transition, plan: WorkPlan, user, note: str) -> PlanReport | None:
    """Refuse the transition unless allowed; the report it checked, if it needed checks."""
    if not user.has_perm(transition.permission) or not works_on_department(user, plan):
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
    if transition.needs_note and not note.strip():
        raise WorkflowError(
            _("%(action)s 사유를 적어 주십시오.") % {"action": transition.action.label}
        )
    if not transition.needs_checks:
        return None
    report = plan_report(plan)
    errors = blocking(plan_problems(report))
    if errors:
        summary = _("점검에서 오류 %(count)s건이 나와 %(action)s할 수 없습니다.") % {
            "count": len(errors),
            "action": transition.action.label,
        }
        raise WorkflowError([summary, *(f"{p.where}: {p.message}" for p in errors)])
    return report


def _record(plan, transition, *, user, note, version) -> PlanEvent:
    before = plan.status
    plan.status = transition.target
    plan.save(update_fields=["status", "published_at", "public_version", "updated_at"])
    return PlanEvent.objects.create(
        plan=plan,
        action=transition.action,
        from_status=before,
        to_status=transition.target,
        at=timezone.now(),
        actor=user if user is not None and user.pk else None,
        actor_name=_actor_name(user),
        note=note.strip(),
        version=version,
    )


def _actor_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _publish_version(
    plan: WorkPlan,
    *,
    user,
    render_files: bool,
    actor_name: str = "",
    report: PlanReport | None = None,
) -> PublishedVersion:
    """Freeze the plan as it stands (the plan row is locked) into a new version and make it
    the public one."""
    frozen = freezing.freeze(plan, report)
    document = freezing.plan_document(plan)
    digest = freezing.content_hash(document)
    current = plan.public_version
    if (
        current is not None
        and current.content_hash == digest
        and current.session_id == plan.session_id
    ):
        raise WorkflowError(
            _("공개 중인 %(label)s과 내용이 같아 새로 게시할 것이 없습니다.")
            % {"label": current.label}
        )
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    now = timezone.now()
    version = PublishedVersion(
        plan=plan,
        number=last + 1,
        session=plan.session,
        published_at=now,
        published_by=user if user is not None and user.pk else None,
        published_by_name=actor_name or _actor_name(user),
        content_hash=digest,
        document=document,
        report=freezing.dump_frozen(frozen),
        report_format=freezing.REPORT_FORMAT,
    )
    if render_files:
        version.pdf = report_pdf(frozen.report, draft=False)[0]
        document = freezing.published_document(version)
        version.xlsx = report_xlsx(frozen.report, document=document, draft=False)[0]
        version.hwpx = report_hwpx(frozen.report, draft=False)[0]
    version.save()
    PublishedCard.objects.bulk_create(freezing.search_rows(version, frozen.report))
    plan.public_version = version
    return version


def _withdraw_version(plan: WorkPlan, *, user, reason: str) -> None:
    version = plan.public_version
    if version is not None:
        version.withdrawn_at = timezone.now()
        version.withdrawn_by_name = _actor_name(user)
        version.withdrawal_reason = reason.strip()
        version.save(update_fields=["withdrawn_at", "withdrawn_by_name", "withdrawal_reason"])
    plan.public_version = None


def record_publication(
    plan: WorkPlan, *, actor_name: str, render_files: bool = True
) -> PublishedVersion | None:
    """A plan that arrives published from outside the admin (a document read by `load_demo`,
    the synthetic county) gets its version as a publication would make it, unless the public
    version already has this content. The document or generator set the status itself.

    ``render_files=False`` leaves the PDF, workbook and 한글 file to be rendered from the frozen
    report on their first download (the synthetic county: ninety PDFs up front would take
    minutes)."""
    with transaction.atomic():
        plan = WorkPlan.objects.select_for_update().with_context().get(pk=plan.pk)
        if plan.status != PlanStatus.PUBLISHED:
            return None
        current = plan.public_version
        document = freezing.plan_document(plan)
        if current is not None and current.content_hash == freezing.content_hash(document):
            return None
        version = _publish_version(
            plan, user=None, render_files=render_files, actor_name=actor_name
        )
        # The plan keeps the publication time its document gives; the version has its own.
        plan.save(update_fields=["public_version"])
        PlanEvent.objects.create(
            plan=plan,
            action=PlanAction.PUBLISH,
            from_status=PlanStatus.PUBLISHED,
            to_status=PlanStatus.PUBLISHED,
            at=version.published_at,
            actor_name=actor_name,
            version=version,
        )
        return version
