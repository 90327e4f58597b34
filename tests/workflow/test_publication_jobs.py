"""A publication's files are made by a job on the queue (plans.workflow.jobs; README: 작업
대기열): the version is pending until its PDF, workbook and 한글 file are stored, and only then
public; a render that raises is tried again with growing waits, and after the last try the
version is marked failed, the old version still public and the failure in the plan's log; staff
try again from the plan's page.

The jobs run inline (Huey's immediate mode, the test settings); a retry waits in Huey's
schedule until :func:`run_scheduled` runs it, as the worker's scheduler would when its time
came. The renderers are replaced by stand-ins that count their calls: what is tested is the
queue and the states, not the PDF (tests/report and test_publication_worker.py render real
files)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_ENQUEUED

from plans.models import FilesState, PlanAction, PlanEvent, PlanStatus, PublishedVersion, WorkPlan
from plans.workflow import transitions, version_files
from plans.workflow.jobs import render_publication
from plans.workflow.services import plan_publish, plan_return, plan_start_revision
from plans.workflow.transitions import WorkflowError
from tests.queue import StandInRenderers, run_scheduled
from tests.workflow.helpers import WORKFLOW_PERMS, bring_to, publishable_plan, staff, team_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_queue")]

OLD_TITLE = "처음 게시한 과제"
NEW_TITLE = "고쳐 게시한 과제"
FILES = {"pdf": b"%PDF-stand-in", "xlsx": b"PK-stand-in", "hwpx": b"PK-hwpx-stand-in"}


class Renderers(StandInRenderers):
    """The stand-ins of the publication's three renderers (tests.queue)."""

    def __init__(self, monkeypatch, failures: dict[str, int], message: str = "글꼴을 찾을 수 없음"):
        super().__init__(
            monkeypatch, failures, table=version_files.RENDERERS, files=FILES, message=message
        )


@pytest.fixture
def republished():
    """A plan whose 제1판 is public (card 1 titled OLD_TITLE), revised (card 1 now NEW_TITLE)
    and approved again: ready for 게시 of 제2판; and its publisher."""
    plan = publishable_plan(cards=1)
    card = plan.cards.get()
    card.title = OLD_TITLE
    card.save()
    publisher = staff(
        "publisher", team=team_of(plan), perms=[*WORKFLOW_PERMS, "plans.view_workplan"]
    )
    plan = bring_to(plan, PlanStatus.PUBLISHED, user=publisher)
    plan_start_revision(plan=plan, user=publisher)
    card.title = NEW_TITLE
    card.save()
    plan = bring_to(plan, PlanStatus.APPROVED, user=publisher)
    return plan, publisher


