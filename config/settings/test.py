"""Test run: fast password hashing, a fixed secret, the database from DATABASE_URL or SQLite."""

import os

from .base import *  # noqa: F403
from .base import queue_from_url

SECRET_KEY = "test-only-secret-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# WhiteNoise looks files up when asked instead of scanning STATIC_ROOT (collected or not) each
# time a test client builds its middleware: 0.2 s per client once `collectstatic` has run.
WHITENOISE_AUTOREFRESH = True

# Each test run renders into its own cache so results never depend on an earlier run.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "reports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reports"},
}

# Sent mail lands in django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Jobs run inline through the queue's API (a retry waits in Huey's in-memory schedule until a
# test runs it); tests/workflow/test_publication_worker.py turns immediate mode off to run a real
# worker against this Redis, which CI starts.
HUEY = queue_from_url(
    os.environ.get("QUEUE_URL", "redis://127.0.0.1:6379/15").strip(), immediate=True
)
# The session booklets are built by their first request; the tests of their job turn it on.
BOOKLET_PREBUILD = False
REPORT_PDF_PROCESSES = 1  # parts of a report PDF laid out in the test process (plans.report.parts)
