"""Lighthouse's mobile run (simulated 4G, 4× slower CPU) on the public pages in the production
configuration: gunicorn with config/gunicorn.conf.py, config.settings.prod, WhiteNoise serving
the hashed, compressed static files, the demo plan in a SQLite file of its own. Prints the four
category scores and FCP, LCP and TBT per page; asserts nothing.

    .venv/bin/python bench/lighthouse.py                 (or: make bench-lighthouse)
    .venv/bin/python bench/lighthouse.py / /sessions/    (paths of your choice)

Needs npm and Debian's Chromium (/usr/bin/chromium, or CHROME_PATH). Lighthouse is installed by
npm into bench/node/ (ignored by git), never globally; version 12 because 13 needs Node 22.
The JSON reports are kept in bench/out/lighthouse/ (open one in https://googlechrome.github.io/
lighthouse/viewer/ to see every audit). Each failing audit of accessibility, best practices or
SEO is listed below the table."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import county
from bench.serve import free_port, get, start_gunicorn, stop

LIGHTHOUSE_VERSION = "12.8.2"
NODE_DIR = county.ROOT / "bench" / "node"
LIGHTHOUSE = NODE_DIR / "node_modules" / ".bin" / "lighthouse"
OUT = county.OUT / "lighthouse"
DATABASE_URL = f"sqlite:///{OUT / 'lighthouse.sqlite3'}"
ATTEMPTS = 3
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
# The demo's pages; the session page only where the tree has one (it answers 200).
DEFAULT_PAGES = ["/", county.DEMO_URL, f"{county.DEMO_URL}IV-3/", "/sessions/"]


def install_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    if shutil.which("npm") is None:
        raise SystemExit("npm이 없습니다: apt-get install npm")
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund",
         "--loglevel=error", f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
    )  # fmt: skip


def answers(base: str, path: str) -> bool:
    try:
        return get(base + path)[0] == 200
    except HTTPError:
        return False


def cpu_multiplier(benchmark_index: float) -> float:
    """The CPU slowdown that makes this host emulate the mobile preset's phone, from the host's
    benchmarkIndex, by Lighthouse's own calculator (lighthouse-cpu-throttling-calculator; its
    docs/throttling.md): the preset's 4× assumes a host of index ~1,500; a busy 2-core machine
    measures 150-600, where 4× counts its main thread's time 2.5 to 4 times over."""
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    return max(1.0, 1 + (benchmark_index - 150) / 650)


def lighthouse(url: str, report: Path, multiplier: float | None = None) -> dict:
    """One run's report. A run Chromium could not trace (NO_NAVSTART and its like, which a busy
    machine brings now and then) is repeated, up to ATTEMPTS times."""
    for attempt in range(1, ATTEMPTS + 1):
        done = subprocess.run(
            [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
             f"--only-categories={','.join(CATEGORIES)}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
             *([f"--throttling.cpuSlowdownMultiplier={multiplier:.2f}"] if multiplier else [])],
            env=dict(os.environ, CHROME_PATH=CHROME),
            check=False,
        )  # fmt: skip
        if done.returncode == 0 and report.exists():
            result = json.loads(report.read_text())
            if "runtimeError" not in result:
                return result
        print(f"{unquote(url)}: Lighthouse failed (attempt {attempt} of {ATTEMPTS})")
    raise SystemExit(f"Lighthouse failed {ATTEMPTS} times on {unquote(url)}")


def figures(result: dict) -> dict:
    row = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    for metric in METRICS:
        row[metric] = result["audits"][metric]["numericValue"]
    row["failing"] = [
        f"{name}: {audit['id']} ({audit['score']})"
        for name in CATEGORIES[1:]  # performance's metrics are in the table
        if result["categories"][name]["score"] < 1
        for ref in result["categories"][name]["auditRefs"]
        if ref["weight"] > 0
        for audit in [result["audits"][ref["id"]]]
        if audit["score"] is not None and audit["score"] < 1
    ]
    row["bytes"] = result["audits"]["total-byte-weight"]["numericValue"]
    row["index"] = result["environment"]["benchmarkIndex"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="paths on the site (default: the demo's pages)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="CPU slowdown from this host's benchmarkIndex instead of the preset's 4×",
    )
    args = parser.parse_args()
    if not Path(CHROME).exists():
        raise SystemExit(f"Chromium이 없습니다: {CHROME} (apt-get install chromium)")
    install_lighthouse()
    OUT.mkdir(parents=True, exist_ok=True)
    Path(DATABASE_URL.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env = county.production_env(DATABASE_URL)
    county.manage(env, "migrate", "--noinput", "-v", "0")
    county.manage(env, "collectstatic", "--noinput", "-v", "0")
    county.manage(env, "load_demo", "-v", "0")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_gunicorn(env, port, OUT / "gunicorn.log")
    rows, multiplier = [], None
    try:
        paths = [quote(p) for p in args.paths or DEFAULT_PAGES]
        paths = [p for p in paths if args.paths or answers(base, p)]
        if args.calibrate:  # a first run measures the host; its scores are not shown
            probe = lighthouse(base + paths[0], OUT / "calibration.json")
            multiplier = cpu_multiplier(probe["environment"]["benchmarkIndex"])
        for path in paths:
            runs = []
            for run in range(args.runs):
                name = unquote(path).strip("/").replace("/", "_") or "home"
                report = OUT / f"{name}.{run}.json"
                runs.append(figures(lighthouse(base + path, report, multiplier)))
            runs.sort(key=lambda row: row["performance"])
            rows.append((path, runs[len(runs) // 2]))
    finally:
        stop(process)

    print()
    print(f"{'page':<28}{'perf':>5}{'a11y':>5}{'b.p.':>5}{'seo':>5}"
          f"{'FCP s':>7}{'LCP s':>7}{'TBT ms':>8}{'KB':>6}{'host':>6}")  # fmt: skip
    for path, row in rows:
        print(
            f"{unquote(path):<28}{row['performance']:>5}{row['accessibility']:>5}"
            f"{row['best-practices']:>5}{row['seo']:>5}"
            f"{row['first-contentful-paint'] / 1000:>7.1f}"
            f"{row['largest-contentful-paint'] / 1000:>7.1f}"
            f"{row['total-blocking-time']:>8.0f}{row['bytes'] / 1024:>6.0f}{row['index']:>6.0f}"
        )
    for path, row in rows:
        for failing in row["failing"]:
            print(f"  {unquote(path)} — {failing}")
    cpu = f"{multiplier:.2f}× CPU slowdown (calibrated)" if multiplier else "4× CPU slowdown"
    print(
        f"\nLighthouse {LIGHTHOUSE_VERSION}, mobile preset (simulated 4G: 150 ms RTT, 1.6 Mbit/s; "
        f"{cpu}), Chromium {CHROME}, {args.runs} run(s) per page (median by performance). "
        "KB: bytes transferred; host: Lighthouse's benchmarkIndex of this machine during the run "
        f"(the preset assumes ~1,500). {county.load_note()}."
    )


if __name__ == "__main__":
    main()
