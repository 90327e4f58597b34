"""How fast the session report PDF renders, and what it costs, compared with Chromium printing
the same report HTML. Prints a table; asserts nothing (tests never time anything).

    .venv/bin/python bench/pdf.py          (or: make bench-pdf)

Each plan is measured in a fresh process, so that peak memory is that plan's alone. The
machine's speed drifts by ±20% from minute to minute on shared cores, so WeasyPrint and
Chromium are timed in alternating rounds, each round one cold render and one Chromium print,
and the ratio is the median of the rounds' ratios.

- "first": the process's first render, which also loads the fonts (once per server process,
  like the WeasyPrint import, timed apart as "import").
- "cold": a download with the PDF cache empty (report context, HTML, version digest, the
  parts laid out in processes of their own, one per core, and assembled into the tagged
  PDF/UA-1 file: plans.report.parts), median of the rounds; "one go" the same report's HTML
  laid out as one WeasyPrint document (the renderer before the parts), in this process.
- "chromium": ``chromium --headless --print-to-pdf`` of the same HTML with the same fonts and
  print stylesheet, browser start included; "cold/chromium" the median of the rounds' ratios.
- "edit": the staff preview after one card's title is changed (a new content version, so the
  PDF is not in the cache, but the other parts are), median of the rounds: that card and the
  front (its 목차 prints the title) are laid out again, and all parts assembled.
- "preview ms": a staff preview once its version is cached (report context, HTML, digest,
  cache read), median of 20; "download ms": a published version's PDF through the whole Django
  request (the file stored at publication), median of 20.

The 60-card plan is the demo department's document with its cards repeated under another
department, so its content is as dense as the real one's."""

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

# Run as a script, this file's folder comes first on the path, where bench/hwpx.py would hide
# python-hwpx's package (hwpx), which publishing the demo plan uses: the project root takes its
# place.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from bench import county  # noqa: E402 (after the path is set)

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
PLANS = [("demo plan (9 cards)", "자치행정과", 7), ("60-card plan", "합성과", 3)]
CACHED_RUNS = 20


def setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DJANGO_DEBUG"] = "0"  # no query log: production-like timings
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["REPORT_CACHE_DIR"] = str(workdir / "cache")
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
    """Create the bench database with the demo plan and a 60-card plan, both published."""
    setup_django(workdir)
    from django.core.management import call_command

    from plans.exchange.documents import load_plan_document
    from plans.workflow.services import plan_record_publication

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    # Its PDF is stored on the first download (measure_one), as for the synthetic county.
    plan = load_plan_document(synthetic_document(60)).plan
    plan_record_publication(plan=plan, actor_name="bench", render_files=False)


def timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def median_of(runs: int, function, *args, **kwargs) -> float:
    return statistics.median(timed(function, *args, **kwargs) for _ in range(runs))


def measure_one(workdir: Path, slug: str, rounds: int) -> dict:
    """Runs in a fresh process: the first render, then rounds of cold render against Chromium,
    then the cached paths."""
    setup_django(workdir)
    import io

    import pypdf
    from django.core.cache import caches
    from django.test import Client

    from plans.models import WorkPlan
    from plans.report.context import plan_report
    from plans.report.pdf import html_to_pdf, report_html, report_pdf

    plan = WorkPlan.objects.get(year=2023, department__slug=slug)
    store = caches["reports"]
    # A server imports WeasyPrint once when it starts; that is not part of any one report.
    started = time.perf_counter()
    import weasyprint  # noqa: F401

    imported = time.perf_counter() - started

    def cold() -> bytes:
        store.clear()
        return report_pdf(plan_report(plan), draft=False)[0]

    def one_go() -> bytes:
        return html_to_pdf(report_html(plan_report(plan), draft=False))

    first = timed(cold)
    html_path = workdir / f"{slug}.html"
    html_path.write_text(standalone_html(report_html(plan_report(plan), draft=False)), "utf-8")
    edited = plan.cards.order_by("number").first()
    original_title = edited.title

    def after_one_card_edit(round_number: int) -> float:
        report_pdf(plan_report(plan), draft=True)  # the preview's parts before the edit, kept
        edited.title = f"{original_title} (수정 {round_number})"
        edited.save(update_fields=["title"])
        return timed(report_pdf, plan_report(plan), draft=True)

    cold_runs, one_go_runs, chromium_runs, edit_runs = [], [], [], []
    for round_number in range(rounds):
        cold_runs.append(timed(cold))
        one_go_runs.append(timed(one_go))
        chromium_runs.append(chromium_seconds(html_path, workdir))
        edit_runs.append(after_one_card_edit(round_number))
    edited.title = original_title
    edited.save(update_fields=["title"])
    pdf = cold()
    one_go_bytes = len(one_go())
    preview = median_of(CACHED_RUNS, report_pdf, plan_report(plan), draft=False)
    client = Client(HTTP_HOST="localhost")
    url = f"/plans/{plan.year}/{plan.department.slug}/report.pdf"
    if client.get(url).status_code != 200:
        raise SystemExit(f"{url}: not downloadable")
    download = median_of(CACHED_RUNS, client.get, url)
    chromium = [run for run in chromium_runs if run is not None]
    ratios = [c / r for c, r in zip(cold_runs, chromium_runs, strict=True) if r is not None]
    return {
        "import": imported,
        "first": first,
        "cold": statistics.median(cold_runs),
        "one_go": statistics.median(one_go_runs),
        "edit": statistics.median(edit_runs),
        "chromium": statistics.median(chromium) if chromium else None,
        "ratio": statistics.median(ratios) if ratios else None,
        "preview": preview,
        "download": download,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
        "bytes": len(pdf),
        "one_go_bytes": one_go_bytes,
    }


