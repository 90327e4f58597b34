"""A 보고본's files on its period's 검토·공개 page: stored (저장됨), being made (만드는 중, n/2),
or failed (실패, with the reason and the time, recorded by the job's last try), and 다시 시도,
which queues the job again for who may publish the period (a 검토자 is refused with 403, as on a
plan's page) and clears the failure once the files are made.

The jobs run inline (Huey's immediate mode); a retry waits until tests.queue.run_scheduled runs
it. The renderers are stand-ins (tests.progress.helpers.renderers) that fail as told."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.admin.files_progress import FilesProgress
from plans.models import FilesState, ProgressStatus, PublishedProgress
from plans.workflow.progress_files import stored_file
from plans.workflow.progress_review import (
    period_approve,
    period_publish,
    period_reopen,
    period_submit,
)
from tests.helpers import text_of
from tests.progress.helpers import FILES, items_of, publish, renderers, write
from tests.queue import run_scheduled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_queue")]

REASON = "표 스타일이 없습니다"
TRIES = 1 + settings.PUBLICATION_RENDER_RETRIES


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def review_page(client: Client, period):
    page = client.get(reverse("admin:plans_reportingperiod_review", args=[period.pk]))
    assert page.status_code == 200
    return page


def files_cell(page, version: PublishedProgress) -> FilesProgress:
    """What the page says of the 보고본's files (its row: version, addresses, files)."""
    (files,) = [files for shown, _urls, files in page.context["versions"] if shown.pk == version.pk]
    return files


def retry_url(version: PublishedProgress) -> str:
    return reverse(
        "admin:plans_reportingperiod_retry_files", args=[version.period_id, version.number]
    )


def failed_publication(approved, publisher, monkeypatch, *, pdf_failures: int = TRIES):
    """The period published with its PDF failing ``pdf_failures`` times: every try of the job,
    by default; the 보고본 and the stand-ins."""
    stand_ins = renderers(monkeypatch, {"pdf": pdf_failures}, message=REASON)
    version = period_publish(period=approved, user=publisher).version
    while run_scheduled():
        pass
    return PublishedProgress.objects.get(pk=version.pk), stand_ins


def test_a_render_failing_every_try_records_the_failure_and_the_page_shows_it(
    approved, publisher, monkeypatch
):
    version, stand_ins = failed_publication(approved, publisher, monkeypatch)

    assert stand_ins.calls == {"pdf": TRIES, "xlsx": 0}
    assert version.files_state == FilesState.FAILED
    assert version.render_error == f"추진실적 PDF를 만들지 못했습니다: {REASON}"
    assert version.files_failed_at is not None
    # The 보고본 is public all the same.
    approved.refresh_from_db()
    assert approved.public_version_id == version.pk

    page = review_page(logged_in(publisher), approved)
    files = files_cell(page, version)
    assert (files.failed, files.stored, files.files_done, files.may_retry) == (True, False, 0, True)
    text = text_of(page)
    failed_at = timezone.localtime(version.files_failed_at).strftime("%Y. %-m. %-d. %H:%M")
    assert f"실패 ({failed_at}): {version.render_error}" in text
    assert "다시 시도" in text
    assert f'action="{retry_url(version)}"' in page.content.decode()


def test_retrying_queues_the_job_again_and_its_success_clears_the_failure(
    approved, publisher, monkeypatch
):
    # The PDF fails every try of the first job, then works: the cause is mended.
    version, stand_ins = failed_publication(approved, publisher, monkeypatch)
    client = logged_in(publisher)

    answer = client.post(retry_url(version))

    assert answer.status_code == 302
    assert answer["Location"] == reverse("admin:plans_reportingperiod_review", args=[approved.pk])
    (message,) = [str(m) for m in get_messages(answer.wsgi_request)]
    assert message == f"{version.label}의 PDF와 엑셀 통합문서를 만들었습니다."
    version.refresh_from_db()
    assert (version.files_state, version.render_error, version.files_failed_at) == (
        FilesState.READY,
        "",
        None,
    )
    assert {kind: stored_file(version, kind) for kind in FILES} == FILES
    assert stand_ins.calls == {"pdf": TRIES + 1, "xlsx": 1}
    files = files_cell(review_page(client, approved), version)
    assert (files.stored, files.failed, files.may_retry) == (True, False, False)


