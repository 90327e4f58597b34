"""The session booklets built on the queue (plans.workflow.booklet_jobs; README: 작업 대기열):
a version going public, or withdrawn, queues the booklets of the sessions it changes; the job
keeps them under their digest, so the next reader's request builds nothing; a job whose digest
a later change has moved on, or whose booklets are kept already, builds nothing; a build that
raises is tried again and, after the last try, logged, the request building it as before.

The jobs run inline (Huey's immediate mode); a retry waits until tests.queue.run_scheduled runs
it. The publication's files and the booklets' builders are stand-ins that count their calls:
what is tested is the queue and the cache (tests/sessions read real booklets)."""

from __future__ import annotations

import logging
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from plans.models import CouncilSession, PlanStatus, WorkPlan
from plans.workflow import booklets, version_files
from plans.workflow.booklet_jobs import keep_booklets
from plans.workflow.booklets import booklet_digest
from plans.workflow.services import plan_publish, plan_start_revision, plan_withdraw
from tests.factories import CouncilSessionFactory, TaskCardFactory, WorkPlanFactory
from tests.publishing import build_plan, publish_now
from tests.queue import StandInRenderers, run_scheduled
from tests.workflow.helpers import WORKFLOW_PERMS, bring_to, publishable_plan, staff, team_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("empty_queue", "empty_report_cache"),
]

VERSION_FILES = {"pdf": b"%PDF-stand-in", "xlsx": b"PK-stand-in", "hwpx": b"PK-hwpx-stand-in"}
TRIES = 1 + settings.PUBLICATION_RENDER_RETRIES


class Builders:
    """Stand-ins of the booklets' builders (plans.workflow.booklets.BUILDERS): each build is
    counted by (kind, session pk) and gives bytes naming its kind, session and count; the first
    ``failures`` builds raise."""

    def __init__(self, monkeypatch, failures: int = 0):
        self.calls: Counter[tuple[str, int]] = Counter()
        self.failures = failures
        for kind in booklets.BUILDERS:
            monkeypatch.setitem(booklets.BUILDERS, kind, self._builder(kind))

    def _builder(self, kind: str):
        def build(session: CouncilSession) -> bytes:
            self.calls[kind, session.pk] += 1
            if self.failures > 0:
                self.failures -= 1
                raise RuntimeError("글꼴을 찾을 수 없음")
            return f"{kind}:{session.pk}:{self.calls[kind, session.pk]}".encode()

        return build

    def of(self, session: CouncilSession) -> dict[str, int]:
        return {kind: self.calls[kind, session.pk] for kind in booklets.BUILDERS}


@pytest.fixture
def prebuild(settings):
    settings.BOOKLET_PREBUILD = True


@pytest.fixture
def approved():
    """A plan approved for 게시 to its session, where another department's plan is public
    already (so the session's booklets outlive a withdrawal); its publisher; and another
    session with a plan public."""
    plan = publishable_plan(cards=1)
    publisher = staff(
        "publisher", team=team_of(plan), perms=[*WORKFLOW_PERMS, "plans.view_workplan"]
    )
    plan = bring_to(plan, PlanStatus.APPROVED, user=publisher)
    neighbour = WorkPlanFactory(
        department__bureau=plan.department.bureau, session=plan.session, published=True
    )
    TaskCardFactory(plan=neighbour, number=1)
    publish_now(neighbour)
    elsewhere = build_plan(cards=1)
    return plan, publisher, elsewhere.session


def booklet(session: CouncilSession, kind: str) -> bytes:
    url = reverse(
        "plans:session_booklet" if kind == "pdf" else "plans:session_booklet_hwpx",
        args=[session.organization.name, session.number],
    )
    response = Client().get(url)
    assert response.status_code == 200
    return response.content


def publish(plan: WorkPlan, publisher, monkeypatch) -> WorkPlan:
    """게시 through the queue, the publication's files stand-ins: the version goes public."""
    StandInRenderers(monkeypatch, {}, table=version_files.RENDERERS, files=VERSION_FILES)
    plan_publish(plan=plan, user=publisher)
    plan = WorkPlan.objects.get(pk=plan.pk)
    assert plan.status == PlanStatus.PUBLISHED
    return plan


@pytest.mark.usefixtures("prebuild")
def test_a_release_keeps_its_sessions_booklets_and_the_next_reader_builds_none(
    approved, monkeypatch
):
    plan, publisher, elsewhere = approved
    builders = Builders(monkeypatch)

    publish(plan, publisher, monkeypatch)

    assert builders.of(plan.session) == {"pdf": 1, "hwpx": 1}
    assert builders.of(elsewhere) == {"pdf": 0, "hwpx": 0}
    pk = plan.session_id
    assert (booklet(plan.session, "pdf"), booklet(plan.session, "hwpx")) == (
        f"pdf:{pk}:1".encode(),
        f"hwpx:{pk}:1".encode(),
    )
    assert builders.of(plan.session) == {"pdf": 1, "hwpx": 1}


