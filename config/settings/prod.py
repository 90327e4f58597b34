"""Production: secrets and hosts must come from the environment; cookies are secure."""

import os

from whitenoise.compress import Compressor

from .base import *  # noqa: F403
from .base import env_bool, require_secret_key

DEBUG = False
require_secret_key()

# The 추진실적 reminders go out through the county's mail server (README: Configuration).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# The load balancer checks app servers over plain HTTP (config/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True

# Static files: `manage.py collectstatic` writes them with content-hashed names and gzip/brotli
# copies, and WhiteNoise serves them with a year-long immutable Cache-Control (an edited file
# gets a new name). Tests and dev keep Django's plain storage, so no manifest is needed there.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The OTF/TTF fonts are for the PDF, which reads them from static/; no page links them.
# Compressing their 12 MB with Brotli took 80 of collectstatic's 90 seconds.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "otf", "ttf")
