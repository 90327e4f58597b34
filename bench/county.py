"""What the benchmarks share: for bench/pages.py and bench/serve.py, the production settings
they run under and the bench database (the demo plan and a synthetic county of 30
departments × 12 cards × 3 years, `manage.py generate_county`); for every bench, the load
average it prints at its start and end.

The database is PostgreSQL ``workplan_bench`` on 127.0.0.1:5432 (user postgres, trust auth, as
CI has it), created afresh; where no PostgreSQL answers, bench/pages.py falls back to SQLite
and says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
POSTGRES_HOST = "127.0.0.1"
POSTGRES_PORT = 5432
BENCH_DATABASE = "workplan_bench"
POSTGRES_URL = f"postgres://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/{BENCH_DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/1"

COUNTY = {"departments": 30, "cards": 12, "years": 3, "seed": 1}
COUNTY_NAME = "가람군"
DEMO_URL = "/plans/2023/자치행정과/"


def production_env(database_url: str, *, cache_url: str = "") -> dict[str, str]:
    """The environment of config.settings.prod for a run on loopback without HTTPS."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database_url,
        REPORT_CACHE_DIR=str(OUT / "report-cache"),
    )
    env.pop("CACHE_URL", None)
    if cache_url:
        env["CACHE_URL"] = cache_url
    return env


def postgres_answers() -> bool:
    return (
        shutil.which("pg_isready") is not None
        and subprocess.run(
            ["pg_isready", "-q", "-h", POSTGRES_HOST, "-p", str(POSTGRES_PORT)], check=False
        ).returncode
        == 0
    )


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except Exception:
        return False


def _admin_sql(sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(
        host=POSTGRES_HOST, port=POSTGRES_PORT, user="postgres", dbname="postgres"
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def manage(env: dict[str, str], *args: str) -> float:
    """Run a manage.py command in a fresh process; its wall-clock seconds."""
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def county_arguments() -> list[str]:
    return [f"--{name}={value}" for name, value in COUNTY.items()]


def prepare(database_url: str, *, with_county: bool = True) -> dict[str, float]:
    """A fresh bench database: migrations, the demo plan, the county; static files collected
    as production has them (hashed names, compressed). Returns each step's wall-clock seconds."""
    OUT.mkdir(parents=True, exist_ok=True)
    if database_url.startswith("postgres"):
        _admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        _admin_sql(f"CREATE DATABASE {BENCH_DATABASE}")
    elif database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env = production_env(database_url)
    seconds = {
        "migrate": manage(env, "migrate", "--noinput", "-v", "0"),
        "collectstatic": manage(env, "collectstatic", "--noinput", "-v", "0"),
        "load_demo": manage(env, "load_demo", "-v", "0"),
    }
    if with_county:
        seconds["generate_county"] = manage(env, "generate_county", *county_arguments(), "-v", "0")
    return seconds


def load_note() -> str:
    """The load average, to say whether other work shared the two cores during a run."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"
