"""How fast the session report's 한글 file (HWPX) is made and read back, and what it costs,
beside the PDF of the same plans in the same run. Prints a table; asserts nothing (tests never
time anything).

    .venv/bin/python bench/hwpx.py          (or: make bench-hwpx)

Plans: the demo plan and the 60-card plan of bench/pdf.py (the demo department's cards repeated
under another department). Each measurement runs in a fresh process, so that its peak memory
is its own:

- "PDF s": a cold PDF download's work (report context, HTML, layout, tagged PDF), median of the
  rounds after the process's first render (which loads the fonts); "PDF MB" that process's peak.
- "export s": report context, layout records and the python-hwpx file (its save checks the
  package), median of the rounds; "export MB" that process's peak.
- "read s": opening the file within the limits and recognising the report, no database;
  "import s": that and the load into an empty database (validation, history), the whole
  한글 파일로 초안 만들기 without the admin; "import MB" that process's peak.
- "rhwp pages": the pages rhwp (an independent renderer, scripts/rhwp_render.py) lays the file
  out on, beside the PDF's.

The demo's pages are drawn as PNG into bench/out/hwpx/ (not committed): rhwp's rendering of the
HWPX and poppler's of the PDF (pdftoppm -r 60), and each pair side by side, paired by page
number (the HWPX runs to more pages than the PDF, so from the first task card on a pair shows
neighbouring parts of the report)."""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this file's folder comes first on the path, where its own name would hide
# python-hwpx's package (hwpx): the project root takes its place.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from bench import county  # noqa: E402 (after the path is set)
from bench.pdf import prepare, setup_django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "hwpx"
PLANS = [("demo plan (9 cards)", "자치행정과", 5), ("60-card plan", "합성과", 3)]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - started, value


def measure_pdf(workdir: Path, slug: str, rounds: int) -> dict:
    setup_django(workdir)
    import io

    import pypdf
    from django.core.cache import caches

    from plans.models import WorkPlan
    from plans.report.context import plan_report
    from plans.report.pdf import report_pdf

    plan = WorkPlan.objects.get(year=2023, department__slug=slug)

    def cold() -> bytes:
        caches["reports"].clear()
        return report_pdf(plan_report(plan), draft=False)[0]

    cold()  # the process's first render loads the fonts
    runs = []
    for _ in range(rounds):
        seconds, pdf = timed(cold)
        runs.append(seconds)
    path = workdir / f"{slug}.pdf"
    path.write_bytes(pdf)
    return {
        "seconds": statistics.median(runs),
        "peak_mb": peak_mb(),
        "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
        "bytes": len(pdf),
    }


def measure_export(workdir: Path, slug: str, rounds: int) -> dict:
    setup_django(workdir)
    from plans.models import WorkPlan
    from plans.report.context import plan_report
    from plans.report.hwpx import render_layout, report_layout

    plan = WorkPlan.objects.get(year=2023, department__slug=slug)

    def export() -> bytes:
        return render_layout(report_layout(plan_report(plan), draft=False))

    runs = []
    for _ in range(rounds):
        seconds, data = timed(export)
        runs.append(seconds)
    (workdir / f"{slug}.hwpx").write_bytes(data)
    return {"seconds": statistics.median(runs), "peak_mb": peak_mb(), "bytes": len(data)}


def measure_import(workdir: Path, slug: str) -> dict:
    """Into an empty database of its own: the bench database's schema, no rows."""
    import os

    database = workdir / f"empty-{slug}.sqlite3"
    shutil.copy(workdir / "empty.sqlite3", database)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["REPORT_CACHE_DIR"] = str(workdir / "cache")
    import django

    django.setup()
    from plans.exchange.hwpx import import_hwpx_report, read_hwpx_report

    data = (workdir / f"{slug}.hwpx").read_bytes()
    read_seconds, reading = timed(read_hwpx_report, data)
    if reading.errors:
        raise SystemExit(f"{slug}: {reading.errors}")
    seconds, (reading, result) = timed(import_hwpx_report, data, dry_run=False)
    if result is None:
        raise SystemExit(f"{slug}: {reading.errors}")
    return {
        "read": read_seconds,
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "rows": result.totals()["created"],
        "unplaced": len(reading.unplaced),
    }


