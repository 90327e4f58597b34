"""Latency and database queries of the council session's pages, in process (Django's test
client, no network), under the production settings, with the synthetic county of 30
departments × 12 cards × 3 years beside the demo plan. Prints a table; asserts nothing.

    .venv/bin/python bench/session.py          (or: make bench-session)
    .venv/bin/python bench/session.py --sqlite (SQLite even where PostgreSQL answers)

Each page is measured three ways: from the page cache (what a reader gets after the first
request), built with the decoded reports already in the process (the page cache emptied before
each request: a new filter combination), and cold (the page cache and the decoded reports
emptied before each request: the first request after a publication or a restart). p50 and p99
over ``RUNS`` requests after ``WARM_UP``; queries counted on one more request of the same kind.
The database is PostgreSQL ``workplan_bench`` when one answers on 127.0.0.1:5432 (SQLite
otherwise, as the table says); the default cache is local memory."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import county
from bench.pages import QueryCounter, percentile

RUNS = {"cached": 200, "built": 40, "cold": 20}
WARM_UP = 3


def forget(kind: str) -> None:
    from django.core.cache import caches

    from plans.public.caching import recent_pages
    from plans.workflow.freezing import forget_frozen_reports

    if kind in {"built", "cold"}:
        caches["default"].clear()
        recent_pages.clear()
    if kind == "cold":
        forget_frozen_reports()


def measure(client, url: str, kind: str) -> dict:
    from django.db import connection

    for _ in range(WARM_UP):
        forget(kind)
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    times = []
    for _ in range(RUNS[kind]):
        forget(kind)
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    forget(kind)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    return {
        "p50": percentile(times, 0.5) * 1000,
        "p99": percentile(times, 0.99) * 1000,
        "queries": counter.count,
        "kb": len(response.content) / 1024,
    }


def main() -> None:
    if "--sqlite" not in sys.argv[1:] and county.postgres_answers():
        database_url, database = county.POSTGRES_URL, "PostgreSQL"
    else:
        county.OUT.mkdir(parents=True, exist_ok=True)
        database_url, database = f"sqlite:///{county.OUT / 'session.sqlite3'}", "SQLite"
    print(f"bench/session.py: {database}, {county.load_note()} at start")
    steps = county.prepare(database_url, with_county=True)
    env = county.production_env(database_url)
    os.environ.update(env)
    os.chdir(county.ROOT)
    import django

    django.setup()
    from django.test import Client

    from plans.models import CouncilSession, WorkPlan

    session = (
        CouncilSession.objects.filter(organization__name=county.COUNTY_NAME)
        .order_by("-number")
        .first()
    )
    base = f"/sessions/{quote(county.COUNTY_NAME)}/{session.number}/"
    departments = WorkPlan.objects.filter(session=session).count()
    department = WorkPlan.objects.filter(session=session).order_by("pk").first().department
    pages = [
        ("session page", base),
        ("cards, all", f"{base}cards/"),
        ("cards, search", f"{base}cards/?q={quote('주민')}"),
        ("cards, filters", f"{base}cards/?kind=continuing&source=national&band=100m-1b"),
        ("department, 3 years", f"/departments/{quote(department.slug)}/"),
    ]
    client = Client()
    rows = [(label, kind, measure(client, url, kind)) for label, url in pages for kind in RUNS]

    print()
    print(f"{'page':<22}{'how':<8}{'p50 ms':>9}{'p99 ms':>9}{'queries':>9}{'KB':>7}")
    for label, kind, f in rows:
        print(
            f"{label:<22}{kind:<8}{f['p50']:>9.1f}{f['p99']:>9.1f}{f['queries']:>9}{f['kb']:>7.0f}"
        )
    print(
        f"\n{session} of {county.COUNTY_NAME}: {departments} departments, "
        f"{county.COUNTY['cards']} cards each. Requests per page: "
        + ", ".join(f"{kind} {runs}" for kind, runs in RUNS.items())
        + f" after {WARM_UP} to warm up; one process, test client, production settings, "
        "local-memory cache. Preparation: "
        + ", ".join(f"{step} {s:.1f} s" for step, s in steps.items())
        + f". {county.load_note()} at the end."
    )


if __name__ == "__main__":
    main()
