"""Settings shared by every profile.

Profiles: ``embedded`` (the default: SQLite, in-process jobs, local memory cache),
``production`` (PostgreSQL, Redis, Celery workers) and ``test``. Everything that
differs between machines comes from the environment, never from the repository.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GONGJIAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "gongjian.core",
    "gongjian.accounts",
    "gongjian.registry",
    "gongjian.targets",
    "gongjian.posts",
    "gongjian.suggestions",
    "gongjian.meetings",
    "gongjian.commitments",
    "gongjian.public",
    "gongjian.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gongjian.core.middleware.RequestIdMiddleware",
    "gongjian.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "gongjian.core.middleware.SessionIdleMiddleware",
]

ROOT_URLCONF = "gongjian.urls"
WSGI_APPLICATION = "gongjian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongjian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gongjian.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gongjian.sqlite3'}",  # empty means unset
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# WAL lets the background import write while pages keep reading. A write transaction takes
# the write lock when it starts (IMMEDIATE), so a second writer waits (up to the timeout)
# instead of failing with "database is locked" when its read snapshot cannot be upgraded.
GONGJIAN_SQLITE_OPTIONS = {
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(GONGJIAN_SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "gongjian.accounts.backends.LoginThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Shared office PCs: a session ends after this many seconds without a request.
SESSION_COOKIE_AGE = int(os.environ.get("GONGJIAN_SESSION_IDLE_SECONDS", str(30 * 60)))
# Each request of a signed-in user extends it, written at most once a minute (core.middleware).
GONGJIAN_SESSION_TOUCH_SECONDS = int(os.environ.get("GONGJIAN_SESSION_TOUCH_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True


# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is locked out for AXES_COOLOFF_TIME hours. The pair, not the
# username alone, so an attacker elsewhere cannot lock a real user out.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGJIAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("GONGJIAN_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "gongjian.accounts.backends.axes_client_ip"  # core.guard.client_ip, IPs only
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Only failures are recorded (the lockout needs them), not every successful sign-in: a
# sign-in without a client address (a test client, a script) then stores nothing.
AXES_DISABLE_ACCESS_LOG = True

# Content-Security-Policy: everything from our own origin, no inline script.
GONGJIAN_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'"
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# The project's catalogue and each app's (gongjian/<app>/locale): listed here so that ours come
# before Django's own (its admin would otherwise translate "History" as 历史 in our pages).
LOCALE_PATHS = [BASE_DIR / "gongjian" / "locale", *sorted((BASE_DIR / "gongjian").glob("*/locale"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages come from the npm registry (package-lock.json) and are copied
# here by `make assets`; nothing is ever loaded from an outside host.
STATICFILES_DIRS = [BASE_DIR / "gongjian" / "static", BASE_DIR / "static_vendor"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "gongjian.accounts.tokens.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "gongjian.core.throttling.AnonRateThrottle",
        "gongjian.core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("GONGJIAN_API_ANON_RATE", "30/minute"),
        "user": os.environ.get("GONGJIAN_API_USER_RATE", "600/minute"),
    },
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gongjian API",
    "DESCRIPTION": "共建: community co-building under the \"168\" mechanism",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads Swagger UI from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "/static/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/gongjian/favicon.svg",
    "ENUM_NAME_OVERRIDES": {f"{m.split('.')[-2]}StatusEnum": m for m in ("gongjian.targets.models.AnnualPlan.Status", "gongjian.targets.models.Task.Status", "gongjian.targets.models.ProgressReport.Status", "gongjian.suggestions.models.Campaign.Status", "gongjian.suggestions.models.Suggestion.Status")},
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", None)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Uploads: an import sheet of tens of thousands of rows is a few MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
GONGJIAN_IMPORT_MAX_BYTES = 30 * 1024 * 1024
# What an uploaded workbook may unpack to (an .xlsx is a zip; a "zip bomb" unpacks to GBs).
GONGJIAN_IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("GONGJIAN_IMPORT_MAX_UNCOMPRESSED_BYTES", str(150 * 1024 * 1024)))
# A background import that runs longer than this stops, writes nothing and says so.
GONGJIAN_IMPORT_TIME_LIMIT_SECONDS = int(os.environ.get("GONGJIAN_IMPORT_TIME_LIMIT_SECONDS", "900"))
# Imports with more rows than this run as a background job with a progress bar.
GONGJIAN_IMPORT_BACKGROUND_ROWS = int(os.environ.get("GONGJIAN_IMPORT_BACKGROUND_ROWS", "2000"))

# Public forms (core/guard.py): X-Forwarded-For is believed only from these proxies (IPs or
# CIDRs, comma-separated), and a form sent sooner than this after it was shown is a robot's.
GONGJIAN_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("GONGJIAN_TRUSTED_PROXIES", "").split(",") if p.strip()]
GONGJIAN_FORM_MIN_SECONDS = float(os.environ.get("GONGJIAN_FORM_MIN_SECONDS", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGJIAN_LOG_LEVEL", "WARNING")},
}
