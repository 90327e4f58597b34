"""The production configuration (`make serve`): cache from CACHE_URL, static files through
WhiteNoise with hashed names, gunicorn's settings from the environment, the health check."""

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError

ROOT = Path(settings.BASE_DIR)

PRINT_SETTINGS = """
import json
from config.settings import prod
print(json.dumps({
    "cache": prod.CACHES["default"],
    "reports": prod.CACHES["reports"]["BACKEND"],
    "static": prod.STORAGES["staticfiles"]["BACKEND"],
    "middleware": prod.MIDDLEWARE[:3],
    "debug": prod.DEBUG,
    "ssl_redirect": prod.SECURE_SSL_REDIRECT,
    "redirect_exempt": prod.SECURE_REDIRECT_EXEMPT,
    "queue": prod.HUEY,
    "booklet_prebuild": prod.BOOKLET_PREBUILD,
}))
"""


def production_settings(**env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CACHE_URL", "QUEUE_URL", "QUEUE_IMMEDIATE", "BOOKLET_PREBUILD"}
    }
    environment.pop("DJANGO_SECURE_SSL_REDIRECT", None)
    environment.update({"DJANGO_SECRET_KEY": "test-only", **env})
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def read(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cache_url_selects_redis_and_its_absence_local_memory():
    redis = read(production_settings(CACHE_URL="redis://127.0.0.1:6379/1"))["cache"]
    assert redis["BACKEND"] == "config.cache.PortalRedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"
    unset = read(production_settings())["cache"]
    assert unset["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_queue_url_selects_redis_and_its_absence_a_sqlite_file_with_a_worker():
    """The job queue (README: 작업 대기열): production never runs jobs inline."""
    redis = read(production_settings(QUEUE_URL="redis://127.0.0.1:6379/2"))["queue"]
    assert (redis["huey_class"], redis["connection"], redis["immediate"]) == (
        "huey.RedisHuey",
        {"url": "redis://127.0.0.1:6379/2"},
        False,
    )
    unset = read(production_settings())
    assert (
        unset["queue"]["huey_class"],
        unset["queue"]["connection"],
        unset["queue"]["immediate"],
    ) == ("huey.SqliteHuey", {"filename": str(ROOT / "var" / "queue.sqlite3")}, False)
    # With a worker, the session booklets are built by it (plans.workflow.booklet_jobs).
    assert unset["booklet_prebuild"] is True
    refused = production_settings(QUEUE_URL="amqp://127.0.0.1:5672")
    assert refused.returncode != 0
    assert "QUEUE_URL" in refused.stderr


def redis_is_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_up(), reason="Redis is not listening on 127.0.0.1:6379")
def test_the_redis_cache_keeps_one_client_and_works(settings):
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "redis-test": {
            "BACKEND": "config.cache.PortalRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/3",
            "KEY_PREFIX": "workplan-test",
        },
    }
    cache = caches["redis-test"]
    try:
        cache.set("page:x", b"body", timeout=30)
        assert cache.get("page:x") == b"body"
        client = cache._cache
        assert client.get_client("a") is client.get_client("b")
    finally:
        cache.delete("page:x")


def test_an_unknown_cache_url_is_refused_at_start():
    result = production_settings(CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


def test_production_settings_serve_hashed_static_files_with_debug_off():
    values = read(production_settings())
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["middleware"] == [
        "django.middleware.gzip.GZipMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert values["debug"] is False
    assert values["ssl_redirect"] is True
    assert values["redirect_exempt"] == [r"^healthz$"]  # the load balancer checks over HTTP
    # The rendered reports keep their own (file) cache whatever CACHE_URL says.
    assert values["reports"] == "config.cache.PortalFileCache"


def test_production_settings_need_a_secret_key():
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings.prod"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def gunicorn_config(monkeypatch, **env: str) -> dict:
    for name in ("WEB_CONCURRENCY", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))


def test_gunicorn_workers_follow_the_cores_unless_told(monkeypatch):
    cores = len(os.sched_getaffinity(0))
    default = gunicorn_config(monkeypatch)
    assert default["workers"] == cores + 1
    assert default["bind"] == ["127.0.0.1:8000"]
    assert default["wsgi_app"] == "config.wsgi:application"
    assert default["timeout"] >= 60  # a cold PDF of a large plan under load
    assert default["max_requests"] > 0 and default["max_requests_jitter"] > 0
    told = gunicorn_config(monkeypatch, WEB_CONCURRENCY="3", HOST="0.0.0.0", PORT="9000")
    assert told["workers"] == 3
    assert told["bind"] == ["0.0.0.0:9000"]


@pytest.mark.django_db
def test_health_check_answers_ok_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.decode().splitlines() == ["ok", "database: ok"]
    assert "no-cache" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_health_check_says_503_without_a_database(client, monkeypatch):
    from config import health

    class Broken:
        def cursor(self):
            raise DatabaseError("down")

    monkeypatch.setattr(health, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_pages_travel_compressed_to_a_browser_that_accepts_gzip(client, demo_plan):
    """A plan page's HTML is most of its weight on a phone (Lighthouse's text-compression
    audit): sent gzipped when the browser asks, plain otherwise, and the same page either way."""
    import gzip

    url = f"/plans/{demo_plan.year}/{demo_plan.department.name}/"
    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    body = gzip.decompress(packed.content)
    assert len(packed.content) * 4 < len(body)
    assert body == plain.content
