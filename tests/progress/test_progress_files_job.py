"""A published 추진실적 보고본's PDF and workbook are made by a job on the queue
(plans.workflow.progress_jobs), not in the 게시관리자's request: the 보고본 is public at once,
the job stores each file once, a render that raises is tried again with the plan's waits, and
after the last try the failure is logged and the file is left to its first download.

The jobs run inline (Huey's immediate mode); a retry waits until tests.queue.run_scheduled runs
it. The renderers are stand-ins except in the one test that reads the real files."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from plans.models import PeriodStatus, PublishedProgress
from plans.workflow.progress_files import stored_file
from plans.workflow.progress_review import (
    period_approve,
    period_publish,
    period_reopen,
    period_submit,
)
from tests.progress.helpers import FILES, renderers
from tests.queue import run_scheduled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_queue")]


def download(period, kind: str) -> bytes:
    plan = period.plan
    url = reverse(f"plans:progress_{kind}", args=[plan.year, plan.department.slug, period.slug])
    response = Client().get(url)
    assert response.status_code == 200
    return response.content


def test_the_job_stores_the_files_of_the_published_version(approved, publisher, monkeypatch):
    stand_ins = renderers(monkeypatch, {})

    event = period_publish(period=approved, user=publisher)

    approved.refresh_from_db()
    assert (approved.status, approved.public_version_id) == (PeriodStatus.PUBLIC, event.version_id)
    version = event.version
    assert {kind: stored_file(version, kind) for kind in FILES} == FILES
    assert stand_ins.calls == {"pdf": 1, "xlsx": 1}
    # The public downloads serve what the job stored; nothing is rendered again.
    assert {kind: download(approved, kind) for kind in FILES} == FILES
    assert stand_ins.calls == {"pdf": 1, "xlsx": 1}
    assert HUEY.scheduled() == []


def test_a_failing_render_is_tried_again_and_keeps_the_file_already_made(
    approved, publisher, monkeypatch
):
    stand_ins = renderers(monkeypatch, {"xlsx": 1})

    version = period_publish(period=approved, user=publisher).version

    # Public at once, with the PDF made before the workbook failed.
    approved.refresh_from_db()
    assert (approved.status, approved.public_version_id) == (PeriodStatus.PUBLIC, version.pk)
    assert (stored_file(version, "pdf"), stored_file(version, "xlsx")) == (FILES["pdf"], None)
    (waiting,) = HUEY.scheduled()
    assert waiting.retries == settings.PUBLICATION_RENDER_RETRIES - 1
    assert waiting.retry_delay == (
        settings.PUBLICATION_RENDER_RETRY_DELAY * settings.PUBLICATION_RENDER_RETRY_BACKOFF
    )

    run_scheduled()

    assert {kind: stored_file(version, kind) for kind in FILES} == FILES
    assert stand_ins.calls == {"pdf": 1, "xlsx": 2}


def test_a_render_that_keeps_failing_is_logged_and_left_to_the_first_download(
    approved, publisher, monkeypatch, caplog
):
    tries = 1 + settings.PUBLICATION_RENDER_RETRIES
    stand_ins = renderers(monkeypatch, {"pdf": tries}, message="표 스타일이 없습니다")

    with caplog.at_level(logging.ERROR, logger="workplan.publication"):
        version = period_publish(period=approved, user=publisher).version
        while run_scheduled():
            pass

    assert stand_ins.calls == {"pdf": tries, "xlsx": 0}
    assert (stored_file(version, "pdf"), stored_file(version, "xlsx")) == (None, None)
    (record,) = [r for r in caplog.records if r.name == "workplan.publication"]
    assert record.getMessage() == (
        f"추진실적 {approved} {version.label}: "
        "추진실적 PDF를 만들지 못했습니다: 표 스타일이 없습니다"
    )
    # The 보고본 stays public; its first download makes the file (the cause gone) and keeps it.
    approved.refresh_from_db()
    assert (approved.status, approved.public_version_id) == (PeriodStatus.PUBLIC, version.pk)
    assert download(approved, "pdf") == FILES["pdf"]
    assert download(approved, "pdf") == FILES["pdf"]
    assert stand_ins.calls == {"pdf": tries + 1, "xlsx": 0}
    assert stored_file(version, "pdf") == FILES["pdf"]


def test_publishing_an_unchanged_report_queues_nothing(
    approved, reviewer, writer, publisher, monkeypatch
):
    stand_ins = renderers(monkeypatch, {})
    first = period_publish(period=approved, user=publisher).version
    period_reopen(period=approved, user=reviewer, note="다시 봅니다.")
    period_submit(period=approved, user=writer)
    period_approve(period=approved, user=reviewer)

    again = period_publish(period=approved, user=publisher)

    assert again.version_id == first.pk
    assert PublishedProgress.objects.filter(period=approved).count() == 1
    assert stand_ins.calls == {"pdf": 1, "xlsx": 1}


def test_the_job_renders_the_real_files_from_the_frozen_report(approved, publisher):
    version = period_publish(period=approved, user=publisher).version

    pdf, xlsx = stored_file(version, "pdf"), stored_file(version, "xlsx")
    assert pdf.startswith(b"%PDF-")
    assert xlsx.startswith(b"PK")
    assert (download(approved, "pdf"), download(approved, "xlsx")) == (pdf, xlsx)
