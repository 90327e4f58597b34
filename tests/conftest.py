"""Every test starts with empty process caches: the page cache and the decoded reports are
keyed by version, and a rolled-back test database may hand out the same primary keys again.
Rendered files are keyed by their content alone and are kept (``empty_report_cache``).

With CI set, a test that skips for a reason not listed in tests/allowed_skips.txt fails the
run (tests/skips.py).

Fixtures shared by tests in more than one package: the admin tests' small world (tests/world.py),
the demo plan (loaded and published) and its workbook, and the directory where the admin's
workbook import keeps a previewed file."""

from pathlib import Path

import pytest
import yaml
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connections, transaction

from plans.exchange.documents import load_plan_document
from plans.exchange.workbook.writer import plan_workbook
from plans.models import WorkPlan
from plans.public.caching import recent_pages
from plans.workflow.freezing import forget_frozen_reports
from tests.demo import DEMO
from tests.publishing import publish_now
from tests.queue import flush_queue
from tests.skips import SkipGuard
from tests.world import World, build_world

ALLOWED_SKIPS = Path(__file__).with_name("allowed_skips.txt")


def pytest_configure(config):
    config.pluginmanager.register(SkipGuard(ALLOWED_SKIPS), "allowed-skips")


@pytest.fixture(autouse=True)
def empty_process_caches():
    caches["default"].clear()
    recent_pages.clear()
    forget_frozen_reports()


@pytest.fixture(autouse=True)
def empty_query_logs():
    """Every test's query counts start from an empty log. Django keeps the last 9,000 queries
    of a connection (``queries_limit``) and empties the log only when a request starts, so the
    counts of a test that captures ORM work without requests would otherwise start from a log
    that earlier tests of the process filled: ``CaptureQueriesContext`` measures the growth of
    that log, and a full one no longer grows, counting 0 for any number of queries."""
    for connection in connections.all(initialized_only=True):
        connection.queries_log.clear()


@pytest.fixture
def empty_queue():
    """Nothing scheduled in the job queue's in-memory storage (immediate mode) when the test
    starts and when it ends: a retry one test left is never run by another (tests.queue)."""
    flush_queue()
    yield
    flush_queue()


@pytest.fixture
def empty_report_cache():
    """For a test that counts renders. The rendered PDFs, workbooks and 한글 files are otherwise
    kept from test to test: their key is a digest of the content they show
    (plans.report.pdf.content_version), so a kept file is never another content's, and the demo
    published again by the next test takes it instead of laying the same report out again."""
    caches["reports"].clear()


@pytest.fixture
def world(db) -> World:
    Group.objects.create(name="작성 담당자")
    # A failed login on record, so the admin's pages of django-axes (login throttling) have a
    # row to open.
    failure = {"username": "nobody", "ip_address": "127.0.0.1", "user_agent": "test",
               "http_accept": "*/*", "path_info": "/admin/login/"}  # fmt: skip
    AccessAttempt.objects.create(**failure, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**failure)
    return build_world()


@pytest.fixture
def demo_plan() -> WorkPlan:
    load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    plan = WorkPlan.objects.get()
    publish_now(plan)
    return plan


@pytest.fixture(scope="module")
def exported_demo(django_db_setup, django_db_blocker) -> bytes:
    """The demo plan's workbook, exported once for the module (the bytes depend on no primary
    key); the database is left empty again."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_plan_document(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
        data = plan_workbook(WorkPlan.objects.get())
        transaction.set_rollback(True)
    return data


@pytest.fixture
def demo_workbook(exported_demo) -> bytes:
    """The demo workbook; tests that upload it over the demo plan also ask for ``demo_plan``."""
    return exported_demo


@pytest.fixture
def pending_dir(tmp_path, monkeypatch):
    monkeypatch.setattr("plans.admin.workbook.PENDING_DIR", tmp_path)
    return tmp_path
