"""The workflow's writes, one service per transition: ``plan_submit``, ``plan_return``,
``plan_approve``, ``plan_publish``, ``plan_withdraw`` and ``plan_start_revision``, each
``(*, plan, user, note="")``; and ``plan_record_publication`` for a plan that arrives published
from outside the admin (a document read by ``load_demo``, the synthetic county). The admin, the
commands, the imports and the tests call these; nothing else changes a plan's status or its
public version, but the publication's job that ``plan_publish`` queues (plans.workflow.release).

Each service locks the plan row, asks plans.workflow.transitions whether the transition is
allowed now (and refuses in Korean if not), writes the plan (publishing: the version frozen by
plans.workflow.freezing, its files left to a job, plans.workflow.jobs, which makes it public)
and records the step (plans.workflow.events), all in one transaction. ``plan_retry_publication``
queues a version's failed job again. ``perform`` makes the transition an action code names,
for the admin's buttons."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import (
    FILE_KINDS,
    FilesState,
    PlanAction,
    PlanEvent,
    PlanStatus,
    PublishedAchievement,
    PublishedCard,
    PublishedVersion,
    WorkPlan,
)
from plans.report.context import PlanReport
from plans.workflow import freezing, teamparts
from plans.workflow.booklet_jobs import prebuild_booklets
from plans.workflow.events import account_of, actor_name_of, plan_event_record
from plans.workflow.jobs import enqueue_render
from plans.workflow.release import PLAN_FIELDS, mark_version
from plans.workflow.transitions import (
    TRANSITIONS,
    WorkflowError,
    ensure_allowed,
    may_act,
)
from plans.workflow.version_files import render_file
from plans.workflow.writes import save_fields as _save

# ---------------------------------------------------------------------------------------------
# The transitions


@transaction.atomic
def plan_submit(*, plan: WorkPlan, user: User, note: str = "") -> PlanEvent:
    """검토 요청: 작성 중 → 검토 중. The plan is what the reviewer reads; nobody edits it."""
    plan, _report = _begin(PlanAction.SUBMIT, plan=plan, user=user, note=note)
    return _finish(PlanAction.SUBMIT, plan=plan, user=user, note=note)


@transaction.atomic
def plan_return(*, plan: WorkPlan, user: User, note: str = "") -> PlanEvent:
    """반려: 검토 중 or 승인 → 작성 중, with the reason (``note``, required)."""
    plan, _report = _begin(PlanAction.RETURN, plan=plan, user=user, note=note)
    _new_round_of_writing(plan, user=user, action=PlanAction.RETURN)
    return _finish(PlanAction.RETURN, plan=plan, user=user, note=note)


@transaction.atomic
def plan_approve(*, plan: WorkPlan, user: User, note: str = "") -> PlanEvent:
    """승인: 검토 중 → 승인, once the 게시 전 점검 finds no error."""
    plan, _report = _begin(PlanAction.APPROVE, plan=plan, user=user, note=note)
    return _finish(PlanAction.APPROVE, plan=plan, user=user, note=note)


@transaction.atomic
def plan_publish(
    *, plan: WorkPlan, user: User, note: str = "", render_files: bool = True
) -> PlanEvent:
    """게시, once the 점검 finds no error: the plan as it stands is frozen into a new version.

    Its PDF, workbook and 한글 file are rendered by a job on the queue (plans.workflow.jobs),
    which then makes the version public and moves the plan to 게시; until then the plan stays
    승인 and the public reads the version it read before. The event returned is the 게시 요청
    (naming the version); the job records the 게시 itself.

    ``render_files=False`` makes the version public now, its files rendered from the frozen
    report on their first download (the tests of the workflow, which need no files)."""
    plan, report = _begin(PlanAction.PUBLISH, plan=plan, user=user, note=note)
    at = timezone.now()
    if not render_files:
        version = _publish_version(plan, user=user, at=at, render_files=False, report=report)
        plan.published_at = version.published_at
        return _finish(PlanAction.PUBLISH, plan=plan, user=user, note=note, at=at, version=version)
    version = _new_version(plan, user=user, at=at, report=report, pending=True)
    event = plan_event_record(
        plan=plan,
        action=PlanAction.PUBLISH_REQUEST,
        from_status=plan.status,
        to_status=plan.status,
        at=at,
        user=user,
        note=note,
        version=version,
    )
    enqueue_render(version.pk)
    return event


@transaction.atomic
def plan_retry_publication(*, plan: WorkPlan, user: User) -> PlanEvent:
    """게시 파일 다시 만들기: the plan's newest version, whose files failed to be made, is
    pending again and its job queued; the files it already has are kept. Who may publish the
    plan may ask, while the plan is still 승인 (after 반려 the version is left as it failed)."""
    plan = WorkPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    transition = TRANSITIONS[PlanAction.PUBLISH]
    if not may_act(user, transition.permission, plan):
        raise PermissionDenied(_("게시 권한이 없습니다."))
    version = plan.versions.light().order_by("-number").first()
    if version is None or version.files_state != FilesState.FAILED:
        raise WorkflowError(_("파일 만들기에 실패한 게시본이 없습니다."))
    if plan.status != PlanStatus.APPROVED:
        raise WorkflowError(
            _("'%(status)s' 상태에서는 게시 파일을 다시 만들 수 없습니다. 다시 게시하십시오.")
            % {"status": plan.get_status_display()}
        )
    version = PublishedVersion.objects.select_for_update(of=("self",)).light().get(pk=version.pk)
    event = mark_version(
        plan, version, FilesState.PENDING, action=PlanAction.RENDER_RETRY, user=user
    )
    enqueue_render(version.pk)
    return event


@transaction.atomic
def plan_withdraw(*, plan: WorkPlan, user: User, note: str = "") -> PlanEvent:
    """게시 철회: 게시 → 게시 철회, with the reason (``note``, required). The public version is
    kept, marked withdrawn with the time, who and why; the public pages stop showing it."""
    plan, _report = _begin(PlanAction.WITHDRAW, plan=plan, user=user, note=note)
    at = timezone.now()
    withdrawn = plan.public_version_id
    _withdraw_version(plan, user=user, reason=note, at=at)
    event = _finish(PlanAction.WITHDRAW, plan=plan, user=user, note=note, at=at)
    # The sessions' booklets lose the department: built again for the next reader.
    prebuild_booklets(plan, withdrawn)
    return event


@transaction.atomic
def plan_start_revision(*, plan: WorkPlan, user: User, note: str = "") -> PlanEvent:
    """개정판 작성 시작: 게시 or 게시 철회 → 작성 중. The public keeps the version it reads until
    the next publication."""
    plan, _report = _begin(PlanAction.REVISE, plan=plan, user=user, note=note)
    _new_round_of_writing(plan, user=user, action=PlanAction.REVISE)
    return _finish(PlanAction.REVISE, plan=plan, user=user, note=note)


#: The service of each action code, for :func:`perform`.
SERVICES: dict[str, Callable[..., PlanEvent]] = {
    PlanAction.SUBMIT: plan_submit,
    PlanAction.RETURN: plan_return,
    PlanAction.APPROVE: plan_approve,
    PlanAction.PUBLISH: plan_publish,
    PlanAction.WITHDRAW: plan_withdraw,
    PlanAction.REVISE: plan_start_revision,
}


def perform(*, plan: WorkPlan, action: str, user: User, note: str = "") -> PlanEvent:
    """Make the transition ``action`` (a PlanAction code, as the admin's buttons and changelist
    actions name it) through its service, or raise WorkflowError/PermissionDenied."""
    service = SERVICES.get(action)
    if service is None:
        raise WorkflowError(_("알 수 없는 처리입니다: %(action)s") % {"action": action})
    return service(plan=plan, user=user, note=note)


# ---------------------------------------------------------------------------------------------
# A plan that arrives published


@transaction.atomic
def plan_record_publication(
    *, plan: WorkPlan, actor_name: str, render_files: bool = True
) -> PublishedVersion | None:
    """A plan that arrives published from outside the admin (a document read by `load_demo`,
    the synthetic county) gets its version as a publication would make it, unless the public
    version already has this content. The document or generator set the status itself;
    ``actor_name`` says which.

    ``render_files=False`` leaves the PDF and workbook to be rendered from the frozen report on
    their first download (the synthetic county: ninety PDFs up front would take minutes)."""
    plan = WorkPlan.objects.select_for_update(of=("self",)).with_context().get(pk=plan.pk)
    if plan.status != PlanStatus.PUBLISHED:
        return None
    current = plan.public_version
    document = freezing.plan_document(plan)
    if current is not None and current.content_hash == freezing.content_hash(document):
        return None
    # A plan's first version is dated when its document says it was published (the demo's
    # 2023. 2. 16.), so its 게시일 is one date on the page and in the workbook; a later
    # change read from a document is a new publication, now.
    at = plan.published_at if current is None and plan.published_at else timezone.now()
    version = _publish_version(
        plan, user=None, at=at, render_files=render_files, actor_name=actor_name
    )
    _save(plan, ["public_version"])
    plan_event_record(
        plan=plan,
        action=PlanAction.PUBLISH,
        from_status=PlanStatus.PUBLISHED,
        to_status=PlanStatus.PUBLISHED,
        at=version.published_at,
        actor_name=actor_name,
        version=version,
    )
    return version


# ---------------------------------------------------------------------------------------------
# The steps they share


def _begin(
    action: PlanAction, *, plan: WorkPlan, user: User, note: str
) -> tuple[WorkPlan, PlanReport | None]:
    """The plan row, locked for the transition so that two reviewers pressing buttons at once
    make one transition and the other sees the new status; and the report the 점검 read, if
    the transition needs it. Raises unless the transition is allowed now."""
    locked = WorkPlan.objects.select_for_update(of=("self",)).with_context().get(pk=plan.pk)
    report = ensure_allowed(TRANSITIONS[action], plan=locked, user=user, note=note)
    return locked, report


def _finish(
    action: PlanAction,
    *,
    plan: WorkPlan,
    user: User,
    note: str,
    at: datetime.datetime | None = None,
    version: PublishedVersion | None = None,
) -> PlanEvent:
    """Move the plan to the transition's status and record the step."""
    before = plan.status
    plan.status = TRANSITIONS[action].target
    _save(plan, PLAN_FIELDS)
    return plan_event_record(
        plan=plan,
        action=action,
        from_status=before,
        to_status=plan.status,
        at=at or timezone.now(),
        user=user,
        note=note,
        version=version,
    )


