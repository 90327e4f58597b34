"""Faults of what the portal runs on: a cache server that stops mid-load, a database that
cannot be reached, a reports directory that cannot be written, and a publication interrupted
half-way. Readers must see pages (or a clear Korean 503), never a stack trace, and nothing may
be left half-published.

The cache tests start a Redis server of their own (Debian's redis-server, which
scripts/check-system.sh installs) on a free port, so stopping it touches nothing else."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from config import cache as portal_cache
from plans.models import PlanEvent, PlanStatus, PublishedCard, PublishedVersion, WorkPlan
from plans.public.caching import recent_pages
from plans.workflow import services, version_files
from tests.publishing import publish_now
from tests.workflow.helpers import WORKFLOW_PERMS, bring_to, publishable_plan, staff, team_of

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A throwaway redis-server on loopback, stopped and started again by the test."""

    def __init__(self) -> None:
        assert REDIS_SERVER, "redis-server is missing: scripts/check-system.sh installs it"
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        port = str(self.port)
        nothing_on_disk = ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", port, "--bind", "127.0.0.1", *nothing_on_disk],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_page_cache(settings, redis_server):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "config.cache.PortalRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis_server.port}/0",
            "KEY_PREFIX": "faults",
        },
    }
    portal_cache.forget_outages()
    recent_pages.clear()
    yield redis_server
    portal_cache.forget_outages()
    recent_pages.clear()


def public_addresses(plan: WorkPlan) -> list[str]:
    card = plan.cards.order_by("number").first()
    return ["/", plan.get_absolute_url(), card.get_absolute_url(), "/search/?q=주민"]


def read_all(client: Client, urls: list[str]) -> list[int]:
    statuses = []
    for url in urls:
        recent_pages.clear()  # every request goes to the shared cache, as in another worker
        statuses.append(client.get(url).status_code)
    return statuses


def test_pages_are_served_while_the_cache_server_stops_and_comes_back(
    redis_page_cache, caplog, monkeypatch
):
    plan = publishable_plan(cards=2)
    publish_now(plan)
    urls = public_addresses(plan)
    reader = Client()
    caplog.set_level(logging.WARNING, logger="workplan.cache")

    assert read_all(reader, urls) == [200] * len(urls)
    assert caplog.records == []

    redis_page_cache.stop()  # mid-load: the same readers, the same pages
    for _ in range(3):
        assert read_all(reader, urls) == [200] * len(urls)
    outage_logs = [r for r in caplog.records if "캐시 없이" in r.getMessage()]
    assert len(outage_logs) == 1  # logged once, not per request
    health = reader.get("/healthz")
    assert health.status_code == 200
    assert health.content.decode().splitlines()[0] == "degraded"
    assert "cache default: unavailable" in health.content.decode()

    redis_page_cache.start()
    monkeypatch.setattr(portal_cache, "RETRY_SECONDS", 0.0)
    portal_cache._outages[next(iter(portal_cache._outages))].retry_at = 0.0
    assert read_all(reader, urls) == [200] * len(urls)
    assert any("다시 응답합니다" in r.getMessage() for r in caplog.records)
    assert reader.get("/healthz").content.decode().splitlines()[0] == "ok"
    # Pages are kept in Redis again.
    key_count = len(caches["default"]._cache.get_client().keys("faults:*"))
    assert key_count > 0


def test_a_cache_server_that_is_down_from_the_start_is_not_asked_on_every_request(
    settings, caplog, monkeypatch
):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "config.cache.PortalRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        },
    }
    portal_cache.forget_outages()
    plan = publishable_plan(cards=1)
    publish_now(plan)
    reader = Client()
    caplog.set_level(logging.WARNING, logger="workplan.cache")
    calls = []
    real_get = portal_cache.RedisCache.get

    def counted_get(self, *args, **kwargs):
        calls.append(1)
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(portal_cache.RedisCache, "get", counted_get)
    for _ in range(5):
        recent_pages.clear()
        assert reader.get(plan.get_absolute_url()).status_code == 200
    portal_cache.forget_outages()
    assert len(calls) == 1  # one failed attempt, then left alone for RETRY_SECONDS
    assert len([r for r in caplog.records if "캐시 없이" in r.getMessage()]) == 1


