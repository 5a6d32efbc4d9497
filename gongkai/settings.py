"""Settings, all from environment variables with safe defaults for the embedded SQLite demo.

GONGKAI_DATABASE_URL  default: SQLite file ./gongkai.sqlite3 (WAL mode); e.g. postgres://postgres@127.0.0.1:5432/test
GONGKAI_SECRET_KEY    default: generated once into ./.secret_key (untracked)
GONGKAI_DEBUG         "1"/"true" to enable debug
GONGKAI_ALLOWED_HOSTS comma-separated; default localhost names
GONGKAI_CSRF_TRUSTED_ORIGINS  comma-separated origins (https://gongkai.example.gov.cn); default none
GONGKAI_FEE_PAUSES_CLOCK  "0": the days between a fee notice and payment do not pause the reply clock
GONGKAI_EMAIL_URL     e.g. smtp://user:password@mail.example.cn:587/?tls=True (or :465/?ssl=True);
                      default: mail is printed to the console
GONGKAI_FROM_EMAIL    sender address; default gongkai@localhost
GONGKAI_BROKER_URL    e.g. redis://127.0.0.1:6379/0: background work goes to Celery workers; unset: runs in-process
GONGKAI_REDIS_URL     e.g. redis://127.0.0.1:6379/1: the cache (rate limits, login throttling) shared by
                      every process; unset: each process keeps its own in memory
GONGKAI_TRUSTED_PROXY_HEADER  the header the reverse proxy in front sets to the client address
                      (X-Forwarded-For, X-Real-IP); unset: REMOTE_ADDR, and no header is trusted
GONGKAI_LOG_LEVEL     default WARNING; GONGKAI_LOG_FORMAT: json (default) or text
GONGKAI_MEDIA_ROOT, GONGKAI_HOME  where uploaded files and the SQLite file live; default: the current folder

Security (see README, "Security settings"):
GONGKAI_HTTPS                   "1" when served over HTTPS: Secure cookies, HTTPS redirect, HSTS
GONGKAI_SECURE_COOKIES          older name of the cookie part of GONGKAI_HTTPS (Secure cookies only)
GONGKAI_HSTS_SECONDS            HSTS max-age when GONGKAI_HTTPS (default 31536000, one year)
GONGKAI_HSTS_PRELOAD            "1" to ask browsers to preload HSTS (default on with GONGKAI_HTTPS)
GONGKAI_BEHIND_PROXY            "1" when a reverse proxy terminates TLS and sets X-Forwarded-Proto
GONGKAI_SESSION_IDLE_SECONDS    sign-out after this long without a request (default 1800)
GONGKAI_SESSION_ABSOLUTE_SECONDS  sign-out this long after sign-in, however active (default 28800)
GONGKAI_OTP_REQUIRED            "0" to stop requiring two-factor sign-in of administrators/supervisors
GONGKAI_LOGIN_FAILURES          wrong passwords before a lockout (default 5)
GONGKAI_LOGIN_COOLOFF_MINUTES   how long a lockout lasts (default 30)
GONGKAI_PARSE_MEMORY_MB / GONGKAI_PARSE_SECONDS  caps of a file-parsing process (gongkai/core/bounded.py)
"""

import datetime as dt
import os
import secrets
import warnings
from pathlib import Path

import dj_database_url
import dj_email_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent
WORK_DIR = Path(os.environ.get("GONGKAI_HOME", os.getcwd()))


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("GONGKAI_SECRET_KEY")
    if key:
        return key
    path = WORK_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process won the race
            return path.read_text().strip()
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
        return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("GONGKAI_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("GONGKAI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "gongkai.security",
    "gongkai.api.django_messages.apps.DjangoMessagesConfig",  # Django's messages before DRF's
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "gongkai.agencies",
    "gongkai.auditlog",
    "gongkai.jobs",
    "gongkai.ops",
    "gongkai.workdays",
    "gongkai.applications",
    "gongkai.publishing",
    "gongkai.search",
    "gongkai.annual_report",
    "gongkai.console",
    "gongkai.oversight",
    "gongkai.collection",
    "gongkai.portal",
    "gongkai.demo",
    "gongkai.api",
]