def standalone_html(html: str) -> str:
    """The same report HTML with the PDF's fonts and print stylesheet inlined, for Chromium."""
    from plans.report.typesetting import REPORT_CSS, _font_css

    style = f"<style>{_font_css()}\n{REPORT_CSS.read_text(encoding='utf-8')}</style>"
    return html.replace("</head>", f"{style}</head>", 1)


def chromium_seconds(html_file: Path, workdir: Path) -> float | None:
    """Seconds for Chromium to print the file, or None without Chromium; a print that made no
    PDF stops the bench rather than counting as a time."""
    if not Path(CHROMIUM).exists():
        return None
    output = workdir / "chromium.pdf"
    output.unlink(missing_ok=True)
    profile = tempfile.mkdtemp(prefix="chromium-bench-")
    started = time.perf_counter()
    printed = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
         f"--print-to-pdf={output}", html_file.as_uri()],
        capture_output=True,
        check=False,
        timeout=120,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    shutil.rmtree(profile, ignore_errors=True)
    if printed.returncode != 0 or not output.read_bytes().startswith(b"%PDF-"):
        raise SystemExit(f"chromium did not print {html_file}: {printed.stderr[-500:]!r}")
    return elapsed


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        print(json.dumps(measure_one(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare":
        prepare(Path(sys.argv[2]))
        return
    print(f"bench/pdf.py: {county.load_note()} at start")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        # Django is set up in child processes only, so each measurement starts cold.
        subprocess.run([sys.executable, __file__, "--prepare", tmp], cwd=ROOT, check=True)
        rows = []
        for label, slug, rounds in PLANS:
            result = subprocess.run(
                [sys.executable, __file__, "--one", tmp, slug, str(rounds)],
                cwd=ROOT, capture_output=True, text=True, check=True,
            )  # fmt: skip
            rows.append((label, rounds, json.loads(result.stdout.strip().splitlines()[-1])))
    print(
        f"{'plan':<20}{'pages':>6}{'first s':>9}{'cold s':>8}{'one go s':>10}"
        f"{'chromium s':>12}{'cold/chromium':>15}{'edit s':>8}{'preview ms':>12}{'download ms':>13}"
        f"{'peak MB':>9}{'child MB':>10}{'KB':>6}{'one go KB':>11}"
    )
    for label, _, f in rows:
        chromium = f"{f['chromium']:.2f}" if f["chromium"] else "-"
        ratio = f"{f['ratio']:.2f}" if f["ratio"] else "-"
        print(
            f"{label:<20}{f['pages']:>6}{f['first']:>9.2f}{f['cold']:>8.2f}{f['one_go']:>10.2f}"
            f"{chromium:>12}{ratio:>15}{f['edit']:>8.2f}{f['preview'] * 1000:>12.1f}"
            f"{f['download'] * 1000:>13.1f}{f['peak_mb']:>9.0f}{f['child_mb']:>10.0f}"
            f"{f['bytes'] / 1024:>6.0f}{f['one_go_bytes'] / 1024:>11.0f}"
        )
    rounds = ", ".join(f"{label} {count}" for label, count, _ in rows)
    print(
        f"Rounds of cold render against Chromium: {rounds}; cold, one go and chromium are "
        "medians of the rounds, cold/chromium the median of the rounds' ratios. first = the "
        "process's first render (it loads the fonts); edit = a staff preview after one card's "
        f"title changed; parts laid out in up to {os.cpu_count()} processes (child MB: the "
        "largest child, a layout process or Chromium); WeasyPrint import "
        f"{rows[0][2]['import']:.2f} s, once per server process. preview = a staff preview "
        "from the cache; download = a published version's stored PDF through Django. "
        f"{county.load_note()} at the end."
    )


if __name__ == "__main__":
    main()
