"""The end of a publication whose files a job renders (plans.workflow.jobs): the version goes
public, or it is marked failed. Each is one transaction with the plan row locked, so the plan's
public version, its status and its log change together or not at all: a reader sees the old
version or the new one with all its files, never a version half made.

A version pending its files leaves the plan 승인 (plans.workflow.transitions refuses every
transition meanwhile, so nothing moves the plan under the job); going public moves it to 게시 and
records the 게시 step, by the person who asked for it; the booklets of the sessions it changes are
queued then (plans.workflow.booklet_jobs)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from plans.models import (
    FilesState,
    PlanAction,
    PlanEvent,
    PlanStatus,
    PublishedVersion,
    WorkPlan,
)
from plans.workflow.booklet_jobs import prebuild_booklets
from plans.workflow.events import plan_event_record
from plans.workflow.writes import save_fields

#: The plan's columns going public writes.
PLAN_FIELDS = ["status", "published_at", "public_version", "updated_at"]
#: Who the log names for what the job decided by itself.
JOB_NAME = "게시 작업"


def _locked(version_pk: int) -> tuple[WorkPlan, PublishedVersion]:
    """The version's plan and the version, locked in that order (as every workflow service
    locks the plan first), the version read again under the lock."""
    plan_pk = PublishedVersion.objects.values_list("plan_id", flat=True).get(pk=version_pk)
    plan = WorkPlan.objects.select_for_update(of=("self",)).get(pk=plan_pk)
    version = PublishedVersion.objects.select_for_update(of=("self",)).light().get(pk=version_pk)
    return plan, version


@transaction.atomic
def release_version(version_pk: int) -> bool:
    """Make the pending version, all its files stored, the one the public reads: the plan's
    public version and status 게시, with the 게시 step in its log. False, and nothing written,
    if the version is no longer pending (another job released it, or it failed)."""
    plan, version = _locked(version_pk)
    if version.files_state != FilesState.PENDING:
        return False
    version.files_state = FilesState.READY
    version.render_error = ""
    save_fields(version, ["files_state", "render_error"])
    before, replaced = plan.status, plan.public_version_id
    plan.public_version = version
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = version.published_at
    save_fields(plan, PLAN_FIELDS)
    plan_event_record(
        plan=plan,
        action=PlanAction.PUBLISH,
        from_status=before,
        to_status=plan.status,
        at=timezone.now(),
        user=version.published_by,
        actor_name=version.published_by_name,
        version=version,
    )
    # The sessions' booklets change with their public versions: built for the next reader.
    prebuild_booklets(plan, version.pk, replaced)
    return True


@transaction.atomic
def fail_version(version_pk: int, message: str) -> bool:
    """Mark the pending version failed with ``message`` (Korean, for the staff page) and record
    the failure in the plan's log. The plan and the public version stay as they were. False if
    the version is no longer pending."""
    plan, version = _locked(version_pk)
    if version.files_state != FilesState.PENDING:
        return False
    mark_version(
        plan,
        version,
        FilesState.FAILED,
        error=message,
        action=PlanAction.RENDER_FAILED,
        actor_name=JOB_NAME,
    )
    return True


def mark_version(
    plan: WorkPlan,
    version: PublishedVersion,
    state: FilesState,
    *,
    action: PlanAction,
    error: str = "",
    user: User | None = None,
    actor_name: str = "",
) -> PlanEvent:
    """Put the version (locked with its plan) in ``state`` with ``error`` as its reason, and
    record ``action`` in the plan's log, the plan's status unchanged; the error is the step's
    note."""
    version.files_state = state
    version.render_error = error
    save_fields(version, ["files_state", "render_error"])
    return plan_event_record(
        plan=plan,
        action=action,
        from_status=plan.status,
        to_status=plan.status,
        at=timezone.now(),
        user=user,
        actor_name=actor_name,
        note=error,
        version=version,
    )
