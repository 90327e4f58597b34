"""Throughput, latency and errors of the production configuration under load: gunicorn with
config/gunicorn.conf.py (workers from the core count), config.settings.prod, PostgreSQL, Redis
as the cache, WhiteNoise for static files; wrk (Debian package) as the load generator on
loopback. Prints a table; asserts nothing.

    .venv/bin/python bench/serve.py          (or: make bench-serve)

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), Redis on 127.0.0.1:6379 and wrk;
says what is missing otherwise. It reuses the bench database bench/pages.py left (the demo
plan and the 30-department county), or prepares it. In the same run it measures:

- ``/healthz`` (config/health.py: middleware and one ``SELECT 1``) as the ceiling of any page;
- the county's largest plan page, its home page and a card page at 16 connections;
- the plan page at 50 connections for 60 s, counting every socket error, timeout and non-2xx;
- a hashed, compressed static file served by WhiteNoise;
- memory per worker (RSS and PSS from /proc) after the load.

wrk runs on the same two cores as gunicorn, PostgreSQL and Redis, so every figure here is for
the whole stack on one small machine."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import county

WRK = shutil.which("wrk")
WRK_SCRIPT = county.ROOT / "bench" / "wrk_report.lua"
GUNICORN = Path(sys.executable).parent / "gunicorn"
SHORT = 20  # seconds per run at 16 connections
LONG = 60  # seconds of the 50-connection run


def missing() -> list[str]:
    problems = []
    if WRK is None:
        problems.append("wrk (apt-get install wrk, or run scripts/check-system.sh as root)")
    if not county.postgres_answers():
        problems.append("PostgreSQL on 127.0.0.1:5432 (pg_ctlcluster 15 main start)")
    if not county.redis_answers():
        problems.append("Redis on 127.0.0.1:6379 (apt-get install redis-server)")
    if not GUNICORN.exists():
        problems.append("gunicorn in the virtualenv (make install)")
    return problems


def bench_urls() -> dict:
    """Run in a subprocess with Django: the URLs to load and how many plans the database has."""
    import django

    django.setup()
    from bench.pages import county_plan_urls
    from plans.models import WorkPlan

    plan_url, card_url = county_plan_urls()
    return {
        "plans": WorkPlan.objects.count(),
        "county_plans": WorkPlan.objects.filter(
            department__organization__name=county.COUNTY_NAME
        ).count(),
        "plan": plan_url,
        "card": card_url,
    }


def urls_of_database(env: dict[str, str]) -> dict | None:
    result = subprocess.run(
        [sys.executable, __file__, "--urls"],
        cwd=county.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    env = dict(env, HOST="127.0.0.1", PORT=str(port))
    env["GUNICORN_ACCESS_LOG"] = str(county.OUT / "gunicorn-access.log")
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "config/gunicorn.conf.py"],
        cwd=county.ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start; see {log}")
        try:
            if get(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s; see {log}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wrk(url: str, *, connections: int, seconds: int) -> dict:
    command = [
        WRK, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(WRK_SCRIPT), url,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(x for x in result.stdout.splitlines() if x.startswith("WRK_REPORT "))
    report = json.loads(line.removeprefix("WRK_REPORT "))
    report["rps"] = report["requests"] / (report["duration_us"] / 1e6)
    report["errors"] = sum(
        report[key]
        for key in ("connect_errors", "read_errors", "write_errors", "timeouts", "non_2xx")
    )
    return report


def _kb(path: Path, field: str) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _parent(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def memory(master: int) -> dict:
    """RSS and PSS (shared pages divided among the processes sharing them) in MB."""
    children = [
        stat.parent.name for stat in Path("/proc").glob("[0-9]*/stat") if _parent(stat) == master
    ]
    workers = []
    for pid in children:
        proc = Path(f"/proc/{pid}")
        workers.append(
            (_kb(proc / "status", "VmRSS") / 1024, _kb(proc / "smaps_rollup", "Pss") / 1024)
        )
    master_proc = Path(f"/proc/{master}")
    return {
        "workers": len(workers),
        "rss": [rss for rss, _ in workers],
        "pss": [pss for _, pss in workers],
        "master_rss": _kb(master_proc / "status", "VmRSS") / 1024,
        "master_pss": _kb(master_proc / "smaps_rollup", "Pss") / 1024,
    }


def static_check(base: str) -> str:
    """The stylesheet the pages link: hashed name, compressed, cached for a year."""
    _, _, body = get(base + "/")
    match = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', body.decode())
    if not match:
        return "portal.css is not linked under a hashed name"
    status, headers, data = get(base + match.group(1), {"Accept-Encoding": "br, gzip"})
    return (
        f"{match.group(1)}: {status}, Content-Encoding {headers.get('Content-Encoding', '-')}, "
        f"{len(data) / 1024:.1f} KB, Cache-Control '{headers.get('Cache-Control', '-')}'"
    )


def main() -> None:
    if sys.argv[1:] == ["--urls"]:
        print(json.dumps(bench_urls()))
        return
    problems = missing()
    if problems:
        print("bench/serve.py skipped; missing: " + "; ".join(problems))
        return
    print(f"bench/serve.py: {county.load_note()} at start")
    county.OUT.mkdir(parents=True, exist_ok=True)
    env = county.production_env(county.POSTGRES_URL, cache_url=county.REDIS_URL)
    urls = urls_of_database(env)
    expected = county.COUNTY["departments"] * county.COUNTY["years"]
    if urls is None or urls["county_plans"] != expected:
        print("preparing the bench database (demo plan and county) …")
        county.prepare(county.POSTGRES_URL)
        urls = urls_of_database(env)
    else:  # reused: make sure it is migrated and static files are collected
        county.manage(env, "migrate", "--noinput", "-v", "0")
        county.manage(env, "collectstatic", "--noinput", "-v", "0")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = county.OUT / "gunicorn.log"
    process = start_gunicorn(env, port, log)
    runs = []
    try:
        targets = {
            "healthz": f"{base}/healthz",
            "plan": base + urls["plan"],
            "home": f"{base}/",
            "card": base + urls["card"],
        }
        for url in targets.values():  # every worker loads its code, templates, connections
            wrk(url, connections=8, seconds=3)
        plan = [
            ("/healthz (trivial view)", targets["healthz"], 16, SHORT),
            ("county plan page", targets["plan"], 16, SHORT),
            (f"home ({urls['plans']} plans)", targets["home"], 16, SHORT),
            ("county card page", targets["card"], 16, SHORT),
            ("county plan page", targets["plan"], 50, LONG),
        ]
        for label, url, connections, seconds in plan:
            runs.append(
                (label, connections, seconds, wrk(url, connections=connections, seconds=seconds))
            )
        mem = memory(process.pid)
        static = static_check(base)
    finally:
        stop(process)

    print()
    print(
        f"{'run':<25}{'conns':>6}{'s':>4}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'max ms':>8}{'errors':>7}{'non-2xx':>8}"
    )
    for label, connections, seconds, r in runs:
        print(
            f"{label:<25}{connections:>6}{seconds:>4}{r['rps']:>8.0f}{r['p50_us'] / 1000:>8.1f}"
            f"{r['p99_us'] / 1000:>8.1f}{r['max_us'] / 1000:>8.0f}{r['errors']:>7}"
            f"{r['non_2xx']:>8}"
        )
    trivial, plan16, plan50 = runs[0][3], runs[1][3], runs[4][3]
    ratio = plan16["rps"] / trivial["rps"]
    print()
    print(
        f"goals: plan page p99 at 16 connections {plan16['p99_us'] / 1000:.1f} ms (goal < 50: "
        f"{'met' if plan16['p99_us'] < 50_000 else 'NOT met'}); plan page / trivial view "
        f"throughput {ratio:.2f} (goal >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'}); "
        f"errors at 50 connections for {LONG} s: {plan50['errors']} of {plan50['requests']} "
        f"(goal 0: {'met' if plan50['errors'] == 0 else 'NOT met'})."
    )
    rss, pss = mem["rss"], mem["pss"]
    print(
        f"memory: {mem['workers']} workers, RSS {min(rss):.0f}–{max(rss):.0f} MB each "
        f"(PSS {min(pss):.0f}–{max(pss):.0f} MB: pages shared with the preloaded master "
        f"counted once), master RSS {mem['master_rss']:.0f} MB (PSS {mem['master_pss']:.0f})."
    )
    print(f"static: {static}")
    print(
        "wrk -t2 on the same 2 cores, sync gunicorn workers (no keep-alive), PostgreSQL and "
        f"Redis local; plan page {unquote(urls['plan'])}. {county.load_note()} at the end."
    )


if __name__ == "__main__":
    main()
