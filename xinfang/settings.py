"""Settings for Xinfang.

The embedded default (no environment) runs on SQLite with background tasks in-process. Production sets
``DATABASE_URL`` (PostgreSQL), ``CELERY_BROKER_URL`` (Redis) and the secrets below through the environment.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from xinfang.keys import load_or_create

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XINFANG_VAR_DIR", BASE_DIR / "var"))

_env = os.environ.get
_embedded = load_or_create(VAR_DIR) if not _env("XINFANG_SECRET_KEY") else {}

SECRET_KEY = _env("XINFANG_SECRET_KEY") or _embedded["SECRET_KEY"]
DEBUG = _env("XINFANG_DEBUG", "1" if not _env("XINFANG_SECRET_KEY") else "0") == "1"
ALLOWED_HOSTS = [h for h in _env("XINFANG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in _env("XINFANG_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Field encryption (Fernet keys, comma-separated, newest first: older keys still decrypt) and the HMAC key
# for the searchable hash of identity numbers and phones. Losing these keys loses the personal data.
FIELD_ENCRYPTION_KEYS = [k for k in (_env("XINFANG_FIELD_KEYS") or _embedded["FIELD_KEYS"]).split(",") if k]
FIELD_HASH_KEY = _env("XINFANG_HASH_KEY") or _embedded["HASH_KEY"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "core",
    "organisations",
    "petitions",
    "demo",
    "deadlines",
    "notifications",
    "handling",
    "ledger",
    "alerts",
    "analytics",
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
]

ROOT_URLCONF = "xinfang.urls"
WSGI_APPLICATION = "xinfang.wsgi.application"

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
                "django.template.context_processors.i18n",
                "core.context_processors.navigation_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(_env("DATABASE_URL"), conn_max_age=60)
    if _env("DATABASE_URL")
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "xinfang.sqlite3",
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are never served directly: attachments go through a scope-checked view.
MEDIA_ROOT = Path(_env("XINFANG_MEDIA_ROOT", VAR_DIR / "media"))

ATTACHMENT_MAX_BYTES = int(_env("XINFANG_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = _env("XINFANG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = _env("XINFANG_FROM_EMAIL", "xinfang@localhost")

# Celery: production sets CELERY_BROKER_URL (Redis). Without a broker, tasks run in-process.
CELERY_BROKER_URL = _env("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _env("REDIS_URL")}
    if _env("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Xinfang API",
    "DESCRIPTION": _("涉法涉诉信访工作平台接口"),
    "VERSION": "0.1.0",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env("XINFANG_LOG_LEVEL", "WARNING")},
}

CELERY_BEAT_SCHEDULE["sweep-deadlines"] = {
    "task": "notifications.tasks.sweep_deadlines_task",
    "schedule": 900.0,
}
XINFANG_SWEEP_INTERVAL = int(_env("XINFANG_SWEEP_INTERVAL", "900"))
CELERY_BEAT_SCHEDULE["early-warning"] = {
    "task": "alerts.tasks.run_early_warning_task",
    "schedule": 3600.0,
}

# Navigation badge counts (worklists, messages, alerts) are cached per user for this many seconds.
XINFANG_BADGE_CACHE_SECONDS = int(_env("XINFANG_BADGE_CACHE_SECONDS", "60"))

# Crash safety: connections are checked before reuse (a web process survives a PostgreSQL restart); tasks are
# acknowledged after they ran and requeued when their worker dies (core/tasks.py: retries, failure record).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# outermost: a database outage anywhere below answers 503 without a trace (core/outage.py)
MIDDLEWARE.insert(0, "core.outage.DatabaseUnavailableMiddleware")
