"""The job on the queue (Huey; README: 작업 대기열) that renders a published 추진실적 보고본's
PDF and workbook, so that no staff request lays out a PDF.

**Why the 보고본 is public at once, unlike a plan's version.** A plan's version waits for its
files (plans.workflow.jobs, plans.workflow.release) because the plan's status, its public
version and its log move together when they are stored. A period's 보고본 is public as soon as
it is published (공개, as before the queue), and its two files are filled in afterwards, once,
as the synthetic county's versions are: the job stores each as it is made, and a download that
comes before the job (or after a job that failed) renders the file from the frozen report
itself (plans.workflow.progress_files). What the public reads is the same either way, since both
render the frozen report. The public never waits on the job, so the 보고본 has no pending
state for readers (no old 보고본 kept public meanwhile); the job's state is kept for staff only.

A render that raises is tried again as a plan's is (``PUBLICATION_RENDER_RETRIES``, after
``…_RETRY_DELAY`` seconds, each wait ``…_RETRY_BACKOFF`` times the one before), keeping the file
already stored; the last try that fails is logged as an error on ``workplan.publication``
naming the period, the 보고본 and the file, and recorded on the 보고본 (실패, the reason and the
time) for the period's 검토·공개 page, where staff queue the job again (다시 시도:
plans.workflow.progress_review.retry_progress_files); meanwhile the file is left to its first
download. The state is the plan's version's (plans.models.FilesState: 파일 만드는 중 while the
job has not finished, then 게시됨 or 실패) without what it means there: the 보고본 is public
whatever it says. In immediate mode (`make run`, the tests) the job runs inline, inside the
publication's transaction."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from huey.contrib.djhuey import db_task

from plans.models import FilesState, PublishedProgress
from plans.workflow.jobs import failure_message
from plans.workflow.progress_files import missing_kinds, render_file
from plans.workflow.queueing import enqueue_after_commit
from plans.workflow.version_files import keep_file

logger = logging.getLogger("workplan.publication")

#: What each file is called in the log, with its object particle.
FILE_NAMES = {"pdf": "추진실적 PDF를", "xlsx": "추진실적 엑셀 통합문서를"}


def enqueue_progress_files(version_pk: int) -> None:
    """Queue the job that renders the 보고본's files, once the publication is committed."""
    enqueue_after_commit(render_progress_files.s(version_pk))


@db_task(
    context=True,
    retries=settings.PUBLICATION_RENDER_RETRIES,
    retry_delay=settings.PUBLICATION_RENDER_RETRY_DELAY,
    retry_backoff=settings.PUBLICATION_RENDER_RETRY_BACKOFF,
)
def render_progress_files(version_pk: int, task=None) -> None:
    """Huey's task: one try at the 보고본's files. ``task.retries`` is how many tries are left
    after this one; with none left a failure is logged and not raised."""
    render_missing(version_pk, last_try=not task.retries)


def render_missing(version_pk: int, *, last_try: bool) -> list[str]:
    """Render and store the files the 보고본 lacks; the kinds stored by this try. With both
    stored the 보고본's state is 게시됨; a render that raises is raised again for the queue to
    try later, or, on the last try, logged and recorded as the 보고본's failure."""
    version = (
        PublishedProgress.objects.defer("pdf", "xlsx")
        .select_related("period__plan__department", "session")
        .filter(pk=version_pk)
        .first()
    )
    if version is None:
        return []  # gone with a rolled-back publication
    stored = []
    kind = None
    try:
        for kind in missing_kinds(version_pk):
            keep_file(version, kind, render_file(version, kind))
            stored.append(kind)
    except Exception as error:
        if not last_try:
            raise
        message = failure_message(kind, error, names=FILE_NAMES)
        logger.exception("추진실적 %s %s: %s", version.period, version.label, message)
        _mark(version_pk, FilesState.FAILED, error=message, failed_at=timezone.now())
        return stored
    _mark(version_pk, FilesState.READY)
    return stored


def _mark(version_pk: int, state: FilesState, *, error: str = "", failed_at=None) -> None:
    """Put the 보고본 whose job is running in ``state``: one no longer pending (gone to 게시됨
    by another run) is left as it is."""
    PublishedProgress.objects.filter(pk=version_pk, files_state=FilesState.PENDING).update(
        files_state=state, render_error=error, files_failed_at=failed_at
    )