@pytest.mark.usefixtures("prebuild")
def test_a_plan_presented_to_a_new_session_keeps_both_sessions_booklets(approved, monkeypatch):
    plan, publisher, _elsewhere = approved
    first = plan.session
    plan = publish(plan, publisher, monkeypatch)
    later = CouncilSessionFactory(organization=first.organization, number=first.number + 10)
    plan_start_revision(plan=plan, user=publisher)
    WorkPlan.objects.filter(pk=plan.pk).update(session=later)
    plan = bring_to(WorkPlan.objects.get(pk=plan.pk), PlanStatus.APPROVED, user=publisher)
    builders = Builders(monkeypatch)

    publish(plan, publisher, monkeypatch)

    # The first session loses the department (its version replaced), the later one gains it.
    assert builders.of(first) == {"pdf": 1, "hwpx": 1}
    assert builders.of(later) == {"pdf": 1, "hwpx": 1}


@pytest.mark.usefixtures("prebuild")
def test_a_withdrawal_builds_the_booklets_again(approved, monkeypatch):
    plan, publisher, _elsewhere = approved
    builders = Builders(monkeypatch)
    plan = publish(plan, publisher, monkeypatch)
    kept = booklet(plan.session, "pdf")

    plan_withdraw(plan=plan, user=publisher, note="철회 사유")

    assert builders.of(plan.session) == {"pdf": 2, "hwpx": 2}
    assert booklet(plan.session, "pdf") == f"pdf:{plan.session_id}:2".encode() != kept
    assert builders.of(plan.session) == {"pdf": 2, "hwpx": 2}


@pytest.mark.usefixtures("prebuild")
def test_a_session_left_with_nothing_public_gets_no_booklet(approved, monkeypatch):
    plan, publisher, _elsewhere = approved
    builders = Builders(monkeypatch)
    plan = publish(plan, publisher, monkeypatch)
    WorkPlan.objects.filter(session=plan.session).exclude(pk=plan.pk).update(
        public_version=None, status=PlanStatus.DRAFT
    )

    plan_withdraw(plan=plan, user=publisher, note="철회 사유")

    # Built once for the publication, not again for a session whose address answers 404.
    assert builders.of(plan.session) == {"pdf": 1, "hwpx": 1}


def test_without_prebuild_nothing_is_queued_and_the_reader_builds(approved, monkeypatch):
    plan, publisher, _elsewhere = approved
    builders = Builders(monkeypatch)

    plan = publish(plan, publisher, monkeypatch)

    assert builders.of(plan.session) == {"pdf": 0, "hwpx": 0}
    assert booklet(plan.session, "pdf") == f"pdf:{plan.session_id}:1".encode()
    assert builders.of(plan.session) == {"pdf": 1, "hwpx": 0}


@pytest.fixture
def public(approved, monkeypatch):
    """The approved plan published (no booklet built: BOOKLET_PREBUILD is off), its publisher."""
    plan, publisher, _elsewhere = approved
    return publish(plan, publisher, monkeypatch), publisher


def test_the_job_skips_booklets_kept_already(public, monkeypatch):
    plan, _publisher = public
    builders = Builders(monkeypatch)
    session = plan.session
    digest = booklet_digest(session)
    booklet(session, "pdf")  # a reader came first

    assert keep_booklets(session.pk, digest, last_try=True) == ["hwpx"]
    assert keep_booklets(session.pk, digest, last_try=True) == []
    assert builders.of(session) == {"pdf": 1, "hwpx": 1}


def test_a_job_whose_digest_a_later_change_moved_on_builds_nothing(public, monkeypatch):
    # A session's bulk publication: each release queues a job with the digest it made, and
    # only the last one's is still the session's when the jobs run.
    plan, publisher = public
    builders = Builders(monkeypatch)
    session = plan.session
    earlier = booklet_digest(session)
    plan_withdraw(plan=plan, user=publisher, note="철회 사유")
    last = booklet_digest(session)

    assert keep_booklets(session.pk, earlier, last_try=True) == []
    assert keep_booklets(session.pk, last, last_try=True) == ["pdf", "hwpx"]
    assert builders.of(session) == {"pdf": 1, "hwpx": 1}


@pytest.mark.usefixtures("prebuild")
def test_a_failing_build_is_tried_again_then_logged_and_left_to_the_reader(
    approved, monkeypatch, caplog
):
    plan, publisher, _elsewhere = approved
    # The PDF booklet (built first) fails every try of the job.
    builders = Builders(monkeypatch, failures=TRIES)

    with caplog.at_level(logging.ERROR, logger="workplan.publication"):
        plan = publish(plan, publisher, monkeypatch)
        while run_scheduled():
            pass

    assert builders.of(plan.session) == {"pdf": TRIES, "hwpx": 0}
    (record,) = [r for r in caplog.records if r.name == "workplan.publication"]
    assert record.getMessage() == f"{plan.session} 회기 전체 보고서를 만들지 못했습니다."
    # The reader's request builds the booklet, as before the queue.
    assert booklet(plan.session, "pdf") == f"pdf:{plan.session_id}:{TRIES + 1}".encode()


def test_requeue_publications_builds_every_published_sessions_booklets(approved, monkeypatch):
    plan, _publisher, elsewhere = approved
    builders = Builders(monkeypatch)
    out = StringIO()

    call_command("requeue_publications", "--booklets", stdout=out)

    # The plan approved but not published: its session has the neighbour's plan public.
    assert builders.of(plan.session) == {"pdf": 1, "hwpx": 1}
    assert builders.of(elsewhere) == {"pdf": 1, "hwpx": 1}
    assert out.getvalue().splitlines()[-1] == "회기 2개의 전체 보고서를 만드는 작업을 넣었습니다."
    booklet(elsewhere, "hwpx")
    assert builders.of(elsewhere) == {"pdf": 1, "hwpx": 1}