def public_page(plan: WorkPlan) -> str:
    response = Client().get(plan.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_pending_version_is_not_public_until_its_files_are_made(republished, monkeypatch):
    plan, publisher = republished
    first = plan.public_version
    renderers = Renderers(monkeypatch, {"xlsx": 1})

    event = plan_publish(plan=plan, user=publisher)

    version = PublishedVersion.objects.get(pk=event.version.pk)
    assert (event.action, version.number, version.files_state) == (
        PlanAction.PUBLISH_REQUEST,
        first.number + 1,
        FilesState.PENDING,
    )
    # The PDF was stored before the workbook failed: 1 of 3, kept for the next try.
    assert version_files.files_present(version.pk) == {"pdf": True, "xlsx": False, "hwpx": False}
    plan.refresh_from_db()
    assert (plan.status, plan.public_version_id) == (PlanStatus.APPROVED, first.pk)
    page = public_page(plan)
    assert OLD_TITLE in page
    assert NEW_TITLE not in page
    version_url = reverse(
        "plans:version_detail", args=[plan.year, plan.department.slug, version.number]
    )
    assert Client().get(version_url).status_code == 404
    assert not PublishedVersion.objects.public().filter(pk=version.pk).exists()

    # The retry waits in the schedule, the wait grown by the backoff for the one after.
    (waiting,) = HUEY.scheduled()
    assert waiting.retries == settings.PUBLICATION_RENDER_RETRIES - 1
    assert waiting.retry_delay == (
        settings.PUBLICATION_RENDER_RETRY_DELAY * settings.PUBLICATION_RENDER_RETRY_BACKOFF
    )
    run_scheduled()

    version.refresh_from_db()
    plan.refresh_from_db()
    assert (version.files_state, version.render_attempts) == (FilesState.READY, 2)
    assert (plan.status, plan.public_version_id) == (PlanStatus.PUBLISHED, version.pk)
    assert plan.published_at == version.published_at
    assert version_files.stored_file(version, "xlsx") == FILES["xlsx"]
    assert renderers.calls == {"pdf": 1, "xlsx": 2, "hwpx": 1}
    page = public_page(plan)
    assert NEW_TITLE in page
    assert Client().get(version_url).status_code == 200
    steps = list(
        PlanEvent.objects.filter(plan=plan, version=version)
        .order_by("at", "pk")
        .values_list("action", "from_status", "to_status", "actor")
    )
    assert steps == [
        (PlanAction.PUBLISH_REQUEST, PlanStatus.APPROVED, PlanStatus.APPROVED, publisher.pk),
        (PlanAction.PUBLISH, PlanStatus.APPROVED, PlanStatus.PUBLISHED, publisher.pk),
    ]


def test_no_transition_while_the_files_are_being_made(republished, monkeypatch):
    plan, publisher = republished
    Renderers(monkeypatch, {"pdf": 1})
    plan_publish(plan=plan, user=publisher)
    plan.refresh_from_db()

    assert transitions.available(plan, publisher) == []
    with pytest.raises(WorkflowError, match="게시 파일을 만드는 중입니다"):
        plan_return(plan=plan, user=publisher, note="다시 고쳐 주십시오")
    with pytest.raises(WorkflowError, match="게시 파일을 만드는 중입니다"):
        plan_publish(plan=plan, user=publisher)

    admin = Client()
    admin.force_login(publisher)
    page = admin.get(reverse("admin:plans_workplan_change", args=[plan.pk])).content.decode()
    assert "파일 만드는 중 (0/3)" in page
    assert '<meta http-equiv="refresh" content="5">' in page


def test_a_render_that_keeps_failing_is_marked_failed_and_the_old_version_stays(
    republished, monkeypatch
):
    plan, publisher = republished
    first = plan.public_version
    tries = 1 + settings.PUBLICATION_RENDER_RETRIES
    renderers = Renderers(monkeypatch, {"hwpx": tries}, message="표 스타일이 없습니다")

    version = plan_publish(plan=plan, user=publisher).version
    waits = []
    while ran := run_scheduled():
        waits += ran

    # Tried once and then once per retry, each wait the one before times the backoff (the
    # first, PUBLICATION_RENDER_RETRY_DELAY, is past when the first retry runs).
    delay, backoff = (
        settings.PUBLICATION_RENDER_RETRY_DELAY,
        settings.PUBLICATION_RENDER_RETRY_BACKOFF,
    )
    retries = settings.PUBLICATION_RENDER_RETRIES
    assert waits == [(retries - n, delay * backoff**n) for n in range(1, retries + 1)]
    assert renderers.calls == {"pdf": 1, "xlsx": 1, "hwpx": tries}
    version.refresh_from_db()
    message = "한글 파일(HWPX)을 만들지 못했습니다: 표 스타일이 없습니다"
    assert (version.files_state, version.render_attempts, version.render_error) == (
        FilesState.FAILED,
        tries,
        message,
    )
    plan.refresh_from_db()
    assert (plan.status, plan.public_version_id) == (PlanStatus.APPROVED, first.pk)
    assert OLD_TITLE in public_page(plan)
    failed = PlanEvent.objects.get(plan=plan, action=PlanAction.RENDER_FAILED)
    assert (failed.note, failed.version_id, failed.actor_id) == (message, version.pk, None)
    assert not PlanEvent.objects.filter(plan=plan, version=version, action=PlanAction.PUBLISH)

    # The staff page says why, and offers to try again.
    admin = Client()
    admin.force_login(publisher)
    change_url = reverse("admin:plans_workplan_change", args=[plan.pk])
    page = admin.get(change_url).content.decode()
    assert f"<strong>실패</strong> ({message})" in page
    assert f"게시 파일을 {tries}번 만들어 보았습니다" in page
    assert 'form="publication-retry-form">다시 시도</button>' in page
    assert 'http-equiv="refresh"' not in page
    superuser = Client()
    superuser.force_login(staff("chief", team=None, superuser=True))
    record = superuser.get(
        reverse("admin:plans_publishedversion_change", args=[version.pk])
    ).content.decode()
    assert message in record
    assert version.get_absolute_url() not in record  # no link to an address that answers 404

    # 다시 시도, the cause fixed: only the missing file is made, and the version goes public.
    retry_url = reverse("admin:plans_workplan_retry_publication", args=[plan.pk])
    assert admin.get(retry_url).status_code == 405
    response = admin.post(retry_url)
    assert response.status_code == 302
    assert renderers.calls == {"pdf": 1, "xlsx": 1, "hwpx": tries + 1}
    version.refresh_from_db()
    plan.refresh_from_db()
    assert (version.files_state, version.render_error) == (FilesState.READY, "")
    assert (plan.status, plan.public_version_id) == (PlanStatus.PUBLISHED, version.pk)
    assert NEW_TITLE in public_page(plan)
    actions = list(
        PlanEvent.objects.filter(plan=plan, version=version)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        PlanAction.PUBLISH_REQUEST,
        PlanAction.RENDER_FAILED,
        PlanAction.RENDER_RETRY,
        PlanAction.PUBLISH,
    ]
    page = admin.get(change_url).content.decode()
    assert "<strong>게시됨</strong>" in page


def test_only_the_publisher_retries_and_only_a_failed_version(republished, monkeypatch):
    plan, publisher = republished
    Renderers(monkeypatch, {"pdf": 1 + settings.PUBLICATION_RENDER_RETRIES})
    plan_publish(plan=plan, user=publisher)
    while run_scheduled():
        pass
    reader = staff("reader", team=team_of(plan), perms=["plans.view_workplan"])
    retry_url = reverse("admin:plans_workplan_retry_publication", args=[plan.pk])
    client = Client()
    client.force_login(reader)
    assert client.post(retry_url).status_code == 403
    assert "다시 시도</button>" not in client.get(
        reverse("admin:plans_workplan_change", args=[plan.pk])
    ).content.decode("utf-8")
    # After 반려 the failed version is left as it is: the next 게시 freezes the plan anew.
    plan_return(plan=plan, user=publisher, note="표를 고쳐 주십시오")
    client.force_login(publisher)
    client.post(retry_url, follow=True)
    version = PublishedVersion.objects.filter(plan=plan).order_by("-number").first()
    assert version.files_state == FilesState.FAILED


def test_publishing_selected_plans_queues_one_job_per_plan(monkeypatch):
    Renderers(monkeypatch, {})
    plans = [publishable_plan(cards=1) for _ in range(2)]
    publisher = staff("chief", team=None, superuser=True)
    plans = [bring_to(plan, PlanStatus.APPROVED, user=publisher) for plan in plans]
    queued = []

    def count(signal, task, *args):
        queued.append((task.name, task.args))

    HUEY.signal(SIGNAL_ENQUEUED)(count)
    try:
        client = Client()
        client.force_login(publisher)
        response = client.post(
            reverse("admin:plans_workplan_changelist"),
            {"action": "workflow_publish", "_selected_action": [plan.pk for plan in plans]},
            follow=True,
        )
    finally:
        HUEY.disconnect_signal(count, SIGNAL_ENQUEUED)
    assert response.status_code == 200
    versions = {plan.pk: PublishedVersion.objects.get(plan=plan, number=1).pk for plan in plans}
    assert sorted(queued) == sorted(
        (render_publication.task_class.__name__, (versions[plan.pk],)) for plan in plans
    )
    for plan in plans:
        plan.refresh_from_db()
        assert (plan.status, plan.public_version_id) == (PlanStatus.PUBLISHED, versions[plan.pk])
    assert "누리집에 지금 공개됩니다" in response.content.decode()


def test_a_job_lost_with_its_worker_is_queued_again(republished, monkeypatch):
    plan, publisher = republished
    Renderers(monkeypatch, {"hwpx": 1})
    version = plan_publish(plan=plan, user=publisher).version
    HUEY.storage.flush_all()  # the worker stopped: its retry is gone with it
    assert HUEY.scheduled() == []

    out = StringIO()
    call_command("requeue_publications", stdout=out)

    assert out.getvalue().strip() == "파일을 만드는 중인 게시본 1개의 작업을 다시 넣었습니다."
    version.refresh_from_db()
    plan.refresh_from_db()
    assert (version.files_state, plan.public_version_id) == (FilesState.READY, version.pk)
