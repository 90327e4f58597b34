"""Settings shared by every environment. Everything that differs per machine comes from the
environment, so the same code runs on a laptop (SQLite), in CI and in production (PostgreSQL)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "personnel",
    "budget",
    "civic",
    "plans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server (compressed, hashed names in prod), so a
    # deployment needs no separate static file server; see config/settings/prod.py.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite is the embedded default so a newcomer needs nothing but Python; production sets
# DATABASE_URL=postgres://user:password@host:5432/name.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Staff edit concurrently in the admin; a busy timeout avoids "database is locked" errors.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko-kr"
# Korean only until a translation catalogue exists: offering English would show Django's own
# English strings to anyone whose browser asks for it, beside untranslated Korean.
LANGUAGES = [("ko", "한국어")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"


def cache_from_url(url: str) -> dict:
    """The default cache from CACHE_URL: ``redis://host:6379/1`` (or ``rediss://``) is Redis,
    shared by every worker and server; unset is local memory, private to each process."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = url.split("://", 1)[0].lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "workplan"),
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL은 redis://호스트:포트/번호 형식이어야 합니다(받은 값의 형식: {scheme})."
    )


# The default cache is Redis in production (CACHE_URL). Whatever is kept in a cache is keyed by
# the content it was made from (a digest or a version), never by an address alone, so an edit
# is visible as soon as it is published and nothing has to be invalidated.
# Rendered reports (the PDF and the Excel workbook) are kept per content version, on disk so
# every worker process shares them; the key is a digest of the content, so an edit can never be
# served stale.
CACHES = {
    "default": cache_from_url(os.environ.get("CACHE_URL", "").strip()),
    "reports": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("REPORT_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "reports")),
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Uploads (Excel imports) stay bounded; larger files are refused with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Spreadsheet import (the admin's 가져오기, plans.spreadsheets): the largest file and the most
# rows one upload may have, and how many rows the preview of a dry run shows.
SPREADSHEET_MAX_BYTES = int(os.environ.get("SPREADSHEET_MAX_BYTES", 10 * 1024 * 1024))
SPREADSHEET_MAX_ROWS = int(os.environ.get("SPREADSHEET_MAX_ROWS", 50_000))
SPREADSHEET_PREVIEW_ROWS = 500

# django-import-export. The formats (.xlsx, .csv in UTF-8 or CP949) are the admin mixin's, in
# plans/resources/formats.py (settings cannot import app code). An import runs in one
# transaction and writes nothing if any row is bad; importing needs the change permission.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"  # and "add": see has_import_permission
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False  # it strips only "="; resources escape all

# Where the demo plan lives; `manage.py load_demo` reads it.
DEMO_DATA_DIR = BASE_DIR / "fixtures"


def require_secret_key() -> None:
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY 환경 변수를 설정하십시오.")
