"""Latency and database queries of the public pages, in process (Django's test client, no
network), under the production settings, on the demo plan alone and then with a synthetic
county of 30 departments × 12 cards × 3 years beside it. Prints a table; asserts nothing.

    .venv/bin/python bench/pages.py          (or: make bench-pages)

Each page is requested 5 times to warm up, then timed over ``RUNS`` requests (p50, p99); the
queries are counted on one more request. The database is PostgreSQL ``workplan_bench`` when one
answers on 127.0.0.1:5432 (SQLite otherwise, as the table says); the default cache is local
memory (bench/serve.py measures with Redis)."""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import county

RUNS = 200
WARM_UP = 5
SEARCH = "/search/?q=주민"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(client, url: str) -> dict:
    from django.db import connection

    for _ in range(WARM_UP):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url)
    return {
        "p50": percentile(times, 0.5) * 1000,
        "p99": percentile(times, 0.99) * 1000,
        "queries": counter.count,
        "kb": len(response.content) / 1024,
    }


def county_plan_urls() -> tuple[str, str]:
    """The county's largest plan of its last year (most teams, then first in order)."""
    from django.db.models import Count

    from personnel.models import chart_order
    from plans.models import WorkPlan

    plan = (
        WorkPlan.objects.filter(department__organization__name=county.COUNTY_NAME)
        .annotate(teams=Count("department__teams"))
        .order_by("-year", "-teams", *chart_order("department"))
        .first()
    )
    url = plan.get_absolute_url()
    return url, f"{url}IV-3/"


def main() -> None:
    if county.postgres_answers():
        database_url, database = county.POSTGRES_URL, "PostgreSQL"
    else:
        county.OUT.mkdir(parents=True, exist_ok=True)
        database_url, database = f"sqlite:///{county.OUT / 'pages.sqlite3'}", "SQLite"
    print(f"bench/pages.py: {database}, {county.load_note()} at start")
    steps = county.prepare(database_url, with_county=False)
    env = county.production_env(database_url)
    os.environ.update(env)
    os.chdir(county.ROOT)
    import django

    django.setup()
    from django.test import Client

    client = Client()
    rows = []
    demo_pages = [
        ("home", "/"),
        ("plan page", county.DEMO_URL),
        ("card page", f"{county.DEMO_URL}IV-3/"),
        ("search", SEARCH),
    ]
    for label, url in demo_pages:
        rows.append(("demo only", label, measure(client, url)))

    seconds = county.manage(env, "generate_county", *county.county_arguments())
    plan_url, card_url = county_plan_urls()
    county_pages = [
        ("home", "/"),
        ("plan page (demo)", county.DEMO_URL),
        ("plan page", plan_url),
        ("card page", card_url),
        ("search", SEARCH),
    ]
    for label, url in county_pages:
        rows.append(("+ county", label, measure(client, url)))

    print()
    print(f"{'data':<11}{'page':<18}{'p50 ms':>8}{'p99 ms':>8}{'queries':>9}{'KB':>7}")
    for data, label, f in rows:
        print(
            f"{data:<11}{label:<18}{f['p50']:>8.1f}{f['p99']:>8.1f}{f['queries']:>9}{f['kb']:>7.0f}"
        )
    demo_plan = rows[1][2]["queries"]
    county_plan = next(f for d, label, f in rows if d == "+ county" and label == "plan page")
    print(
        f"\n{RUNS} requests per page after {WARM_UP} to warm up, one process, test client, "
        "production settings (DEBUG off, hashed static files), local-memory cache. "
        f"Queries of the plan page: demo {demo_plan}, county plan {county_plan['queries']} "
        f"({'the same' if demo_plan == county_plan['queries'] else 'DIFFERENT'}). "
        f"County: {county.COUNTY['departments']} departments × {county.COUNTY['cards']} cards × "
        f"{county.COUNTY['years']} years, generated and published in {seconds:.1f} s; county "
        f"plan page {unquote(plan_url)}. Preparation: "
        + ", ".join(f"{step} {s:.1f} s" for step, s in steps.items())
        + f". {county.load_note()} at the end."
    )


if __name__ == "__main__":
    main()
