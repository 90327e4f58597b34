"""Local development: debug on, a throwaway secret key when none is set."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405

# Reminders are printed where `manage.py send_progress_reminders` (or the server) runs.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
