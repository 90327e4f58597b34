"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium).

Fixtures:
    browser       session-scoped Playwright ``Browser`` (headless Chromium)
    page          a fresh context per test: locale ko-KR, Asia/Seoul, viewport 1280×900
    mobile_page   the same at 360×740, as a touch phone (``is_mobile``: honours <meta viewport>)
Helpers (tests/browser/helpers.py): ``screenshot(page, name)`` → bench/out/screenshots/NAME.png,
``run_axe(page)`` → WCAG 2.1 A/AA violations of every impact, ``format_violations(...)``.
Serve pages with pytest-django's ``live_server`` (it also serves static/ through the finders).

Every test under tests/browser/ gets the ``browser`` marker (``-m "not browser"`` leaves them
out) and is skipped, with the reason shown, when Chromium or Playwright is missing. Install
Chromium with ``make check-system`` (as root) or ``apt-get install chromium``; never with
``playwright install``, which downloads a browser build of its own.

Pages may load only what the live server serves: requests to any other host are aborted, so
a page that depends on a CDN shows it in its screenshot (and Chromium never waits on a network
it cannot reach).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an asyncio event loop in this (the main) thread for the whole
# session. Django's async-safety check sees that running loop and raises
# SynchronousOnlyOperation for any ORM call made from test code or fixtures (creating data,
# live_server's per-test database flush) although nothing here is actually asynchronous:
# every call still runs synchronously in this thread. The variable turns that check off. It is
# set when this conftest is imported, i.e. only in runs that collect tests/browser/.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - requirements-dev.txt installs it
    sync_playwright = None

BROWSER_DIR = Path(__file__).resolve().parent
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 360, "height": 740}
TIMEOUT_MS = 15_000


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives headless Chromium via Playwright (tests/browser/)"
    )


def _skip_reason() -> str | None:
    if sync_playwright is None:
        return "playwright is not installed: pip install -r requirements-dev.txt"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return (
            f"no Chromium at {CHROMIUM}: run `make check-system` as root, "
            "or `sudo apt-get install chromium` (not `playwright install`)"
        )
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    for item in items:
        if BROWSER_DIR not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


def _close_database_connections() -> None:
    """Close this thread's database connections that no test transaction is using.

    Django keeps them per thread, and per context while an event loop runs in the thread
    (asgiref's thread-critical Local): from Playwright's start to its end the main thread has a
    second set. Each set is closed as its time ends, so that none is left open, and idle for
    the rest of the run, when pytest-django drops the test database (on PostgreSQL the drop
    fails while another session is connected)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


@pytest.fixture(scope="session")
def browser():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    _close_database_connections()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
        _close_database_connections()


def _abort_other_hosts(route):
    host = urlsplit(route.request.url).hostname or ""
    if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def _new_page(browser, **options):
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", _abort_other_hosts)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, viewport=DESKTOP)
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser):
    context, page = _new_page(
        browser, viewport=MOBILE, screen=MOBILE, is_mobile=True, has_touch=True
    )
    yield page
    context.close()
