"""Gunicorn, the production app server (`make serve`, README: 배포). Every value can be changed
from the environment without editing this file.

Sync workers: each request holds one process. A public page is CPU work (a small query, a
page-cache read, or rendering on a miss), not waiting, so cores + 1 workers keep every core
busy with one spare for the moment a worker waits on the database. The classic 2 × cores + 1
measured worse on 2 cores under load: more processes fighting for the cores made the tail
longer (plan page at 16 connections: p99 99–183 ms and 737–756 req/s with 5 workers, 48 ms
and 985 req/s with 3; bench/serve.py, README). WEB_CONCURRENCY overrides it, e.g. where pages
wait on a remote database."""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this container may use
    except AttributeError:
        return os.cpu_count() or 1


wsgi_app = "config.wsgi:application"
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]
workers = _int("WEB_CONCURRENCY", _cores() + 1)
worker_class = "sync"

# Load Django once in the master and fork: workers share its memory pages and a broken
# setting fails the start instead of every worker.
preload_app = True

# A cold PDF of a large plan takes several seconds of CPU, more under load; a worker is
# killed only when silent for this long.
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = 30
keepalive = 5

# Workers are replaced after this many requests (spread so they do not all restart at once),
# which bounds any slow growth of a process's memory. A fresh worker connects to the database
# and the cache again, so the bound is generous: at a thousand cached pages a second, 2,000
# replaced a worker every few seconds and showed in the tail latency.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)

# X-Forwarded-* headers are trusted from these addresses only: the reverse proxy's.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
proc_name = "workplan"
# No control socket (gunicorn 27): its default path is per user, so a second instance on the
# machine (a benchmark beside `make serve`) would take it over; signals do the same job.
control_socket_disable = True

# Heartbeat files in memory, not on a disk that may stall (containers, slow volumes).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