MIDDLEWARE = [
    "gongkai.ops.requests.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gongkai.security.middleware.SessionLifetimeMiddleware",
    "gongkai.security.middleware.RejectControlCharactersMiddleware",
    "gongkai.security.middleware.RequireTwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in on every login form
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
                "gongkai.console.context.staff_context",
                "gongkai.portal.display.display_context",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{WORK_DIR / 'gongkai.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(os.environ.get("GONGKAI_DATABASE_URL", _default_sqlite), conn_max_age=0)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # The embedded default: WAL lets readers run beside one writer; IMMEDIATE avoids
            # upgrade deadlocks when two requests write at once.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = WORK_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT", WORK_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed (gzip + brotli when available) names once collectstatic has run.
    "staticfiles": {"BACKEND": "gongkai.ops.staticfiles.GongkaiStaticFilesStorage"},
}
# After `gongkai collectstatic` WhiteNoise serves STATIC_ROOT alone (far-future caching of the hashed
# names); before it, it serves from the apps' and gongkai/static folders through the finders.
WHITENOISE_USE_FINDERS = not (STATIC_ROOT / "staticfiles.json").exists()
# Until `gongkai collectstatic` has run, STATIC_ROOT does not exist; WhiteNoise serves through the
# finders then, so its warning about the missing folder is noise.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "console:dashboard"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Served over HTTPS: Secure cookies, redirect plain HTTP, HSTS. GONGKAI_SECURE_COOKIES is the
# older name of the cookie part and still works.
GONGKAI_HTTPS = _env_bool("GONGKAI_HTTPS")
SESSION_COOKIE_SECURE = GONGKAI_HTTPS or _env_bool("GONGKAI_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = GONGKAI_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", 31_536_000)) if GONGKAI_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = GONGKAI_HTTPS
SECURE_HSTS_PRELOAD = GONGKAI_HTTPS and _env_bool("GONGKAI_HSTS_PRELOAD", True)
if _env_bool("GONGKAI_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sessions: signed out after 30 idle minutes and at the latest 8 hours after sign-in
# (gongkai.security.middleware.SessionLifetimeMiddleware renews the cookie once a minute).
SESSION_COOKIE_AGE = int(os.environ.get("GONGKAI_SESSION_IDLE_SECONDS", 30 * 60))
GONGKAI_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("GONGKAI_SESSION_ABSOLUTE_SECONDS", 8 * 60 * 60))

# Sign-in protection (django-axes): after 5 wrong passwords for one user from one address, that
# sign-in is locked for 30 minutes, on the staff login and the admin's alike. Unlock: delete the
# attempt in the admin ("访问尝试") or run `gongkai axes_reset_username NAME`.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURES", 5))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("GONGKAI_LOGIN_COOLOFF_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_VERBOSE = False
# The client address as gongkai.ops.requests.ClientAddressMiddleware set it (GONGKAI_TRUSTED_PROXY_HEADER).
AXES_CLIENT_IP_CALLABLE = "gongkai.security.middleware.client_address"

# Two-factor sign-in (django-otp TOTP): required of site/agency administrators and supervisors,
# available to all staff (gongkai.security.otp).
GONGKAI_OTP_REQUIRED = _env_bool("GONGKAI_OTP_REQUIRED", True)
OTP_TOTP_ISSUER = "公开 Gongkai"

# Content-Security-Policy (django-csp): no inline script anywhere; styles may be inline (the
# report pages carry their own); nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("GONGKAI_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["GONGKAI_REDIS_URL"],
            "KEY_PREFIX": "gongkai",
        }
    }

# The client address comes from this header only when a trusted reverse proxy sets it.
GONGKAI_TRUSTED_PROXY_HEADER = os.environ.get("GONGKAI_TRUSTED_PROXY_HEADER", "").strip()

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if os.environ.get("GONGKAI_EMAIL_URL"):
    _email = dj_email_url.parse(os.environ["GONGKAI_EMAIL_URL"])
    EMAIL_BACKEND = _email.get("EMAIL_BACKEND") or "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")

# Background work (gongkai.jobs). With a broker, Celery workers run it; without one (the embedded
# default) every task runs in-process when it is enqueued, so the demo needs nothing but Python.
BROKER_URL = os.environ.get("GONGKAI_BROKER_URL", "").strip()
CELERY_BROKER_URL = BROKER_URL or "memory://localhost/"  # a host named: no kombu warning in the demo
CELERY_TASK_ALWAYS_EAGER = not BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves it to another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# `celery -A gongkai.celery beat`: the periodic work (cron users run the management commands instead).
CELERY_BEAT_SCHEDULE = {
    "outbox": {"task": "gongkai.jobs.drain_outbox", "schedule": 60.0},
    "publishing-tick": {"task": "gongkai.publishing.tick", "schedule": 300.0},
    "applications-daily": {"task": "gongkai.applications.daily", "schedule": crontab(hour=6, minute=30)},
}

# RULES.md §4 OUR RULE: the days between a fee notice and payment do not count toward the reply
# period. Switchable per deployment because the national text is silent on it.
GONGKAI_FEE_PAUSES_CLOCK = _env_bool("GONGKAI_FEE_PAUSES_CLOCK", True)

# One JSON object per line on stderr, each with the request id (also sent as X-Request-ID).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gongkai.ops.requests.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if os.environ.get("GONGKAI_LOG_FORMAT", "json") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}

# The REST API (gongkai/api, docs/decisions/0012-api.md): deny by default (a live personal token of
# a staff member); public endpoints opt out explicitly and are rate limited per client address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["gongkai.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["gongkai.api.permissions.StaffToken"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "gongkai.api.schema.GongkaiAutoSchema",
    "EXCEPTION_HANDLER": "gongkai.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "公开 Gongkai 开放接口",
    "DESCRIPTION": "政府信息公开平台的 REST 接口（第1版）：公开信息、年度报告数据、依申请公开、年报审读；"
    '工作人员接口使用个人接口令牌。错误统一为 {"error": {"code", "message", "fields"}}。',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our own static files, no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_COERCE_PATH_PK": False,
    "ENUM_NAME_OVERRIDES": {
        "DeliveryMethodEnum": "gongkai.applications.choices.DELIVERY_METHOD_CHOICES",
        "FeeMethodEnum": "gongkai.applications.choices.FEE_METHOD_CHOICES",
    },
}
