"""The production path of a publication: the job goes through Redis to a real Huey worker
(its consumer, with a worker thread and its scheduler, as `manage.py run_huey` starts it) that
renders the real PDF, workbook and 한글 file and makes the version public, in another thread
with its own database connection, after the publication is committed.

Needs Redis at QUEUE_URL (default redis://127.0.0.1:6379/15), which CI starts; skipped, saying
so, where none answers."""

from __future__ import annotations

import threading

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import Client
from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR

from plans.models import FilesState, PlanAction, PlanEvent, PlanStatus, PublishedVersion
from plans.workflow.services import plan_publish
from plans.workflow.version_files import files_present
from tests.workflow.helpers import WORKFLOW_PERMS, bring_to, publishable_plan, staff, team_of

# Rendering three real files of a one-card plan takes seconds; the bound only stops a hung run.
JOB_TIMEOUT = 180


@pytest.fixture
def worker():
    """Huey as production runs it: queued in Redis, and a consumer in this process."""
    queue_url = settings.HUEY["connection"]["url"]
    try:
        redis.Redis.from_url(queue_url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis가 없어 실제 작업자를 시험하지 않습니다({queue_url}: {error}).")
    HUEY.immediate = False  # the storage of the settings: Redis
    HUEY.storage.flush_all()
    done = threading.Event()
    outcomes = []

    def finished(signal, task, *args):
        outcomes.append(signal)
        done.set()

    def close_connection(task, value, exc):
        connection.close()  # the worker thread's own, before the test database goes

    HUEY.signal(SIGNAL_COMPLETE, SIGNAL_ERROR)(finished)
    HUEY.post_execute("close-connection")(close_connection)
    consumer = HUEY.create_consumer(workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        yield done, outcomes
    finally:
        consumer.stop(graceful=True)
        HUEY.disconnect_signal(finished, SIGNAL_COMPLETE, SIGNAL_ERROR)
        HUEY.unregister_post_execute("close-connection")
        HUEY.storage.flush_all()
        HUEY.immediate = True


@pytest.mark.django_db(transaction=True)
def test_a_worker_renders_the_files_and_makes_the_version_public(worker):
    done, outcomes = worker
    plan = publishable_plan(cards=1)
    publisher = staff("publisher", team=team_of(plan), perms=WORKFLOW_PERMS)
    plan = bring_to(plan, PlanStatus.APPROVED, user=publisher)

    version = plan_publish(plan=plan, user=publisher).version

    assert done.wait(JOB_TIMEOUT), "작업자가 게시 파일을 제때 만들지 못했습니다."
    assert outcomes == [SIGNAL_COMPLETE]
    version = PublishedVersion.objects.get(pk=version.pk)
    plan.refresh_from_db()
    assert (version.files_state, version.render_attempts) == (FilesState.READY, 1)
    assert files_present(version.pk) == {"pdf": True, "xlsx": True, "hwpx": True}
    assert bytes(version.pdf).startswith(b"%PDF-")
    assert bytes(version.xlsx).startswith(b"PK")
    assert bytes(version.hwpx).startswith(b"PK")
    assert (plan.status, plan.public_version_id) == (PlanStatus.PUBLISHED, version.pk)
    assert PlanEvent.objects.filter(plan=plan, action=PlanAction.PUBLISH, version=version).exists()
    pdf = Client().get(f"{plan.get_absolute_url()}report.pdf")
    assert pdf.status_code == 200
    assert pdf.content == bytes(version.pdf)
