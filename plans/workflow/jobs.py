"""The publication's job on the queue (Huey; README: 작업 대기열): render a pending version's
files, then make it public.

게시 (plans.workflow.services.plan_publish) freezes the plan into a version whose files are
pending and calls :func:`enqueue_render`. The worker (`manage.py run_huey`, started by
`make serve`) runs :func:`render_publication`: it renders each missing file from the frozen
report and stores it at once (the staff page counts them, 파일 만드는 중 (n/3)), and with all
three stored releases the version (plans.workflow.release). A render that raises is tried again
PUBLICATION_RENDER_RETRIES times, after PUBLICATION_RENDER_RETRY_DELAY seconds and twice as long
each time after; the last try that fails marks the version failed with the error, and the
public keeps the version it had. Files stored by an earlier try are kept, so a retry renders
only the rest.

In immediate mode (`make run`, the tests) the job runs inline where it is enqueued, inside the
publication's transaction; the same code and the same retries, through Huey's API."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import F
from huey.contrib.djhuey import db_task

from plans.models import FilesState, PublishedVersion
from plans.workflow.freezing import frozen_report
from plans.workflow.queueing import enqueue_after_commit
from plans.workflow.release import fail_version, release_version
from plans.workflow.version_files import FILE_NAMES, keep_file, missing_kinds, render_file

logger = logging.getLogger("workplan.publication")


def enqueue_render(version_pk: int) -> None:
    """Queue the job that renders the version's files."""
    enqueue_after_commit(render_publication.s(version_pk))


def requeue_pending() -> list[int]:
    """Queue again the job of every version still pending: a worker stopped mid-job loses it
    (Huey takes a job off the queue when it starts it), and the job is safe to run twice.
    The versions' pks."""
    pending = list(
        PublishedVersion.objects.filter(files_state=FilesState.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for version_pk in pending:
        enqueue_render(version_pk)
    return pending


@db_task(
    context=True,
    retries=settings.PUBLICATION_RENDER_RETRIES,
    retry_delay=settings.PUBLICATION_RENDER_RETRY_DELAY,
    retry_backoff=settings.PUBLICATION_RENDER_RETRY_BACKOFF,
)
def render_publication(version_pk: int, task=None) -> None:
    """Huey's task: one try at the version's files. ``task.retries`` is how many tries are
    left after this one; with none left a failure is final."""
    render_and_release(version_pk, last_try=not task.retries)


def render_and_release(version_pk: int, *, last_try: bool) -> None:
    """Render what the version lacks, then release it. A render that raises is raised again
    for the queue to try later, or, on the last try, marks the version failed."""
    version = PublishedVersion.objects.light().filter(pk=version_pk).first()
    if version is None or version.files_state != FilesState.PENDING:
        return  # released or failed already, or gone with a rolled-back publication
    PublishedVersion.objects.filter(pk=version_pk).update(render_attempts=F("render_attempts") + 1)
    kind = None
    try:
        report = frozen_report(version).report
        for kind in missing_kinds(version):
            keep_file(version, kind, render_file(version, kind, report))
    except Exception as error:
        if not last_try:
            raise
        logger.exception("게시본 %s의 파일을 만들지 못했습니다.", version_pk)
        fail_version(version_pk, failure_message(kind, error))
        return
    release_version(version_pk)


def failure_message(
    kind: str | None, error: Exception, *, names: dict[str, str] = FILE_NAMES
) -> str:
    """What the staff page and the log say of a failed render: which file (as ``names`` calls
    it), and the error."""
    what = names[kind] if kind else "보고서 내용을"
    detail = str(error).strip() or type(error).__name__
    return f"{what} 만들지 못했습니다: {detail}"
