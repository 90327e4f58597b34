"""The review and publication of a 추진실적 report: a reporting period goes 작성 중 → 검토 중 →
승인 → 공개, and back to 작성 중 when returned or reopened, with a Korean log of every step.

**Why its own table and not the plan's transitions.** The plan's rules (plans.workflow.
transitions) are tied to the plan: its statuses, the 게시 전 점검 of a plan's report, the rows
carried from last year, withdrawing a version. A period needs none of them, and the plan's
status must not move when a period does (a plan under revision still has its 상반기 reported
against the version the council saw). What is the same is kept the same: the steps and their
names, the **roles** by the very permissions the plan's steps ask for (a 검토자 approves and
returns with ``plans.approve_workplan``, a 게시관리자 publishes with ``plans.publish_workplan``),
the rule that a role acts on its own department's plans only
(:func:`plans.workflow.transitions.may_act`), the refusals in Korean, and the log.
Submitting is the one step of another permission: the entries are the teams' (a 작성자 writes
its team's), so anyone who may write entries (``plans.change_itemprogress``: 작성자, 검토자) may
hand the period to the 검토자.

**Locking.** From 검토 요청 on, the entries are not changed (plans.models.progress
``is_locked``; plans.workflow.progress refuses the save): the 검토자 approves what was
submitted, and the 게시관리자 publishes what was approved.

**Publishing freezes.** The report as the entries stand (plans.report.progress_report) is
stored as JSON in a new :class:`PublishedProgress` with its number, the council session it is
presented to (the period's 보고 회기, required from approval on), who and when, the SHA-256 of
the report. The period's ``public_version`` points to it at once: that is what the public reads,
and **공개** means exactly that. Its PDF and workbook are not laid out in the staff request:
공개 queues a job that renders them from the frozen report (plans.workflow.progress_jobs, which
says why the 보고본 does not wait for them as a plan's version does), and a download before the
job has stored one renders it once itself (plans.workflow.progress_files).

Reopening (다시 작성, by the 검토자, with a reason) brings the period back to 작성 중; the
public keeps reading the version until the next publication, as with a plan under revision.
Publishing a report unchanged since the public version makes no new version: the period is
simply 공개 again with it.

Each service locks the period row, checks, writes and logs in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.models import (
    FilesState,
    ItemProgress,
    PeriodAction,
    PeriodEvent,
    PeriodStatus,
    PublishedProgress,
    ReportingPeriod,
)
from plans.report.progress_report import (
    PROGRESS_REPORT_FORMAT,
    dump_progress,
    progress_hash,
    progress_report,
    published,
)
from plans.workflow.events import account_of, actor_name_of, event_record
from plans.workflow.progress_jobs import enqueue_progress_files
from plans.workflow.transitions import WorkflowError, may_act
from plans.workflow.writes import save_fields


@dataclass(frozen=True)
class PeriodTransition:
    action: PeriodAction
    sources: tuple[PeriodStatus, ...]
    target: PeriodStatus
    permission: str
    needs_note: bool = False  # returning and reopening say why
    needs_session: bool = False  # approving and publishing: the report names its session
    needs_entries: bool = False  # asking for review: something has been reported
    help: str = ""


PERIOD_TRANSITIONS: dict[str, PeriodTransition] = {
    t.action: t
    for t in (
        PeriodTransition(
            PeriodAction.SUBMIT,
            (PeriodStatus.OPEN,),
            PeriodStatus.IN_REVIEW,
            "plans.change_itemprogress",
            needs_entries=True,
            help=gettext_lazy(
                "입력을 마치고 검토를 요청합니다. 검토 중에는 실적을 고칠 수 없습니다."
            ),
        ),
        PeriodTransition(
            PeriodAction.RETURN,
            (PeriodStatus.IN_REVIEW, PeriodStatus.APPROVED),
            PeriodStatus.OPEN,
            "plans.approve_workplan",
            needs_note=True,
            help=gettext_lazy("고칠 점을 적어 작성 중으로 돌려보냅니다."),
        ),
        PeriodTransition(
            PeriodAction.APPROVE,
            (PeriodStatus.IN_REVIEW,),
            PeriodStatus.APPROVED,
            "plans.approve_workplan",
            needs_session=True,
            help=gettext_lazy("검토를 마치고 공개할 수 있게 승인합니다."),
        ),
        PeriodTransition(
            PeriodAction.PUBLISH,
            (PeriodStatus.APPROVED,),
            PeriodStatus.PUBLIC,
            "plans.publish_workplan",
            needs_session=True,
            help=gettext_lazy(
                "지금 내용을 보고본으로 고정해 공개합니다(PDF·엑셀은 곧이어 만들어집니다). "
                "공개 중에는 실적을 고칠 수 없습니다."
            ),
        ),
        PeriodTransition(
            PeriodAction.REOPEN,
            (PeriodStatus.PUBLIC,),
            PeriodStatus.OPEN,
            "plans.approve_workplan",
            needs_note=True,
            help=gettext_lazy(
                "고칠 수 있게 작성 중으로 되돌립니다. 공개된 보고본은 다음 공개 때까지 그대로 "
                "보입니다."
            ),
        ),
    )
}


def period_allowed(transition: PeriodTransition, period: ReportingPeriod, user: User) -> bool:
    return period.status in transition.sources and may_act(user, transition.permission, period.plan)


def period_available(period: ReportingPeriod, user: User) -> list[PeriodTransition]:
    """The steps ``user`` may take on ``period`` now, in the order of the buttons."""
    return [t for t in PERIOD_TRANSITIONS.values() if period_allowed(t, period, user)]


def ensure_period_allowed(
    transition: PeriodTransition, *, period: ReportingPeriod, user: User, note: str = ""
) -> None:
    """Raise PermissionDenied or WorkflowError, in Korean, unless ``user`` may take
    ``transition`` on ``period`` now."""
    if not may_act(user, transition.permission, period.plan):
        raise PermissionDenied(
            _("추진실적 %(action)s 권한이 없습니다.") % {"action": transition.action.label}
        )
    if period.status not in transition.sources:
        raise WorkflowError(
            _("'%(status)s' 상태에서는 %(action)s할 수 없습니다. 가능한 상태: %(sources)s")
            % {
                "status": period.get_status_display(),
                "action": transition.action.label,
                "sources": ", ".join(str(status.label) for status in transition.sources),
            }
        )
    if transition.needs_note and not note.strip():
        raise WorkflowError(
            _("%(action)s 사유를 적어 주십시오.") % {"action": transition.action.label}
        )
    if transition.needs_session and period.session_id is None:
        raise WorkflowError(
            _(
                "보고 회기를 정하지 않아 %(action)s할 수 없습니다. 보고 시기 화면에서 이 "
                "추진실적을 보고하는 의회 회기를 고르십시오."
            )
            % {"action": transition.action.label}
        )
    if transition.needs_entries and not ItemProgress.objects.filter(period=period).exists():
        raise WorkflowError(_("입력한 추진실적이 없어 검토를 요청할 수 없습니다."))


@transaction.atomic
def period_perform(
    *, period: ReportingPeriod, action: str, user: User, note: str = "", render_files: bool = True
) -> PeriodEvent:
    """Take the step ``action`` (a PeriodAction code, as the admin's buttons name it) on
    ``period``, or raise WorkflowError/PermissionDenied and write nothing.

    Publishing queues the job that renders the new 보고본's PDF and workbook;
    ``render_files=False`` queues none and leaves them to their first download (the tests of
    the review, which need no files)."""
    transition = PERIOD_TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(_("알 수 없는 처리입니다: %(action)s") % {"action": action})
    period = _locked(period)
    ensure_period_allowed(transition, period=period, user=user, note=note)
    at = timezone.now()
    version = None
    if transition.action == PeriodAction.PUBLISH:
        version = _publish(period, user=user, at=at, render_files=render_files)
    return _move(
        period, transition.action, transition.target, user=user, note=note, at=at, version=version
    )


#: The service of each step, for callers that name one.
def period_submit(**kwargs) -> PeriodEvent:
    return period_perform(action=PeriodAction.SUBMIT, **kwargs)


def period_return(**kwargs) -> PeriodEvent:
    return period_perform(action=PeriodAction.RETURN, **kwargs)


def period_approve(**kwargs) -> PeriodEvent:
    return period_perform(action=PeriodAction.APPROVE, **kwargs)


def period_publish(**kwargs) -> PeriodEvent:
    return period_perform(action=PeriodAction.PUBLISH, **kwargs)


def period_reopen(**kwargs) -> PeriodEvent:
    return period_perform(action=PeriodAction.REOPEN, **kwargs)


SERVICES: dict[str, Callable[..., PeriodEvent]] = {
    PeriodAction.SUBMIT: period_submit,
    PeriodAction.RETURN: period_return,
    PeriodAction.APPROVE: period_approve,
    PeriodAction.PUBLISH: period_publish,
    PeriodAction.REOPEN: period_reopen,
}


@transaction.atomic
def period_record_publication(
    *, period: ReportingPeriod, actor_name: str, render_files: bool = True
) -> PublishedProgress | None:
    """A period that arrives published from outside the admin (the demo's 추진실적 document,
    the synthetic county) is published as the review would publish it, with ``actor_name``
    saying what did it; nothing when its public version already has this content. The period
    must name its session."""
    period = _locked(period)
    if period.session_id is None:
        raise WorkflowError(_("보고 회기를 정하지 않은 추진실적은 공개할 수 없습니다."))
    at = timezone.now()
    before = period.status
    current = period.public_version
    version = _publish(period, user=None, at=at, render_files=render_files, actor_name=actor_name)
    if version == current and before == PeriodStatus.PUBLIC:
        return None
    _move(
        period,
        PeriodAction.PUBLISH,
        PeriodStatus.PUBLIC,
        user=None,
        actor_name=actor_name,
        note="",
        at=at,
        version=version,
    )
    return version


def may_publish(user: User, period: ReportingPeriod) -> bool:
    """Whether ``user`` holds the role that publishes ``period`` (공개), whatever its status:
    who may also ask for a 보고본's files again."""
    transition = PERIOD_TRANSITIONS[PeriodAction.PUBLISH]
    return may_act(user, transition.permission, period.plan)


@transaction.atomic
def retry_progress_files(*, version: PublishedProgress, user: User) -> PublishedProgress:
    """다시 시도: the 보고본 whose files failed to be made is 파일 만드는 중 again and its job
    queued (plans.workflow.progress_jobs); the file already stored is kept. Who may publish the
    period may ask. The 보고본 as it is now (in immediate mode the job has run)."""
    if not may_publish(user, version.period):
        raise PermissionDenied(_("추진실적 공개 권한이 없습니다."))
    # Failed to pending in one statement: of two staff pressing 다시 시도, one queues the job.
    queued = PublishedProgress.objects.filter(pk=version.pk, files_state=FilesState.FAILED).update(
        files_state=FilesState.PENDING, render_error="", files_failed_at=None
    )
    if not queued:
        raise WorkflowError(
            _("%(label)s은 파일 만들기에 실패한 보고본이 아닙니다.") % {"label": version.label}
        )
    enqueue_progress_files(version.pk)
    return PublishedProgress.objects.defer("report", "pdf", "xlsx").get(pk=version.pk)


# ---------------------------------------------------------------------------------------------
# The steps they share


def _locked(period: ReportingPeriod) -> ReportingPeriod:
    return (
        ReportingPeriod.objects.select_for_update(of=("self",))
        .select_related("plan__department", "session", "public_version")
        .get(pk=period.pk)
    )


def _move(
    period: ReportingPeriod,
    action: PeriodAction,
    target: PeriodStatus,
    *,
    user: User | None,
    note: str,
    at: datetime.datetime,
    version: PublishedProgress | None,
    actor_name: str = "",
) -> PeriodEvent:
    before = period.status
    period.status = target
    fields = ["status"]
    if version is not None:
        period.public_version = version
        period.published_at = version.published_at
        fields += ["public_version", "published_at"]
    save_fields(period, fields)
    return event_record(
        PeriodEvent,
        period=period,
        action=action,
        from_status=before,
        to_status=target,
        at=at,
        user=user,
        actor_name=actor_name,
        note=note,
        version=version,
    )


def _publish(
    period: ReportingPeriod,
    *,
    user: User | None,
    at: datetime.datetime,
    render_files: bool,
    actor_name: str = "",
) -> PublishedProgress:
    """Freeze the period's report into a new version, or give the public one back when the
    report has not changed since (same content, same session)."""
    report = published(progress_report(period))
    data = dump_progress(report)
    digest = progress_hash(data)
    current = period.public_version
    if (
        current is not None
        and current.content_hash == digest
        and current.session_id == period.session_id
    ):
        return current
    last = period.versions.aggregate(last=Max("number"))["last"] or 0
    version = PublishedProgress(
        period=period,
        number=last + 1,
        session=period.session,
        published_at=at,
        published_by=account_of(user),
        published_by_name=actor_name or actor_name_of(user),
        content_hash=digest,
        report=data,
        report_format=PROGRESS_REPORT_FORMAT,
        # Without a job its files are made on their first download: nothing is pending.
        files_state=FilesState.PENDING if render_files else FilesState.READY,
    )
    version.full_clean()
    version.save()
    if render_files:
        enqueue_progress_files(version.pk)
    return version
