"""Local development: debug on, a throwaway secret key when none is set."""

import os

from .base import *  # noqa: F403
from .base import env_bool, queue_from_url

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405

# Reminders are printed where `manage.py send_progress_reminders` (or the server) runs.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# No worker to start: a publication's files are rendered inline, in the request, and a render
# that raises is tried again at once (README: 작업 대기열). QUEUE_IMMEDIATE=0 queues them for
# `make worker` as production does.
HUEY = queue_from_url(
    os.environ.get("QUEUE_URL", "").strip(), immediate=env_bool("QUEUE_IMMEDIATE", True)
)
PUBLICATION_RENDER_RETRY_DELAY = 0 if HUEY["immediate"] else PUBLICATION_RENDER_RETRY_DELAY  # noqa: F405
# The session booklets are built by the first request, not inline in each publication (a
# 30-department 한글 booklet takes 17.5 s); with a worker (QUEUE_IMMEDIATE=0) by a job.
BOOKLET_PREBUILD = env_bool("BOOKLET_PREBUILD", not HUEY["immediate"])