def prepare_empty(workdir: Path) -> None:
    import os

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'empty.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def child(mode: str, workdir: Path, slug: str, rounds: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, f"--{mode}", str(workdir), slug, str(rounds)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"{mode} {slug} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def rhwp_pages(path: Path, out: Path | None) -> int | None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import rhwp_render

    try:
        return rhwp_render.run(path, out)["pages"]
    except rhwp_render.Unavailable as reason:
        print(f"rhwp: {reason}")
        return None


def screenshots(workdir: Path) -> None:
    """The demo's pages as rhwp draws the HWPX and poppler the PDF, and each pair side by
    side (bench/out/hwpx/side-NN.png)."""
    from PIL import Image

    pdf_dir = OUT / "pdf"
    pdf_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(workdir / "자치행정과.pdf"), str(pdf_dir / "page")],
        check=True,
    )
    hwpx_pages = sorted((OUT / "rhwp").glob("*.png"))
    pdf_pages = sorted(pdf_dir.glob("page-*.png"))
    for number, (left, right) in enumerate(zip(hwpx_pages, pdf_pages, strict=False), start=1):
        drawn, printed = Image.open(left).convert("RGB"), Image.open(right).convert("RGB")
        # rhwp's dpi is not poppler's: bring its page to the PDF page's height.
        width = round(drawn.width * printed.height / drawn.height)
        images = [drawn.resize((width, printed.height)), printed]
        width = sum(image.width for image in images) + 20
        sheet = Image.new("RGB", (width, max(image.height for image in images)), "#777")
        sheet.paste(images[0], (0, 0))
        sheet.paste(images[1], (images[0].width + 20, 0))
        sheet.save(OUT / f"side-{number:02d}.png")


def main() -> None:
    modes = {"--pdf": measure_pdf, "--export": measure_export}
    if len(sys.argv) == 5 and sys.argv[1] in modes:
        print(json.dumps(modes[sys.argv[1]](Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))))
        return
    if len(sys.argv) == 5 and sys.argv[1] == "--import":
        print(json.dumps(measure_import(Path(sys.argv[2]), sys.argv[3])))
        return
    if len(sys.argv) == 3 and sys.argv[1] in ("--prepare", "--prepare-empty"):
        (prepare if sys.argv[1] == "--prepare" else prepare_empty)(Path(sys.argv[2]))
        return
    print(f"bench/hwpx.py: {county.load_note()} at start")
    with tempfile.TemporaryDirectory(prefix="bench-hwpx-") as tmp:
        workdir = Path(tmp)
        for step in ("--prepare", "--prepare-empty"):
            subprocess.run([sys.executable, __file__, step, tmp], cwd=ROOT, check=True)
        rows = []
        for label, slug, rounds in PLANS:
            pdf = child("pdf", workdir, slug, rounds)
            export = child("export", workdir, slug, rounds)
            imported = child("import", workdir, slug, 1)
            out = OUT / "rhwp" if slug == "자치행정과" else None
            if out is not None:
                shutil.rmtree(out, ignore_errors=True)
            pages = rhwp_pages(workdir / f"{slug}.hwpx", out)
            rows.append((label, rounds, pdf, export, imported, pages))
        screenshots(workdir)
    print(
        f"{'plan':<20}{'PDF pages':>10}{'rhwp pages':>11}{'PDF s':>7}{'PDF MB':>8}"
        f"{'export s':>10}{'export MB':>11}{'HWPX KB':>9}{'read s':>8}{'import s':>10}"
        f"{'import MB':>11}{'rows':>6}{'unplaced':>10}"
    )
    for label, _, pdf, export, imported, pages in rows:
        print(
            f"{label:<20}{pdf['pages']:>10}{pages if pages is not None else '-':>11}"
            f"{pdf['seconds']:>7.2f}{pdf['peak_mb']:>8.0f}{export['seconds']:>10.2f}"
            f"{export['peak_mb']:>11.0f}{export['bytes'] / 1024:>9.0f}{imported['read']:>8.2f}"
            f"{imported['seconds']:>10.2f}{imported['peak_mb']:>11.0f}{imported['rows']:>6}"
            f"{imported['unplaced']:>10}"
        )
    rounds = ", ".join(f"{label} {count}" for label, count, *_ in rows)
    print(
        f"Rounds: {rounds}; PDF s and export s are medians of the rounds (the PDF's after the "
        "process's first render). Each column of MB is the peak of a process of its own. "
        f"Screenshots: {OUT.relative_to(ROOT)}/side-NN.png (rhwp | PDF). "
        f"{county.load_note()} at the end."
    )


if __name__ == "__main__":
    main()
