"""How fast the session report PDF renders, and what it costs, compared with Chromium printing
the same report HTML. Prints a table; asserts nothing (tests never time anything).

    .venv/bin/python bench/pdf.py          (or: make bench-pdf)

Each plan is measured in a fresh process, so that peak memory is that plan's alone. "cold" is a
render with the PDF cache empty (median of 3, the process's first render included); "cached" is
the full path a download takes once the version is cached (report context, HTML, version
digest, cache lookup), median of 20 calls. The WeasyPrint import is timed apart: a server pays
it once at start-up. The 60-card plan is the demo department's document with its cards repeated
under another department, so its content is as dense as the real one's."""

from __future__ import annotations

import copy
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo" / "eumseong-2023-jachihaengjeong.yaml"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
]


def setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["REPORT_CACHE_DIR"] = str(workdir / "cache")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def synthetic_document(cards: int) -> dict:
    """The demo document as another department whose plan has ``cards`` task cards."""
    import yaml

    document = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    synthetic = copy.deepcopy(document)
    synthetic["department"] = {"name": "합성과", "slug": "합성과", "order": 99}
    originals = [card for card in document["plan"]["cards"] if card["section"] == "main"]
    synthetic["plan"]["cards"] = []
    for number in range(1, cards + 1):
        card = copy.deepcopy(originals[(number - 1) % len(originals)])
        card["number"] = number
        card["title"] = f"{card['title']} ({number})"
        synthetic["plan"]["cards"].append(card)
    return synthetic


def prepare(workdir: Path) -> None:
    """Create the bench database with the demo plan and a 60-card plan."""
    setup_django(workdir)
    from django.core.management import call_command

    from plans.documents import load_plan_document

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    load_plan_document(synthetic_document(60))


def measure_one(workdir: Path, slug: str) -> dict:
    """Runs in a fresh process: one cold render, then the cached path."""
    setup_django(workdir)
    import io

    import pypdf
    from django.core.cache import caches

    from plans.models import WorkPlan
    from plans.reports.pdf import html_to_pdf, report_html, report_pdf
    from plans.selectors import plan_report

    caches["reports"].clear()
    plan = WorkPlan.objects.get(year=2023, department__slug=slug)
    # A server imports WeasyPrint once when it starts; that is not part of any one report.
    started = time.perf_counter()
    import weasyprint  # noqa: F401

    imported = time.perf_counter() - started
    cold_runs, untagged_runs = [], []
    for _ in range(3):
        caches["reports"].clear()
        started = time.perf_counter()
        pdf, _ = report_pdf(plan_report(plan), draft=False)
        cold_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        html_to_pdf(report_html(plan_report(plan), draft=False), variant=None)
        untagged_runs.append(time.perf_counter() - started)
    cold, untagged = statistics.median(cold_runs), statistics.median(untagged_runs)
    warm = []
    for _ in range(20):
        started = time.perf_counter()
        report_pdf(plan_report(plan), draft=False)
        warm.append(time.perf_counter() - started)
    html_path = workdir / f"{slug}.html"
    html_path.write_text(standalone_html(report_html(plan_report(plan), draft=False)), "utf-8")
    return {
        "import": imported,
        "cold": cold,
        "untagged": untagged,
        "cached": statistics.median(warm),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
        "bytes": len(pdf),
        "html": str(html_path),
    }


def standalone_html(html: str) -> str:
    """The same report HTML with the PDF's fonts and print stylesheet inlined, for Chromium."""
    from plans.reports.pdf import REPORT_CSS, _font_css

    style = f"<style>{_font_css()}\n{REPORT_CSS.read_text(encoding='utf-8')}</style>"
    return html.replace("</head>", f"{style}</head>", 1)


def chromium_seconds(html_file: str, workdir: Path, runs: int = 3) -> float | None:
    if not Path(CHROMIUM).exists():
        return None
    times = []
    for run in range(runs):
        output = workdir / f"chromium-{run}.pdf"
        profile = tempfile.mkdtemp(prefix="chromium-bench-")
        started = time.perf_counter()
        subprocess.run(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             f"--print-to-pdf={output}", Path(html_file).as_uri()],
            capture_output=True,
            check=False,
            timeout=120,
        )  # fmt: skip
        times.append(time.perf_counter() - started)
        shutil.rmtree(profile, ignore_errors=True)
    return statistics.median(times)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(measure_one(Path(sys.argv[2]), sys.argv[3])))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare":
        prepare(Path(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        workdir = Path(tmp)
        # Django is set up in child processes only, so each measurement starts cold.
        subprocess.run([sys.executable, __file__, "--prepare", tmp], cwd=ROOT, check=True)
        rows = []
        for label, slug in [("demo plan (9 cards)", "자치행정과"), ("60-card plan", "합성과")]:
            result = subprocess.run(
                [sys.executable, __file__, "--one", str(workdir), slug],
                cwd=ROOT, capture_output=True, text=True, check=True,
            )  # fmt: skip
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            figures["chromium"] = chromium_seconds(figures["html"], workdir)
            rows.append((label, figures))
    print(
        f"{'plan':<20}{'pages':>6}{'cold s':>8}{'untagged s':>12}{'cached ms':>11}"
        f"{'peak MB':>9}{'KB':>6}{'chromium s':>12}{'cold/chromium':>15}"
    )
    for label, f in rows:
        chrome = f["chromium"]
        chrome_text = f"{chrome:.2f}" if chrome else "-"
        ratio_text = f"{f['cold'] / chrome:.2f}" if chrome else "-"
        print(
            f"{label:<20}{f['pages']:>6}{f['cold']:>8.2f}{f['untagged']:>12.2f}"
            f"{f['cached'] * 1000:>11.1f}{f['peak_mb']:>9.0f}{f['bytes'] / 1024:>6.0f}"
            f"{chrome_text:>12}{ratio_text:>15}"
        )
    print(
        "cold = tagged PDF/UA-1 (the download) with the PDF cache empty, median of 3, WeasyPrint "
        "already imported "
        f"(import {rows[0][1]['import']:.2f} s, once per server process); untagged = the same "
        "without tags; cached = a download once the version is cached (median of 20); "
        "chromium = chromium --headless --print-to-pdf of the same HTML, start-up included "
        "(median of 3)."
    )


if __name__ == "__main__":
    main()
