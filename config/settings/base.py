"""Settings shared by every environment. Everything that differs per machine comes from the
environment, so the same code runs on a laptop (SQLite), in CI and in production (PostgreSQL)."""

import base64
import datetime
import hashlib
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
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
    # First, so that its createsuperuser (which also checks a --noinput password) is the one run.
    "config",
    "config.admin_app.PortalAdminConfig",  # Django's admin with the portal's front page
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    "simple_history",
    "config.axes_app.LoginThrottlingConfig",  # django-axes, named 로그인 잠금 in the admin
    "csp",
    # django-ninja, for its templates and static files: the open-data API's docs page
    # (Swagger UI) is served from this site, not a CDN (plans/opendata/api.py).
    "ninja",
    # Huey's Django integration: the job queue and its worker, `manage.py run_huey` (README:
    # 작업 대기열).
    "huey.contrib.djhuey",
    "personnel",
    "budget",
    "civic",
    "plans",
]

MIDDLEWARE = [
    # First, so it compresses every response as finally made (a plan page's 90 KB of HTML
    # travel as about 12 KB). Django's gzip pads each response with random bytes against BREACH,
    # which the admin's pages with their CSRF tokens need; WhiteNoise's files come compressed
    # already and are passed through.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server (compressed, hashed names in prod), so a
    # deployment needs no separate static file server; see config/settings/prod.py.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Near the top, so that responses made by the middleware below it carry the policy too.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads the body (CSRF does): an oversized upload is refused unread.
    "config.security.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Gives the change history (plans.history) the user who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
    # Every account here is staff with write access to a published plan: 12 characters, not
    # Django's 8 (createsuperuser, changepassword and the admin's password forms all check).
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
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
            # Django's RedisCache, with one client per pool (config/cache.py says why).
            "BACKEND": "config.cache.PortalRedisCache",
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
        # The file cache, degrading to rendering again when the directory cannot be written.
        "BACKEND": "config.cache.PortalFileCache",
        "LOCATION": os.environ.get("REPORT_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "reports")),
        "TIMEOUT": None,
        # A report PDF is kept with its parts (plans.report.parts): about one entry per card.
        "OPTIONS": {"MAX_ENTRIES": 10000},
    },
}
# How many processes lay out the parts of a report PDF at once (plans.report.parts): the
# machine's cores unless set; 1 lays them out in the requesting process.
REPORT_PDF_PROCESSES = int(os.environ.get("REPORT_PDF_PROCESSES", "0") or 0) or None


def queue_from_url(url: str, *, immediate: bool) -> dict:
    """The job queue (Huey; README: 작업 대기열) from QUEUE_URL: ``redis://host:6379/2`` is Redis,
    shared by every app server and worker; unset is a SQLite file under var/, for one machine.
    ``immediate`` runs each job inline where it is enqueued, with no worker (make run, tests)."""
    if not url:
        # Huey opens the file when the app loads (any manage.py command, `check --deploy`
        # included), and SQLite makes no folder: a fresh checkout has no var/ yet.
        (BASE_DIR / "var").mkdir(exist_ok=True)
        connection = {"filename": str(BASE_DIR / "var" / "queue.sqlite3")}
        huey_class = "huey.SqliteHuey"
    elif url.split("://", 1)[0].lower() in {"redis", "rediss", "unix"}:
        connection, huey_class = {"url": url}, "huey.RedisHuey"
    else:
        raise ImproperlyConfigured(
            "QUEUE_URL은 redis://호스트:포트/번호 형식이어야 합니다"
            f"(받은 값의 형식: {url.split('://', 1)[0]})."
        )
    return {
        "huey_class": huey_class,
        "name": "workplan",
        "immediate": immediate,
        # Jobs report through the rows they write (the version's state), not a result store.
        "results": False,
        "connection": connection,
        # Threads: each has its own database connection, which Django keeps per thread.
        "consumer": {"workers": int(os.environ.get("QUEUE_WORKERS", "1")), "worker_type": "thread"},
    }


HUEY = queue_from_url(
    os.environ.get("QUEUE_URL", "").strip(), immediate=env_bool("QUEUE_IMMEDIATE", False)
)
# A publication's files (plans.workflow.rendering): a render that raises is tried again this
# many times, first after the delay in seconds, each later wait twice the one before.
PUBLICATION_RENDER_RETRIES = 3
PUBLICATION_RENDER_RETRY_DELAY = 30
PUBLICATION_RENDER_RETRY_BACKOFF = 2
# The session booklets (plans.workflow.booklet_jobs): built by a job once a version goes public
# or is withdrawn, the job waiting this many seconds so that a session's bulk publication
# ends in one build. Off, the first request after a publication builds them.
BOOKLET_PREBUILD = env_bool("BOOKLET_PREBUILD", True)
BOOKLET_PREBUILD_DELAY = 30

# Uploads (Excel imports) stay bounded; larger files are refused with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The largest forms the admin posts are the staffing grid (2 inputs per team × grade: the demo's
# 4 × 11 posts 82 fields, 10 teams × 30 grades would post 600) and a task card with its inlines
# (the demo's largest, IV-3, posts 177). Django's default of 1,000 leaves a large department
# little room and a refused save loses the typing; 5,000 still stops a request built to make the
# parser work. One upload carries one spreadsheet.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = 5