def test_a_retry_that_fails_again_is_recorded_anew(approved, publisher, monkeypatch):
    version, stand_ins = failed_publication(
        approved, publisher, monkeypatch, pdf_failures=2 * TRIES
    )
    first_failure = version.files_failed_at

    answer = logged_in(publisher).post(retry_url(version))

    # Its first try failed: the job waits for the next, the 보고본 파일 만드는 중 meanwhile.
    (message,) = [str(m) for m in get_messages(answer.wsgi_request)]
    assert message == (
        f"{version.label}의 PDF와 엑셀 통합문서를 다시 만들도록 했습니다. "
        "진행 상황은 보고본 칸에 나옵니다."
    )
    version.refresh_from_db()
    assert (version.files_state, version.render_error) == (FilesState.PENDING, "")
    while run_scheduled():
        pass
    version.refresh_from_db()
    assert version.files_state == FilesState.FAILED
    assert version.render_error == f"추진실적 PDF를 만들지 못했습니다: {REASON}"
    assert version.files_failed_at > first_failure
    assert stand_ins.calls == {"pdf": 2 * TRIES, "xlsx": 0}


def test_who_may_not_publish_the_period_gets_no_button_and_is_refused(
    approved, publisher, reviewer, monkeypatch
):
    version, stand_ins = failed_publication(approved, publisher, monkeypatch)
    client = logged_in(reviewer)

    files = files_cell(review_page(client, approved), version)
    answer = client.post(retry_url(version))

    assert (files.failed, files.may_retry) == (True, False)
    assert answer.status_code == 403
    version.refresh_from_db()
    assert version.files_state == FilesState.FAILED
    assert stand_ins.calls == {"pdf": TRIES, "xlsx": 0}


def test_retry_answers_a_post_only_and_refuses_a_version_that_did_not_fail(
    approved, publisher, monkeypatch
):
    renderers(monkeypatch, {})
    version = period_publish(period=approved, user=publisher).version
    client = logged_in(publisher)

    assert client.get(retry_url(version)).status_code == 405
    answer = client.post(retry_url(version))

    assert answer.status_code == 302
    (message,) = [str(m) for m in get_messages(answer.wsgi_request)]
    assert message == f"{version.label}은 파일 만들기에 실패한 보고본이 아닙니다."


def test_a_version_whose_job_is_running_shows_what_is_stored_so_far(
    approved, publisher, monkeypatch
):
    # The workbook fails once: the job waits for its retry with the PDF stored.
    renderers(monkeypatch, {"xlsx": 1})
    version = period_publish(period=approved, user=publisher).version

    page = review_page(logged_in(publisher), approved)
    files = files_cell(page, version)

    assert (files.pending, files.files_done, files.files_total) == (True, 1, len(FILES))
    assert f"만드는 중 (1/{len(FILES)})" in text_of(page)


def test_a_version_published_without_a_job_is_left_to_its_first_download(
    approved, publisher, reviewer, session
):
    publish(approved, session)  # as the demo's document publishes it: no job
    version = approved.public_version

    page = review_page(logged_in(publisher), approved)
    files = files_cell(page, version)

    assert (files.pending, files.failed, files.stored) == (False, False, False)
    assert f"첫 내려받기 때 만듭니다 (0/{len(FILES)} 저장)" in text_of(page)


def test_the_page_reads_every_versions_files_in_one_query(
    approved, plan, writer, reviewer, publisher, monkeypatch
):
    renderers(monkeypatch, {})
    period_publish(period=approved, user=publisher)
    client = logged_in(publisher)
    with CaptureQueriesContext(connection) as one:
        review_page(client, approved)
    # A second 보고본: the period reopened, an entry corrected, published again.
    period_reopen(period=approved, user=reviewer, note="정정")
    (item, _second), *_rest = items_of(plan)
    write(approved, (item, ProgressStatus.COMPLETED, 100, ""))
    period_submit(period=approved, user=writer)
    period_approve(period=approved, user=reviewer)
    period_publish(period=approved, user=publisher)
    assert PublishedProgress.objects.filter(period=approved).count() == 2

    with CaptureQueriesContext(connection) as two:
        page = review_page(client, approved)

    assert len(page.context["versions"]) == 2
    assert len(two) == len(one)
