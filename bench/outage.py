"""The load test of bench/serve.py with the cache server stopped halfway: what readers see when
Redis goes away under load (config/cache.py degrades to rendering without it). Prints a table;
asserts nothing.

    .venv/bin/python bench/outage.py          (or: make bench-outage)

The production configuration under gunicorn (as bench/serve.py runs it) on the bench database,
with a Redis server of its own on a free loopback port as ``CACHE_URL``. Two runs of the county
plan page at 50 connections, side by side:

- Redis up for the whole run;
- Redis killed (SIGKILL) halfway through the run, and left down.

For each: requests per second, p50/p99/max latency and every error (socket errors, timeouts,
non-2xx). The goal is no error at all; the second run is expected to be slower, since every
page is rendered again once Redis is gone. Then ``/healthz`` is read, which should say
``degraded``. Needs PostgreSQL on 127.0.0.1:5432, redis-server and wrk (scripts/check-system.sh
installs them as root)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import county
from bench.serve import free_port, get, start_gunicorn, stop, urls_of_database, wrk

REDIS_SERVER = shutil.which("redis-server")
SECONDS = 40  # per run; Redis is stopped after half of the second one
CONNECTIONS = 50


def start_redis(port: int) -> subprocess.Popen:
    nothing_on_disk = ["--save", "", "--appendonly", "no"]
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", *nothing_on_disk],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return process


def main() -> None:
    problems = [
        name
        for name, ok in (
            ("wrk", shutil.which("wrk")),
            ("redis-server", REDIS_SERVER),
            ("PostgreSQL on 127.0.0.1:5432", county.postgres_answers()),
        )
        if not ok
    ]
    if problems:
        print("bench/outage.py skipped; missing: " + ", ".join(problems))
        return
    print(f"bench/outage.py: {county.load_note()} at start")
    county.OUT.mkdir(parents=True, exist_ok=True)
    redis_port = free_port()
    redis = start_redis(redis_port)
    env = county.production_env(county.POSTGRES_URL, cache_url=f"redis://127.0.0.1:{redis_port}/0")
    urls = urls_of_database(env)
    expected = county.COUNTY["departments"] * county.COUNTY["years"]
    if urls is None or urls["county_plans"] != expected:
        print("preparing the bench database (demo plan and county) …")
        county.prepare(county.POSTGRES_URL)
        urls = urls_of_database(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_gunicorn(env, port, county.OUT / "gunicorn-outage.log")
    plan_url = base + urls["plan"]
    try:
        wrk(plan_url, connections=8, seconds=3)  # every worker warm, the page in Redis
        steady = wrk(plan_url, connections=CONNECTIONS, seconds=SECONDS)
        killer = threading.Timer(SECONDS / 2, redis.kill)
        killer.start()
        outage = wrk(plan_url, connections=CONNECTIONS, seconds=SECONDS)
        killer.join()
        redis.wait()
        health = get(f"{base}/healthz")[2].decode()
    finally:
        stop(process)
        if redis.poll() is None:
            redis.kill()

    print()
    print(f"{'run':<34}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'errors':>7}")
    for label, r in (
        (f"Redis up, {SECONDS} s", steady),
        (f"Redis killed at {SECONDS // 2} s of {SECONDS}", outage),
    ):
        print(
            f"{label:<34}{r['rps']:>8.0f}{r['p50_us'] / 1000:>8.1f}{r['p99_us'] / 1000:>8.1f}"
            f"{r['max_us'] / 1000:>8.0f}{r['errors']:>7}"
        )
    print()
    print(
        f"errors with Redis stopped halfway: {outage['errors']} of {outage['requests']} "
        f"(goal 0: {'met' if outage['errors'] == 0 else 'NOT met'}); "
        f"/healthz afterwards: {' / '.join(health.splitlines())}"
    )
    print(
        f"{CONNECTIONS} connections, wrk -t2 on the same 2 cores; {county.load_note()} at the end."
    )


if __name__ == "__main__":
    main()