def _new_round_of_writing(plan: WorkPlan, *, user: User, action: PlanAction) -> None:
    """Back to 작성 중: each team marks its part ready again (plans.workflow.teamparts says why)."""
    teamparts.clear_marks(plan, user=user, action_label=str(action.label))


def _publish_version(
    plan: WorkPlan,
    *,
    user: User | None,
    at: datetime.datetime,
    render_files: bool,
    actor_name: str = "",
    report: PlanReport | None = None,
) -> PublishedVersion:
    """Freeze the plan as it stands (the plan row is locked) into a new version, its files
    rendered now or left to the first download, and make it the public one."""
    version = _new_version(plan, user=user, at=at, actor_name=actor_name, report=report)
    if render_files:
        for kind in FILE_KINDS:
            setattr(version, kind, render_file(version, kind))
        _save(version, list(FILE_KINDS))
    plan.public_version = version
    return version


def _new_version(
    plan: WorkPlan,
    *,
    user: User | None,
    at: datetime.datetime,
    actor_name: str = "",
    report: PlanReport | None = None,
    pending: bool = False,
) -> PublishedVersion:
    """The plan as it stands (the plan row is locked) frozen into a new version without files,
    with its search rows; ``pending`` while a job makes its files."""
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
    version = PublishedVersion(
        plan=plan,
        number=last + 1,
        session=plan.session,
        published_at=at,
        published_by=account_of(user),
        published_by_name=actor_name or actor_name_of(user),
        content_hash=digest,
        document=document,
        report=freezing.dump_frozen(frozen),
        report_format=freezing.REPORT_FORMAT,
        files_state=FilesState.PENDING if pending else FilesState.READY,
    )
    version.full_clean()
    version.save()
    PublishedCard.objects.bulk_create(freezing.search_rows(version, frozen.report))
    PublishedAchievement.objects.bulk_create(freezing.achievement_rows(version, frozen.report))
    return version


def _withdraw_version(plan: WorkPlan, *, user: User, reason: str, at: datetime.datetime) -> None:
    version = plan.public_version
    if version is not None:
        version.withdrawn_at = at
        version.withdrawn_by_name = actor_name_of(user)
        version.withdrawal_reason = reason.strip()
        _save(version, ["withdrawn_at", "withdrawn_by_name", "withdrawal_reason"])
    plan.public_version = None
