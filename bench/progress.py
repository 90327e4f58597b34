"""Latency and database queries of 추진실적's pages, in process (Django's test client, no
network), under the production settings, with the synthetic county of 30 departments × 12
cards × 3 years beside the demo plan, and two one-department counties of 3 and 30 cards to show
that no page's queries grow with the cards. Prints a table; asserts nothing.

    .venv/bin/python bench/progress.py          (or: make bench-progress)
    .venv/bin/python bench/progress.py --sqlite (SQLite even where PostgreSQL answers)

What is measured, for the 30-department county's plan (12 cards) and the 3- and 30-card plans:

- the team update screen (plans.admin.progress), GET and a POST that saves every item of the
  team, its form data read from the page (each POST changes every row's 진행률, so every row is
  written); on an open period: the county's late department's 상반기, a new 3/4분기 for the
  small and large plans;
- the public report page of the published 상반기 (plans.public.progress), warm (the page cache
  emptied before each request: what a reader gets on a cache miss, the report decoded in the
  process) and cold (the page cache and the decoded reports emptied: the first request after a
  publication or a restart);
- the report's PDF cold (plans.report.progress_pdf: the stored file and the reports cache
  emptied, so WeasyPrint lays it out on the request), with its pages;
- the overdue dashboard (plans.admin.reminders) for a superuser, on the period of each size.

p50 and p99 over ``RUNS`` requests after ``WARM_UP``; queries counted on one more request of the
same kind. The database is PostgreSQL ``workplan_bench`` when one answers on 127.0.0.1:5432
(SQLite otherwise, as the table says); the default cache is local memory."""

from __future__ import annotations

import datetime
import io
import os
import sys
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import county
from bench.pages import QueryCounter, percentile

RUNS = {
    "overdue": 30,
    "team GET": 30,
    "team POST": 20,
    "page warm": 100,
    "page cold": 30,
    "PDF cold": 5,
}
WARM_UP = 2
#: The two one-department counties beside the 30-department one: (name, cards, plan year). Each
#: its own year, so the overdue dashboard's period choice (year and kind) picks one plan.
SIZES = (("소수군", 3, 2025), ("다수군", 30, 2026))
SUPERUSER = "bench-progress"


