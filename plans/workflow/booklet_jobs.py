"""The session booklets (회기 전체 보고서, PDF and 한글) built on the queue (Huey; README: 작업
대기열), so that the first reader after a publication does not wait for them: the 한글 booklet
of 30 departments takes 17.5 s to lay out, the PDF about a second from the stored files.

When a version goes public (plans.workflow.release) or is withdrawn (plans.workflow.services),
the booklets of the sessions it changes are queued: the session of the version, of the version
it replaces, and the one the plan is written for (its row is in that session's digest). The job
builds them as a request would and keeps them under their digest (plans.workflow.booklets,
whose booklets the session's address serves); a request that comes before the job builds the
booklet itself, as before.

**A burst ends in one build.** A session's bulk publication releases some 30 versions within
minutes, each changing the booklets' digest. Each job carries the digest its change made (read
once the change is committed) and waits ``BOOKLET_PREBUILD_DELAY`` seconds; when it runs, a
digest that has moved on means a later change queued a job of its own, and this one does
nothing; booklets already kept for the digest (a request, or another job, built them) are not
built again. So only the job of the last change builds, once. Two worker threads may still
build the same booklets at once (a release and ``requeue_publications --booklets`` meeting): the
same bytes are kept twice, which costs time only. Huey's task lock was not used for that: its
lock has no expiry on our SQLite queue, so a worker killed mid-build would keep the session
locked until someone flushed it.

**Derived data.** A build that raises is tried again as a publication's render is
(``PUBLICATION_RENDER_RETRIES`` …); the last failure is logged on ``workplan.publication`` and
nothing else happens: the booklet's next request builds it. Nothing public waits for it.

``BOOKLET_PREBUILD`` turns the queueing on (production); it is off in the tests and under
`make run`, where jobs run inline: a 30-department 한글 booklet laid out inside each
publication's request would make publishing slow, and the reader's first request builds it
anyway. `manage.py requeue_publications --booklets` queues every session's booklets whatever
the setting (after a deployment, whose code release is in the digest)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from huey.contrib.djhuey import HUEY, db_task

from plans.models import CouncilSession, PublishedVersion, WorkPlan
from plans.workflow.booklets import booklet_digest, keep_session_booklets
from plans.workflow.queueing import run_after_commit

logger = logging.getLogger("workplan.publication")


def prebuild_booklets(plan: WorkPlan, *version_pks: int | None) -> None:
    """Queue the booklets of the sessions a change of ``plan``'s public version touches (the
    sessions of ``version_pks``, None left out, and the plan's own), once the change commits;
    nothing unless BOOKLET_PREBUILD."""
    if settings.BOOKLET_PREBUILD:
        versions = [pk for pk in version_pks if pk is not None]
        sessions = Q(pk=plan.session_id) | Q(
            pk__in=PublishedVersion.objects.filter(pk__in=versions).values("session_id")
        )
        enqueue_booklets(sessions)


def enqueue_booklets(sessions: Q) -> None:
    """Queue a job per session matching ``sessions`` once the transaction commits (now in
    immediate mode), each with the digest its booklets have then."""

    def enqueue() -> None:
        for session in _sessions(sessions):
            job = build_session_booklets.s(session.pk, booklet_digest(session), delay=_delay())
            HUEY.enqueue(job)

    run_after_commit(enqueue)


def requeue_booklets() -> list[int]:
    """Queue the booklets of every session some plan's public version is presented to (those
    kept already are skipped by their job); the sessions' pks."""
    pks = sorted(
        set(WorkPlan.objects.published().values_list("public_version__session_id", flat=True))
    )
    enqueue_booklets(Q(pk__in=pks))
    return pks


def _sessions(sessions: Q) -> Iterable[CouncilSession]:
    return CouncilSession.objects.select_related("organization").filter(sessions).order_by("pk")


def _delay() -> int | None:
    # In immediate mode a job given a delay would wait in the in-memory schedule, never run.
    return None if HUEY.immediate else settings.BOOKLET_PREBUILD_DELAY


@db_task(
    context=True,
    retries=settings.PUBLICATION_RENDER_RETRIES,
    retry_delay=settings.PUBLICATION_RENDER_RETRY_DELAY,
    retry_backoff=settings.PUBLICATION_RENDER_RETRY_BACKOFF,
)
def build_session_booklets(session_pk: int, digest: str, task=None) -> None:
    """Huey's task: one try at the session's booklets for ``digest``. ``task.retries`` is how
    many tries are left after this one; with none left a failure is logged, not raised."""
    keep_booklets(session_pk, digest, last_try=not task.retries)


def keep_booklets(session_pk: int, digest: str, *, last_try: bool) -> list[str]:
    """Build and keep the session's booklets for ``digest`` unless it is no longer the
    session's or they are kept already; the kinds built. A build that raises is raised again
    for the queue to try later, or, on the last try, logged."""
    session = CouncilSession.objects.select_related("organization").filter(pk=session_pk).first()
    if session is None or booklet_digest(session) != digest:
        return []  # a later change queued its own job
    if not WorkPlan.objects.published().filter(public_version__session=session).exists():
        return []  # nothing public: the session's pages and booklets answer 404
    try:
        return keep_session_booklets(session, digest)
    except Exception:
        if not last_try:
            raise
        logger.exception("%s 회기 전체 보고서를 만들지 못했습니다.", session)
        return []
