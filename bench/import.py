"""How fast the admin's spreadsheet import reads 10,000 plan items (추진계획), and what it costs.
Prints a table; asserts nothing (tests never time anything).

    .venv/bin/python bench/import.py          (or: make bench-import)

A throwaway SQLite database gets one department's 2024 plan with 100 task cards; a file of
10,000 plan items (100 per card, with schedules, targets and outline details) is written as
.xlsx and as .csv (CP949, as Korean Excel saves it). Each measurement runs in a fresh process
on a fresh copy of that database, so its peak memory is its own (median of three runs):

- "dry run" and "import": reading the file and one pass of the resource (what the admin's
  preview and confirm steps each do), into an empty table (10,000 new rows) and again with
  the rows already stored (10,000 unchanged rows: the re-import of an unchanged file);
- "admin preview" and "admin confirm": the two requests of the admin's import, through
  Django's test client: upload + dry run + the preview page, then the confirmed import with
  its admin log entries. The confirm must stay well within a request timeout (30 s)."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import county

ROOT = Path(__file__).resolve().parent.parent
CARDS = 100
ITEMS_PER_CARD = 100
RUNS = 3
SCHEDULES = ["'24. 3.", "'24. 5. ~ 9.", "연중", "매월", "'24. 11. ~ '25. 2.", "3월, 9월"]


def setup_django(workdir: Path, database: str = "bench.sqlite3") -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DJANGO_DEBUG"] = "0"  # no query log: production-like timings
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / database}"
    os.environ["REPORT_CACHE_DIR"] = str(workdir / "cache")
    import django

    django.setup()


def prepare(workdir: Path) -> None:
    """The database with the plan and its cards (no plan items), and the two files."""
    setup_django(workdir)
    import datetime

    import tablib
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from personnel.models import Bureau, Department, Organization, Team
    from plans.exchange.resources.cards import PlanItemResource
    from plans.exchange.resources.formats import CSV, XLSX
    from plans.models import CouncilSession, PlanStatus, Section, SessionKind, TaskCard, WorkPlan

    call_command("migrate", verbosity=0)
    organization = Organization.objects.create(name="음성군")
    bureau = Bureau.objects.create(organization=organization, name="행정복지국", order=1)
    department = Department.objects.create(
        organization=organization, bureau=bureau, name="자치행정과", slug="자치행정과", order=1
    )
    teams = [
        Team.objects.create(department=department, name=name, order=order)
        for order, name in enumerate(["행정팀", "서무팀", "군민소통팀", "대외협력팀"], start=1)
    ]
    session = CouncilSession.objects.create(
        organization=organization,
        number=360,
        kind=SessionKind.EXTRAORDINARY,
        start_date=datetime.date(2024, 2, 15),
        end_date=datetime.date(2024, 2, 22),
    )
    plan = WorkPlan.objects.create(
        department=department,
        year=2024,
        session=session,
        status=PlanStatus.DRAFT,  # only a draft takes edits (plans.access.editing)
    )
    TaskCard.objects.bulk_create(
        TaskCard(
            plan=plan,
            section=Section.MAIN,
            number=number,
            title=f"주요업무 과제 {number}",
            team=teams[number % len(teams)],
        )
        for number in range(1, CARDS + 1)
    )
    get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")

    headers = PlanItemResource().get_export_headers()
    dataset = tablib.Dataset(headers=headers)
    for number in range(1, CARDS + 1):
        for order in range(1, ITEMS_PER_CARD + 1):
            dataset.append(
                [
                    "자치행정과",
                    2024,
                    "주요업무계획",
                    number,
                    order,
                    f"과제 {number}의 추진계획 {order}: 주민 의견 수렴 및 사업 시행",
                    SCHEDULES[order % len(SCHEDULES)],
                    f"{order % 12 + 1}회",
                    "세부 추진 내용\n  - 대상: 읍·면 주민\n  - 방법: 설명회",
                    "",
                ]
            )
    (workdir / "items.xlsx").write_bytes(XLSX().export_data(dataset))
    utf8 = CSV().export_data(dataset)  # UTF-8 with BOM; Korean Excel saves CP949
    (workdir / "items.csv").write_bytes(utf8.decode("utf-8-sig").encode("cp949"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(workdir: Path, database: str, kind: str, file_format: str) -> dict:
    """Runs in a fresh process on its own copy of the database."""
    setup_django(workdir, database)
    from plans.exchange.resources.cards import PlanItemResource
    from plans.exchange.resources.formats import CSV, XLSX
    from plans.models import PlanItem

    path = workdir / f"items.{file_format}"
    data = path.read_bytes()
    file_class = XLSX if file_format == "xlsx" else CSV
    baseline = peak_mb()
    if kind in ("dry run", "import"):
        started = time.perf_counter()
        dataset = file_class().create_dataset(data)
        read = time.perf_counter() - started
        result = PlanItemResource().import_data(dataset, dry_run=kind == "dry run")
        seconds = time.perf_counter() - started
        totals = dict(result.totals)
        errors = bool(result.has_errors() or result.has_validation_errors())
    else:
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client

        client = Client(HTTP_HOST="localhost")
        client.force_login(get_user_model().objects.get(username="bench"))
        upload = SimpleUploadedFile(path.name, data)
        started = time.perf_counter()
        response = client.post(
            "/admin/plans/planitem/import/", {"import_file": upload, "format": ""}
        )
        preview = time.perf_counter() - started
        confirm = dict(
            re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html(response))
        )
        if response.status_code != 200 or "import_file_name" not in confirm:
            raise SystemExit(f"the preview refused the file: {html(response)[-3000:]}")
        read = 0.0
        seconds = preview
        if kind == "admin confirm":
            started = time.perf_counter()
            response = client.post("/admin/plans/planitem/process_import/", confirm)
            seconds = time.perf_counter() - started
            if response.status_code != 302:
                raise SystemExit(f"the confirm step failed ({response.status_code})")
        totals = {}
        errors = False
    return {
        "seconds": seconds,
        "read": read,
        "peak_mb": peak_mb(),
        "baseline_mb": baseline,
        "totals": totals,
        "errors": errors,
        "stored": PlanItem.objects.count(),
    }


def html(response) -> str:
    return response.content.decode("utf-8")


def run(workdir: Path, source: str, kind: str, file_format: str, runs: int = RUNS) -> dict:
    """The median of ``runs`` fresh processes (this machine is shared; one run is noisy)."""
    results = []
    for _ in range(runs):
        database = f"run-{time.monotonic_ns()}.sqlite3"
        shutil.copy(workdir / source, workdir / database)
        result = subprocess.run(
            [sys.executable, __file__, "--one", str(workdir), database, kind, file_format],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode:
            raise SystemExit(result.stderr)
        results.append(json.loads(result.stdout.strip().splitlines()[-1]))
        last = database
    results.sort(key=lambda figures: figures["seconds"])
    median = results[len(results) // 2]
    median["peak_mb"] = max(figures["peak_mb"] for figures in results)
    median["database"] = last
    return median


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--one":
        _, _, workdir, database, kind, file_format = sys.argv
        print(json.dumps(measure(Path(workdir), database, kind, file_format)))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare":
        prepare(Path(sys.argv[2]))
        return
    print(f"bench/import.py: {county.load_note()} at start")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        workdir = Path(tmp)
        subprocess.run([sys.executable, __file__, "--prepare", tmp], cwd=ROOT, check=True)
        # A database that already holds the 10,000 items, for the unchanged re-import.
        filled = run(workdir, "bench.sqlite3", "import", "xlsx", runs=1)
        shutil.copy(workdir / filled["database"], workdir / "full.sqlite3")
        assert filled["stored"] == CARDS * ITEMS_PER_CARD, filled
        rows = []
        for source, label in (("bench.sqlite3", "new rows"), ("full.sqlite3", "unchanged")):
            for kind in ("dry run", "import"):
                for file_format in ("xlsx", "csv"):
                    rows.append((kind, label, file_format, run(workdir, source, kind, file_format)))
        for kind in ("admin preview", "admin confirm"):
            rows.append((kind, "new rows", "xlsx", run(workdir, "bench.sqlite3", kind, "xlsx")))
        sizes = {ext: (workdir / f"items.{ext}").stat().st_size / 1024 for ext in ("xlsx", "csv")}

    print(
        f"{'pass':<15}{'rows':<11}{'file':<6}{'seconds':>8}{'of which read':>15}"
        f"{'peak MB':>9}{'start MB':>10}  result"
    )
    for kind, label, file_format, figures in rows:
        totals = figures["totals"]
        outcome = (
            f"new {totals['new']}, changed {totals['update']}, unchanged {totals['skip']}"
            if totals
            else f"{figures['stored']} stored"
        )
        if figures["errors"]:
            outcome += " (ERRORS)"
        read = f"{figures['read']:.2f}" if figures["read"] else "-"
        print(
            f"{kind:<15}{label:<11}{file_format:<6}{figures['seconds']:>8.2f}{read:>15}"
            f"{figures['peak_mb']:>9.0f}{figures['baseline_mb']:>10.0f}  {outcome}"
        )
    print(
        f"{CARDS * ITEMS_PER_CARD:,} plan items across {CARDS} cards of one plan; files: "
        f"xlsx {sizes['xlsx']:.0f} KB, csv (CP949) {sizes['csv']:.0f} KB. seconds = reading the "
        f"file and one pass of the resource, median of {RUNS} runs (dry run: everything but "
        "the commit; import: "
        "written); admin preview = upload, dry run and the preview page; admin confirm = the "
        "confirmed import with its log entries. peak MB = the process's peak RSS, start MB = "
        f"before the pass (Django loaded). {county.load_note()} at the end."
    )


if __name__ == "__main__":
    main()