class FormReader(HTMLParser):
    """The team screen's form as a browser would post it: every named input, select (its
    selected option) and textarea of the form that posts ``item``."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._first_option, self._chosen = name, None, False
        elif tag == "option" and self._select is not None:
            value = attrs.get("value") or ""
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs and not self._chosen:
                self.fields.append((self._select, value))
                self._chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            if not self._chosen:
                self.fields.append((self._select, self._first_option or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def padded(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` columns, a Hangul syllable taking two."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def team_form(html: str, run: int) -> dict[str, list[str]]:
    """The page's form data with every item reported: 정상추진 at a 진행률 that changes with
    ``run`` (so each POST writes every row), a 실적 where the page has none."""
    reader = FormReader()
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.fields:
        if name in {"csrfmiddlewaretoken", "q"}:
            continue
        data.setdefault(name, []).append(value)
    for item_id in data.get("item", []):
        data[f"status-{item_id}"] = ["on_track"]
        data[f"percent-{item_id}"] = [str(40 + run % 2 * 10)]
        data[f"reason-{item_id}"] = [""]
        if not data.get(f"result-{item_id}", [""])[0].strip():
            data[f"result-{item_id}"] = ["세부 일정에 따라 정상 추진"]
    return data


def forget(kind: str) -> None:
    from django.core.cache import caches

    from plans.public.caching import recent_pages
    from plans.report.progress_report import forget_decoded_progress

    caches["default"].clear()
    recent_pages.clear()
    if kind in {"page cold", "PDF cold"}:
        forget_decoded_progress()
    if kind == "PDF cold":
        from plans.models import PublishedProgress

        caches["reports"].clear()
        PublishedProgress.objects.update(pdf=None)


def measure(run, kind: str) -> dict:
    """p50/p99 of ``run(i)`` (a response) and the queries of one more call."""
    from django.db import connection

    for i in range(WARM_UP):
        forget(kind)
        run(i)
    times = []
    for i in range(RUNS[kind]):
        forget(kind)
        started = time.perf_counter()
        run(WARM_UP + i)
        times.append(time.perf_counter() - started)
    forget(kind)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = run(WARM_UP + RUNS[kind])
    return {
        "p50": percentile(times, 0.5) * 1000,
        "p99": percentile(times, 0.99) * 1000,
        "queries": counter.count,
        "kb": len(response.content) / 1024,
        "response": response,
    }


def checked(response, status: int = 200):
    if response.status_code != status:
        raise SystemExit(f"{response.request['PATH_INFO']}: {response.status_code}")
    return response


def build_sizes() -> None:
    """The 3- and 30-card counties, each with its published 상반기 and an open 3/4분기."""
    from plans.models import PERIOD_END, PeriodKind, ReportingPeriod, WorkPlan
    from plans.synthetic import CountySpec, generate_county

    for name, cards, year in SIZES:
        spec = CountySpec(name=name, departments=1, cards=cards, years=1, year=year, seed=1)
        generate_county(spec, replace=True)
        plan = WorkPlan.objects.get(department__organization__name=name, year=year)
        month, day = PERIOD_END[PeriodKind.Q3]
        as_of = datetime.date(year, month, day)
        ReportingPeriod.objects.create(plan=plan, kind=PeriodKind.Q3, as_of=as_of)


def subjects() -> list[tuple[str, object, object, str]]:
    """(label, open period, published 상반기, overdue choice) of each plan measured."""
    from plans.models import PeriodKind, PeriodStatus, ReportingPeriod
    from plans.synthetic import CountySpec

    periods = ReportingPeriod.objects.select_related("plan__department")
    # The county's last year: a late department's 상반기 is open, the first one's is published.
    last_year = CountySpec().year
    in_county = periods.filter(
        plan__department__organization__name=county.COUNTY_NAME,
        plan__year=last_year,
        kind=PeriodKind.HALF,
    ).order_by("plan__department__order", "pk")
    rows = [
        (
            f"{county.COUNTY_NAME} 12 cards",
            in_county.filter(status=PeriodStatus.OPEN).first(),
            in_county.filter(status=PeriodStatus.PUBLIC).first(),
            f"{last_year}:half",
        )
    ]
    for name, cards, year in SIZES:
        of_size = periods.filter(plan__department__organization__name=name)
        rows.append(
            (
                f"{name} {cards} cards",
                of_size.get(kind=PeriodKind.Q3),
                of_size.get(kind=PeriodKind.HALF),
                f"{year}:q3",
            )
        )
    return rows


def measure_plan(client, label: str, open_period, published, choice: str) -> list[tuple]:
    import pypdf
    from django.urls import reverse

    from plans.admin.progress import update_url
    from plans.public.progress import report_urls

    team_url = update_url(open_period)
    urls = report_urls(published)
    overdue = reverse("admin:plans_reportingperiod_overdue") + f"?period={choice}"
    rows = []
    # The dashboard first: the POSTs below fill the team's items of the open period.
    rows.append(("overdue", measure(lambda i: checked(client.get(overdue)), "overdue")))
    get = measure(lambda i: checked(client.get(team_url)), "team GET")
    items = get["response"].content.decode().count('name="item"')
    rows.append(("team GET", get))

    def post(i: int):
        page = checked(client.get(team_url)).content.decode()
        return checked(client.post(team_url, team_form(page, i)), 302)

    # The POST's time includes the GET that reads the form (a clerk loads before saving); its
    # queries are the POST's alone, counted on the last one.
    saved = measure(post, "team POST")
    page = checked(client.get(team_url)).content.decode()
    from django.db import connection

    counter = QueryCounter()
    form = team_form(page, 1 + WARM_UP + RUNS["team POST"])
    with connection.execute_wrapper(counter):
        checked(client.post(team_url, form), 302)
    saved["queries"] = counter.count
    rows.append(("team POST", saved))
    rows.append(("page warm", measure(lambda i: checked(client.get(urls["page"])), "page warm")))
    rows.append(("page cold", measure(lambda i: checked(client.get(urls["page"])), "page cold")))
    pdf = measure(lambda i: checked(client.get(urls["pdf"])), "PDF cold")
    pdf["pages"] = len(pypdf.PdfReader(io.BytesIO(pdf["response"].content)).pages)
    rows.append(("PDF cold", pdf))
    return [(label, kind, figures, items) for kind, figures in rows]


def main() -> None:
    if "--sqlite" not in sys.argv[1:] and county.postgres_answers():
        database_url, database = county.POSTGRES_URL, "PostgreSQL"
    else:
        county.OUT.mkdir(parents=True, exist_ok=True)
        database_url, database = f"sqlite:///{county.OUT / 'progress.sqlite3'}", "SQLite"
    print(f"bench/progress.py: {database}, {county.load_note()} at start")
    steps = county.prepare(database_url, with_county=True)
    env = county.production_env(database_url)
    os.environ.update(env)
    os.chdir(county.ROOT)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    started = time.perf_counter()
    build_sizes()
    steps["3- and 30-card counties"] = time.perf_counter() - started
    user = get_user_model().objects.create_superuser(SUPERUSER, "bench@example.org", "x")
    client = Client()
    client.force_login(user)
    rows = [row for subject in subjects() for row in measure_plan(client, *subject)]

    print()
    print(
        f"{'plan':<18}{'page':<11}{'p50 ms':>9}{'p99 ms':>9}{'queries':>9}{'KB':>7}"
        f"{'items':>7}{'pages':>7}"
    )
    for label, kind, f, items in rows:
        print(
            f"{padded(label, 18)}{kind:<11}{f['p50']:>9.1f}{f['p99']:>9.1f}{f['queries']:>9}"
            f"{f['kb']:>7.0f}{items:>7}{f.get('pages', ''):>7}"
        )
    print(
        f"\n{county.COUNTY_NAME}: {county.COUNTY['departments']} departments × "
        f"{county.COUNTY['cards']} cards × {county.COUNTY['years']} years with their 추진실적; "
        "the 소수군 and 다수군 plans of one department each. items: the 추진계획 items on the "
        "team screen (the first team's). Requests: "
        + ", ".join(f"{kind} {runs}" for kind, runs in RUNS.items())
        + f" after {WARM_UP} to warm up; team POST times include the GET that reads the form. "
        "One process, test client, production settings, local-memory cache. Preparation: "
        + ", ".join(f"{step} {s:.1f} s" for step, s in steps.items())
        + f". {county.load_note()} at the end."
    )


if __name__ == "__main__":
    main()