def test_a_lost_database_answers_503_in_korean_without_a_trace(monkeypatch):
    plan = publishable_plan(cards=1)
    publish_now(plan)
    urls = public_addresses(plan)

    def refuse(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    recent_pages.clear()
    reader = Client(raise_request_exception=False)
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        page = response.content.decode()
        assert "잠시 서비스를 이용할 수 없습니다" in page
        assert "Traceback" not in page and "OperationalError" not in page
        assert "5432" not in page
    health = reader.get("/healthz")
    assert health.status_code == 503
    assert health.content.decode().splitlines()[:2] == ["unavailable", "database: unavailable"]


def test_any_other_error_is_still_the_500_page(monkeypatch):
    from plans.public import views

    def broken(request):
        raise ValueError("bug")

    monkeypatch.setattr(views, "published_plans_by_session", broken)
    monkeypatch.setattr(views, "home_listing_digest", lambda: "x")
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "잠시 문제가 생겼습니다" in response.content.decode()


def test_downloads_are_served_when_the_reports_directory_cannot_be_written(
    settings, tmp_path, caplog
):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    settings.CACHES = {
        **settings.CACHES,
        "reports": {
            "BACKEND": "config.cache.PortalFileCache",
            "LOCATION": str(blocker / "reports"),  # cannot be created, even as root
        },
    }
    portal_cache.forget_outages()
    caplog.set_level(logging.WARNING, logger="workplan.cache")
    plan = publishable_plan(cards=1)
    viewer = Client()
    viewer.force_login(staff("viewer", team=team_of(plan), perms=["plans.view_workplan"]))
    preview = f"{plan.get_absolute_url()}preview/"
    try:
        for kind in ("report.pdf", "report.xlsx"):
            response = viewer.get(f"{preview}{kind}")
            assert response.status_code == 200, kind
            assert response.content[:4] in (b"%PDF", b"PK\x03\x04")
        publish_now(plan)  # a version without files: rendered on first download, then stored
        for kind in ("report.pdf", "report.xlsx"):
            assert Client().get(f"{plan.get_absolute_url()}{kind}").status_code == 200
        assert len([r for r in caplog.records if "캐시 없이" in r.getMessage()]) == 1
        health = Client().get("/healthz").content.decode()
        assert "cache reports: unavailable" in health
    finally:
        portal_cache.forget_outages()
    assert not Path(blocker / "reports").exists()


@pytest.mark.parametrize("step", ["pdf", "workbook", "search index", "status"])
def test_a_publication_interrupted_at_any_step_leaves_nothing_published(step, monkeypatch):
    """A worker killed during publication: everything publication writes is in one
    transaction, so stopping at any step (here: an exception that no code catches, as a
    SIGKILL would leave the transaction uncommitted) leaves the plan as it was."""
    plan = publishable_plan(cards=2)
    user = staff("publisher", team=team_of(plan), perms=WORKFLOW_PERMS)
    plan = bring_to(plan, PlanStatus.APPROVED, user=user)
    events = PlanEvent.objects.filter(plan=plan).count()

    class Killed(BaseException):
        """Not an Exception: nothing in the code may catch and carry on."""

    def die(*args, **kwargs):
        raise Killed

    target = {
        "pdf": (version_files, "report_pdf"),
        "workbook": (version_files, "report_xlsx"),
        "search index": (PublishedCard.objects, "bulk_create"),
        "status": (WorkPlan, "save"),
    }[step]
    monkeypatch.setattr(*target, die)
    with pytest.raises(Killed):
        services.plan_publish(plan=plan, user=user, render_files=True)
    monkeypatch.undo()

    plan = WorkPlan.objects.get(pk=plan.pk)
    assert plan.status == PlanStatus.APPROVED
    assert plan.public_version is None
    assert not PublishedVersion.objects.filter(plan=plan).exists()
    assert not PublishedCard.objects.filter(version__plan=plan).exists()
    assert PlanEvent.objects.filter(plan=plan).count() == events
    assert Client().get(plan.get_absolute_url()).status_code == 404
    # And publishing again afterwards works.
    event = services.plan_publish(plan=plan, user=user, render_files=False)
    assert event.version.number == 1
