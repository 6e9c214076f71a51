"""Settings for Xinfang.

The embedded default (no environment) runs on SQLite with background tasks in-process. Production sets
``DATABASE_URL`` (PostgreSQL), ``CELERY_BROKER_URL`` (Redis) and the secrets below through the environment.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from xinfang.keys import load_or_create, require_production_environment

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XINFANG_VAR_DIR", BASE_DIR / "var"))

_env = os.environ.get
# Production: XINFANG_SECRET_KEY is set, or XINFANG_ENV=production. It refuses to start without its secrets
# (naming each missing one) and never falls back to the generated var/secrets.json of the embedded default.
PRODUCTION = bool(_env("XINFANG_SECRET_KEY")) or _env("XINFANG_ENV") == "production"
if PRODUCTION:
    require_production_environment(os.environ)
_embedded = load_or_create(VAR_DIR) if not PRODUCTION else {}

SECRET_KEY = _env("XINFANG_SECRET_KEY") or _embedded["SECRET_KEY"]
# Off unless a developer asks for it (XINFANG_DEBUG=1): even the embedded default answers errors with the
# product's own pages, never Django's debug page.
DEBUG = _env("XINFANG_DEBUG", "0") == "1"
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
    "django.forms",  # the form renderer below finds Django's widget templates through it
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "csp",
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
    "audit",
    "quality",
    "hearings",
    "mediation",
    "aid",
    "care",
    "supervision",
    "reception",
    "portal",
    "search",
    "textmodels",
    "circulars",
    "campaigns",
    "topics",
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
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "audit.client.AuditClientMiddleware",
]

ROOT_URLCONF = "xinfang.urls"
WSGI_APPLICATION = "xinfang.wsgi.application"

# Widgets render through the project's template engine, so ``templates/django/forms/widgets/select.html`` (options
# rendered in Python: ``core/templatetags/form_options.py``) replaces Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.NotDemoPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(_env("XINFANG_STATIC_ROOT", BASE_DIR / "staticfiles"))
# The embedded default serves static files straight from the apps (no collectstatic step); production collects.
WHITENOISE_USE_FINDERS = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are never served directly: attachments go through a scope-checked view.
MEDIA_ROOT = Path(_env("XINFANG_MEDIA_ROOT", VAR_DIR / "media"))

ATTACHMENT_MAX_BYTES = int(_env("XINFANG_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = _env("XINFANG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = _env("XINFANG_FROM_EMAIL", "xinfang@localhost")

# Celery: production sets CELERY_BROKER_URL (Redis). Without a broker, tasks run in-process.
CELERY_BROKER_URL = _env("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}

CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_REDIRECT_STDOUTS = False  # workers log through LOGGING below (JSON in production)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Cache and sessions: Redis when REDIS_URL is set (production: shared by every web worker, so badge counts,
# dashboard figures and login throttles agree across processes); sessions are written to the database and
# cached in Redis (cached_db: revoking a session deletes both).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _env("REDIS_URL"),
        "KEY_PREFIX": "xinfang",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
    if _env("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
if _env("REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

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
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],  # the schema only for staff
    # choice sets whose field name other apps use for other choices: named here, not by a hash suffix
    "ENUM_NAME_OVERRIDES": {
        "ReviewKindEnum": "quality.models.ReviewKind",
        "SupervisionReportKindEnum": "supervision.models.ReportKind",
        "SupervisionLevelEnum": "supervision.models.Level",
        "ConsultationStatusEnum": "hearings.models.ConsultationStatus",
        "ReviewStatusEnum": "quality.models.ReviewStatus",
        "SatisfactionEnum": "handling.models.Satisfaction",
        "CampaignPhaseKindEnum": "campaigns.models.PhaseKind",
        "InspectionKindEnum": "campaigns.models.InspectionKind",
    },
}

# Logs go to standard error (journald under systemd). Production writes one JSON object per line (time, level,
# logger, message, process and the request's method, path, status and user where known: core/logging.py);
# XINFANG_LOG_FORMAT=text or json overrides the default.
LOG_FORMAT = _env("XINFANG_LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "core.logging.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request"]},
    },
    "root": {
        "handlers": ["console"],
        "level": _env("XINFANG_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"),
    },
    "loggers": {
        # one line per request with its duration and status (core.logging.RequestLogMiddleware)
        "xinfang.request": {"level": _env("XINFANG_REQUEST_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
    },
}

CELERY_BEAT_SCHEDULE["sweep-deadlines"] = {
    "task": "notifications.tasks.sweep_deadlines_task",
    "schedule": 900.0,
}
XINFANG_SWEEP_INTERVAL = int(_env("XINFANG_SWEEP_INTERVAL", "900"))
# Early warning: Celery beat in production, a thread of the development server in the embedded default.
XINFANG_EARLY_WARNING_INTERVAL = int(_env("XINFANG_EARLY_WARNING_INTERVAL", "3600"))
CELERY_BEAT_SCHEDULE["early-warning"] = {
    "task": "alerts.tasks.run_early_warning_task",
    "schedule": float(XINFANG_EARLY_WARNING_INTERVAL or 3600),
}
# 稳控帮扶: overdue visits, daily (Celery beat in production, a development-server thread in the embedded default)
XINFANG_CARE_SWEEP_INTERVAL = int(_env("XINFANG_CARE_SWEEP_INTERVAL", "86400"))
CELERY_BEAT_SCHEDULE["care-overdue-visits"] = {
    "task": "care.tasks.flag_overdue_visits_task",
    "schedule": float(XINFANG_CARE_SWEEP_INTERVAL or 86400),
}
# Tamper-evident timeline: the HMAC key of the chains (default: derived from XINFANG_HASH_KEY; set once, before
# the first event, and never change it) and the daily anchor, asked for hourly, taken once a day.
XINFANG_TIMELINE_KEY = _env("XINFANG_TIMELINE_KEY", "")
XINFANG_ANCHOR_INTERVAL = int(_env("XINFANG_ANCHOR_INTERVAL", "3600"))
# Supervision: escalation of overdue 督办 (days overdue → the supervising unit, more days → the unit above) and
# the days without an owner's personal action after which a 包案 is flagged idle.
XINFANG_SUPERVISION_ESCALATE_DAYS = int(_env("XINFANG_SUPERVISION_ESCALATE_DAYS", "3"))
XINFANG_SUPERVISION_ESCALATE_MORE_DAYS = int(_env("XINFANG_SUPERVISION_ESCALATE_MORE_DAYS", "10"))
XINFANG_OWNER_IDLE_DAYS = int(_env("XINFANG_OWNER_IDLE_DAYS", "15"))
XINFANG_SUPERVISION_SWEEP_INTERVAL = int(_env("XINFANG_SUPERVISION_SWEEP_INTERVAL", "3600"))
# 接访预约: a reminder the day before each appointment (once per booking), asked for every 15 minutes
XINFANG_RECEPTION_REMIND_INTERVAL = int(_env("XINFANG_RECEPTION_REMIND_INTERVAL", "900"))
CELERY_BEAT_SCHEDULE["reception-reminders"] = {
    "task": "reception.tasks.send_booking_reminders_task",
    "schedule": float(XINFANG_RECEPTION_REMIND_INTERVAL or 900),
}
CELERY_BEAT_SCHEDULE["supervision-escalation"] = {
    "task": "supervision.tasks.sweep_escalations_task",
    "schedule": float(XINFANG_SUPERVISION_SWEEP_INTERVAL or 3600),
}
# Hot topics (类案): the clustering job, daily (Celery beat in production, a development-server thread in the
# embedded default); 0 turns the embedded thread off.
XINFANG_CLUSTER_INTERVAL = int(_env("XINFANG_CLUSTER_INTERVAL", "86400"))
CELERY_BEAT_SCHEDULE["cluster-topics"] = {
    "task": "topics.tasks.cluster_topics_task",
    "schedule": float(XINFANG_CLUSTER_INTERVAL or 86400),
}
CELERY_BEAT_SCHEDULE["anchor-timeline"] = {
    "task": "petitions.tasks.anchor_timeline_task",
    "schedule": float(XINFANG_ANCHOR_INTERVAL),
}

# Navigation badge counts (worklists, messages, alerts) are cached per user for this many seconds.
XINFANG_BADGE_CACHE_SECONDS = int(_env("XINFANG_BADGE_CACHE_SECONDS", "60"))

# Headers and Content-Security-Policy (docs/security.md). Everything is served from the site: no inline script
# or style, no eval. The DRF browsable API is off (its pages need inline scripts and styles): the API speaks JSON.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
XINFANG_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), "
    "geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), publickey-credentials-get=(self), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]
SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"] = ["rest_framework.permissions.IsAuthenticated"]

# HTTPS (docs/security.md). XINFANG_HTTPS=1 is the default in production: secure cookies, HSTS and the redirect
# to https. Behind a TLS-terminating proxy set XINFANG_PROXY_SSL_HEADER (e.g. "X-Forwarded-Proto") so Django
# knows the original request was https; the proxy must overwrite that header on every request.
HTTPS = _env("XINFANG_HTTPS", "1" if PRODUCTION else "0") == "1"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:  # the __Host- prefix: the browser keeps the cookie only if it is Secure, for this host and path "/"
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = HTTPS and _env("XINFANG_SSL_REDIRECT", "1") == "1"
# the process and readiness probes answer over plain http too (systemd, the load balancer, `make prod-check`)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(_env("XINFANG_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env("XINFANG_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = _env("XINFANG_HSTS_PRELOAD", "1") == "1"
if _env("XINFANG_PROXY_SSL_HEADER"):
    _header, _, _value = _env("XINFANG_PROXY_SSL_HEADER", "").partition("=")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.strip().upper().replace("-", "_"), _value.strip() or "https")
# Security audit log (audit app): entries are chained by HMAC-SHA256 under XINFANG_AUDIT_KEY, or, if unset, a key
# derived from the field hash key. Behind a reverse proxy, name the header carrying the client address as Django
# sees it in request.META (e.g. HTTP_X_REAL_IP or HTTP_X_FORWARDED_FOR, of which the last entry is used).
AUDIT_HASH_KEY = _env("XINFANG_AUDIT_KEY", "")
XINFANG_CLIENT_ADDRESS_HEADER = _env("XINFANG_CLIENT_ADDRESS_HEADER", "")
# Accounts: password rules, login lockout (django-axes), two-factor authentication (django-otp), idle timeout.
INSTALLED_APPS += [
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
]
MIDDLEWARE += [
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock an account after this many failed logins from anywhere, and a client address after this many failures
# on any accounts; both unlock after the cool-off or in the admin (访问尝试 → 删除).
AXES_FAILURE_LIMIT = int(_env("XINFANG_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(_env("XINFANG_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_USERNAME_FORM_FIELD = "username"
# The client address is REMOTE_ADDR unless the site runs behind this many reverse proxies (X-Forwarded-For is
# otherwise forged by any client to escape the per-address limit).
XINFANG_PROXY_COUNT = int(_env("XINFANG_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_COUNT = XINFANG_PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if XINFANG_PROXY_COUNT else ("REMOTE_ADDR",)
)
# Production mode (PRODUCTION above: XINFANG_SECRET_KEY set or XINFANG_ENV=production; DEBUG alone says nothing,
# the embedded default runs with DEBUG off too). Production refuses to start with demo accounts, the demo password or two-factor switched off (accounts.checks).
XINFANG_PRODUCTION = PRODUCTION
# Two-factor authentication is required of administrators, 督办员 and 领导 in production; the embedded demo
# leaves it optional so the demo accounts log in with the printed password alone.
XINFANG_REQUIRE_2FA = _env("XINFANG_REQUIRE_2FA", "1" if PRODUCTION else "0") == "1"
OTP_TOTP_ISSUER = "涉法涉诉信访工作平台"
# A signed-in session ends after this many idle minutes (besides SESSION_COOKIE_AGE, the absolute limit).
XINFANG_IDLE_TIMEOUT_MINUTES = int(_env("XINFANG_IDLE_TIMEOUT_MINUTES", "30"))
# Crash safety: connections are checked before reuse (a web process survives a PostgreSQL restart); tasks are
# acknowledged after they ran and requeued when their worker dies (core/tasks.py: retries, failure record).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL: no JIT. Its compilation cost 200–300 ms on queries that run in milliseconds (docs/performance.md).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# outermost: a database outage anywhere below answers 503 without a trace (core/outage.py)
MIDDLEWARE.insert(0, "core.logging.RequestLogMiddleware")
MIDDLEWARE.insert(0, "core.outage.DatabaseUnavailableMiddleware")
# Public portal (portal app, docs/portal.md): per-client rate limits ("off" only for benchmarks), the offline
# CAPTCHA on submission, and the class that sends the query code (SMS gateway or mail; the default logs it).
PORTAL_RATE_LIMITS = {} if _env("XINFANG_PORTAL_RATE_LIMITS", "") == "off" else None
PORTAL_CAPTCHA = _env("XINFANG_PORTAL_CAPTCHA", "1") != "0"
PORTAL_CODE_SENDER = _env("XINFANG_PORTAL_CODE_SENDER", "portal.senders.LogSender")
