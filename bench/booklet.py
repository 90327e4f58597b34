"""How long the session booklet (회기 전체 보고서) of the synthetic county's 30 departments takes
to build, and the memory it takes. Prints a table; asserts nothing (tests never time anything).

    .venv/bin/python bench/booklet.py          (or: make bench-booklet)

The county (30 departments × 12 cards × 3 years, bench/county.py) is published without files,
as `generate_county` does, so the booklet of the latest session its plans were presented to
is measured these ways, each stage in a fresh process so that its peak memory is its own:

- "cold": the first booklet after the publication: every department's PDF rendered from its
  frozen report and stored (the fill-once path), then the booklet put together;
- "stored": the booklet built again with every department's PDF stored (its cache emptied
  first): reading 30 PDFs, the cover and 목차 laid out, joining, bookmarks, page numbers.
  Median of ``RUNS``; the peak of Python's allocations (tracemalloc) on one more build;
- "served": the address /sessions/<기관>/<회차>/booklet.pdf once the booklet is in the file
  cache, through the whole Django request, median of ``RUNS``;
- "hwpx": the 한글 booklet (booklet.hwpx, plans.report.booklet_hwpx): laid out from the 30
  frozen reports in a fresh process (cold: the reports read and decoded too), kept in the file
  cache, then served from it through the address, median of ``RUNS``. It needs no department
  file, so it has no stage of renders first.

The database is SQLite in bench/out (the county's PDFs are a few megabytes of reads; the shared
PostgreSQL bench database is left to the other benchmarks), under the production settings with
the reports' file cache in bench/out/report-cache. The booklet is written to
bench/out/booklet/booklet.pdf with PNGs of its cover, 목차 and a department boundary, and the
한글 booklet to bench/out/booklet/booklet.hwpx."""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import quote

# Run as a script, bench/ comes first on the path, where bench/hwpx.py would stand for the
# hwpx package the 한글 booklet is written with: the project's root takes its place.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from bench import county  # noqa: E402 (after the path is set)

RUNS = 5
DATABASE_URL = f"sqlite:///{county.OUT / 'booklet.sqlite3'}"
FOLDER = county.OUT / "booklet"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup() -> object:
    os.environ.update(county.production_env(DATABASE_URL))
    os.chdir(county.ROOT)
    import django

    django.setup()
    from plans.models import CouncilSession, WorkPlan

    # The latest session plans were presented to: the county's later sessions hear only its
    # 추진실적 reports.
    presented = WorkPlan.objects.published().values("public_version__session")
    return (
        CouncilSession.objects.filter(organization__name=county.COUNTY_NAME, pk__in=presented)
        .select_related("organization")
        .order_by("-number")
        .first()
    )


def forget_booklets() -> None:
    """Empty the file cache of booklets and department renders (the stored PDFs stay)."""
    from django.core.cache import caches

    caches["reports"].clear()


def stage_cold() -> dict:
    session = setup()
    from plans.workflow.booklets import build_session_booklet

    forget_booklets()
    started = time.perf_counter()
    booklet = build_session_booklet(session)
    seconds = time.perf_counter() - started
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "booklet.pdf").write_bytes(booklet.pdf)
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "pages": booklet.pages,
        "front": booklet.front_pages,
        "departments": len(booklet.entries),
        "mb": len(booklet.pdf) / 1024 / 1024,
        "second_start": booklet.entries[1].start,
    }


def stage_stored() -> dict:
    session = setup()
    from plans.workflow.booklets import build_session_booklet

    times = []
    for _ in range(RUNS):
        forget_booklets()
        started = time.perf_counter()
        booklet = build_session_booklet(session)
        times.append(time.perf_counter() - started)
    rss = peak_mb()
    tracemalloc.start()
    build_session_booklet(session)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": statistics.median(times),
        "peak_mb": rss,
        "traced_mb": traced / 1024 / 1024,
        "pages": booklet.pages,
    }


def stage_served() -> dict:
    session = setup()
    from django.test import Client

    url = f"/sessions/{quote(session.organization.name)}/{session.number}/booklet.pdf"
    client = Client()
    forget_booklets()
    started = time.perf_counter()
    first = client.get(url)
    built = time.perf_counter() - started
    if first.status_code != 200:
        raise SystemExit(f"{url}: {first.status_code}")
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return {
        "seconds": statistics.median(times),
        "first": built,
        "peak_mb": peak_mb(),
        "disposition": first["Content-Disposition"],
    }


