"""Queueing a job once the change that asks for it is committed (Huey; README: 작업 대기열): the
one rule every job of the portal is queued by (a publication's files, a 보고본's files, the
session booklets). Kept apart from the jobs so that any of them may queue another."""

from __future__ import annotations

from django.db import transaction
from huey.contrib.djhuey import HUEY


def enqueue_after_commit(job) -> None:
    """Queue ``job``. A worker reads the database from another connection, so the job is
    queued once the change is committed (never for one rolled back); in immediate mode it runs
    now, in this transaction, which it can read."""
    run_after_commit(lambda: HUEY.enqueue(job))


def run_after_commit(enqueue) -> None:
    """Call ``enqueue`` (which queues jobs) once the transaction commits, or now in immediate
    mode (see :func:`enqueue_after_commit`)."""
    if HUEY.immediate:
        enqueue()
    else:
        transaction.on_commit(enqueue)