# Spreadsheet import (the admin's 가져오기, plans.exchange.cells): the largest file and the most
# rows one upload may have, and how many rows the preview of a dry run shows.
SPREADSHEET_MAX_BYTES = int(os.environ.get("SPREADSHEET_MAX_BYTES", 10 * 1024 * 1024))
SPREADSHEET_MAX_ROWS = int(os.environ.get("SPREADSHEET_MAX_ROWS", 50_000))
SPREADSHEET_PREVIEW_ROWS = 500
# An uploaded zip package (.xlsx) is checked before it is opened (plans.exchange.packages): its
# number of parts, each part's and the total unpacked size, and how far a part is compressed.
# A workbook at the limits above unpacks to some 200 MB at most, compressed ten to twenty times;
# a "zip bomb" is compressed hundreds of times.
UPLOAD_MAX_PACKAGE_PARTS = 1000
UPLOAD_MAX_PART_BYTES = 100 * 1024 * 1024
UPLOAD_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
UPLOAD_MAX_COMPRESSION_RATIO = 200
# 한글 파일로 초안 만들기 (plans.exchange.hwpx): the largest .hwpx one upload may have; the
# limits inside the file (members, uncompressed sizes, ratio, paragraphs) are in
# plans.exchange.hwpx.package, and the same zip guard as above checks the first four.
HWPX_MAX_BYTES = int(os.environ.get("HWPX_MAX_BYTES", 10 * 1024 * 1024))

# django-import-export. The formats (.xlsx, .csv in UTF-8 or CP949) are the admin mixin's, in
# plans/exchange/resources/formats.py (settings cannot import app code). An import runs in one
# transaction and writes nothing if any row is bad; importing needs the change permission.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"  # and "add": see has_import_permission
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False  # it strips only "="; resources escape all

# Where the demo plan lives; `manage.py load_demo` reads it.
DEMO_DATA_DIR = BASE_DIR / "fixtures"

# E-mail: the 추진실적 reminders (`manage.py send_progress_reminders`). dev prints them on the
# console, test keeps them in memory, prod sends them by SMTP as its settings say.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "업무계획 포털 <noreply@localhost>")
# The portal's address as staff reach it: a mail's links must be absolute, and a command has
# no request to take the host from.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# ---------------------------------------------------------------------------------------------
# Security baseline (README: 보안). prod.py adds secure cookies, HTTPS redirect and HSTS.

# Open-data API (plans.opendata): requests per client address, counted in the default cache.
OPENDATA_THROTTLE_RATE = os.environ.get("OPENDATA_THROTTLE_RATE", "120/m")
# How many proxies' X-Forwarded-For entries name the client: 0 trusts none (a client could
# otherwise write any address there and escape the count); 1 behind the nginx of README: 배포.
NINJA_NUM_PROXIES = int(os.environ.get("NINJA_NUM_PROXIES", "0"))

# Login throttling (django-axes): five wrong passwords for one user name from one address lock
# that pair out for 15 minutes. Keyed by both, so one person's typos cannot lock out a whole
# office behind one NAT address. A correct password resets the count; failures stay on record
# in the admin (로그인 잠금 › 로그인 실패), `manage.py axes_reset` unlocks everyone.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, as django-axes requires
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"  # Korean page, status 429
AXES_ENABLE_ADMIN = False  # config/admin.py registers its pages with Korean labels

# Content-Security-Policy (django-csp) on every response: nothing runs or loads from anywhere
# but this site, no inline style and no inline script but the one below (page scripts and styles
# live in static/), no framing. The vendored KRDS and Pretendard GOV files are served from here too.
#
# One inline script is allowed, by the digest of its text: the head's switch to the web font
# (templates/webfont-switch.js, included verbatim by templates/base.html), which must run before
# the first paint and so cannot wait for a file.
WEBFONT_SWITCH_HASH = "'sha256-{}'".format(
    base64.b64encode(
        # Read as the template loader reads it: line ends as "\n" whatever the checkout has.
        hashlib.sha256(
            (BASE_DIR / "templates" / "webfont-switch.js").read_text(encoding="utf-8").encode()
        ).digest()
    ).decode()
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, WEBFONT_SWITCH_HASH],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # a data: image cannot run script; libraries inline icons
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
X_FRAME_OPTIONS = "DENY"  # for browsers that predate frame-ancestors
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Staff sessions last a working day at most and end when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# A request body larger than the largest upload (a spreadsheet or a 한글 file) plus room for the
# form around it is refused before it is read (config.security.RequestSizeLimitMiddleware):
# Django would otherwise write any size of upload to a temporary file before a form could say no.
REQUEST_MAX_BYTES = max(SPREADSHEET_MAX_BYTES, HWPX_MAX_BYTES) + 1024 * 1024


def require_secret_key() -> None:
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY 환경 변수를 설정하십시오.")