def stage_hwpx() -> dict:
    session = setup()
    from django.test import Client

    from plans.workflow.booklets import booklet_digest, session_booklet_file

    forget_booklets()
    started = time.perf_counter()
    data = session_booklet_file(session, booklet_digest(session), "hwpx")
    seconds = time.perf_counter() - started
    built_mb = peak_mb()
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "booklet.hwpx").write_bytes(data)
    url = f"/sessions/{quote(session.organization.name)}/{session.number}/booklet.hwpx"
    client = Client()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200 or response.content != data:
            raise SystemExit(f"{url}: {response.status_code}, not the booklet just built")
    return {
        "seconds": seconds,
        "peak_mb": built_mb,
        "mb": len(data) / 1024 / 1024,
        "served": statistics.median(times),
        "served_peak_mb": peak_mb(),
        "disposition": response["Content-Disposition"],
    }


STAGES = {
    "cold": stage_cold,
    "stored": stage_stored,
    "served": stage_served,
    "hwpx": stage_hwpx,
}


def run_stage(name: str) -> dict:
    result = subprocess.run(
        [county.PYTHON, __file__, "--stage", name],
        cwd=county.ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def screenshots(cold: dict) -> list[str]:
    """PNGs at 60 dpi: the cover, the 목차, and the last page of the first department's report
    beside the first of the second's."""
    pdf = FOLDER / "booklet.pdf"
    boundary = cold["second_start"]
    pages = [1, *range(2, cold["front"] + 1), boundary - 1, boundary]
    names = []
    for page in pages:
        prefix = FOLDER / f"page-{page:03d}"
        only = ["-f", str(page), "-l", str(page), "-singlefile"]
        subprocess.run(["pdftoppm", "-png", "-r", "60", *only, str(pdf), str(prefix)], check=True)
        names.append(f"{prefix.name}.png")
    return names


def main() -> None:
    if "--stage" in sys.argv:
        print(json.dumps(STAGES[sys.argv[sys.argv.index("--stage") + 1]]()))
        return
    print(f"bench/booklet.py: SQLite, {county.load_note()} at start")
    shutil.rmtree(county.OUT / "report-cache", ignore_errors=True)
    steps = county.prepare(DATABASE_URL, with_county=True)
    cold = run_stage("cold")
    stored = run_stage("stored")
    served = run_stage("served")
    hwpx = run_stage("hwpx")
    shots = screenshots(cold) if shutil.which("pdftoppm") else []

    print()
    print(f"{'booklet':<34}{'seconds':>9}{'peak MB':>9}")
    print(f"{'cold (30 PDFs rendered first)':<34}{cold['seconds']:>9.2f}{cold['peak_mb']:>9.0f}")
    print(f"{'stored PDFs (median)':<34}{stored['seconds']:>9.2f}{stored['peak_mb']:>9.0f}")
    print(f"{'served from the file cache':<34}{served['seconds']:>9.3f}{served['peak_mb']:>9.0f}")
    print(f"{'HWPX (한글) laid out, cold':<32}{hwpx['seconds']:>9.2f}{hwpx['peak_mb']:>9.0f}")
    served_hwpx = f"{hwpx['served']:>9.3f}{hwpx['served_peak_mb']:>9.0f}"
    print(f"{'HWPX from the file cache':<32}{served_hwpx}")
    print(
        f"\n{cold['departments']} departments, {cold['pages']} pages ({cold['front']} of cover "
        f"and 목차), {cold['mb']:.1f} MB. Python's allocations at their peak during a build from "
        f"stored PDFs (tracemalloc): {stored['traced_mb']:.0f} MB. The first request through the "
        f"address built it in {served['first']:.2f} s; {served['disposition']}. Each stage in "
        f"a fresh process (peak MB is its maximum resident size), {RUNS} runs for the medians. "
        f"The 한글 booklet: {hwpx['mb']:.2f} MB; {hwpx['disposition']}. "
        f"Preparation: " + ", ".join(f"{step} {s:.1f} s" for step, s in steps.items()) + "."
    )
    if shots:
        print(f"Pages as PNG in {FOLDER.relative_to(county.ROOT)}: {', '.join(shots)}.")
    print(f"{county.load_note()} at the end.")


if __name__ == "__main__":
    main()
