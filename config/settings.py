"""Settings for Oversee children's services interventions.

One settings file, driven by environment variables. With nothing set, the app runs on a SQLite
file and Celery's filesystem broker under ``var/``; production and CI set ``DATABASE_URL`` and
``CELERY_BROKER_URL`` to PostgreSQL and Redis. See README.md for every variable.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development run `make run`, which sets both."
        )
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105 (development only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "core",
    "authorities",
    "inspections",
    "interventions",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "core.context_processors.service",
            ],
            "builtins": ["core.templatetags.govuk"],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: PostgreSQL from DATABASE_URL, otherwise a SQLite file under var/.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails a request in seconds (a 503 page, core.errors)
    # rather than holding it until the proxy gives up.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )
    # No JIT: our queries are short, and compiling one cost 1.5 s for 80 ms of work on the
    # dashboard at ten times national scale (bench/README.md).
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a Celery worker started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A password reset link works for two hours (Django's default is three days).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(2 * 60 * 60)))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# Static files: our own under static/, GOV.UK Frontend from its npm package (installed by
# `make` into node_modules/), and the Sass we compile into var/static-build/.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
NODE_MODULES_DIR = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", NODE_MODULES_DIR / "govuk-frontend" / "dist" / "govuk"),
    ("build", VAR_DIR / "static-build"),
]
# Production serves the collected, hashed files (`collectstatic`); development and tests serve
# straight from the finders.
MANIFEST_STATIC = not DEBUG and env_bool("DJANGO_MANIFEST_STATIC", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if MANIFEST_STATIC
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not MANIFEST_STATIC
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Evidence files a commissioner attaches (checked by interventions.evidence). The proxy in front
# of the service should refuse bodies much larger (e.g. 25 MB) before Django reads them.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

# Security. Production runs behind TLS; `check --deploy` must be clean.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Sessions end after 30 minutes idle and 8 hours in all (core.middleware.SessionTimeoutMiddleware).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# No inline script or style anywhere: every script and stylesheet is a file of ours.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Sign-in throttling: five failures for one username from one address locks it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed sign-in, readable by admins

# Celery: Redis from CELERY_BROKER_URL, otherwise the filesystem broker under var/.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_FOLDER = VAR_DIR / "celery" / "broker"
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # How long Redis waits before redelivering a task whose worker died without acknowledging
    # it (acks_late). Tests of a killed worker set CELERY_VISIBILITY_TIMEOUT to a few seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker outlives any broker outage: it keeps reconnecting rather than exiting after 100 tries.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# When the broker connection drops, stop the tasks running (they cannot be acknowledged now):
# each is one transaction, rolled back, and comes back by redelivery or the reports sweep.
# Celery 6's default; set here so that 5.x does not warn.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# How often the reports sweep runs: it queues every missing quarterly report of every ended
# period, then the commissioners' due and overdue reminders (reporting.tasks). The database is
# the record of the work, so a run lost while Redis was down, or tasks lost with Redis's
# memory, are queued again by the next run (docs/adr/0011-faults.md). Each run's messages
# expire when the next is due, so a backlog never piles up copies.
REPORTS_SWEEP_SECONDS = int(os.environ.get("REPORTS_SWEEP_SECONDS", "600"))
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "core.tasks.record_heartbeat", "schedule": 300.0},
    "generate-due-reports": {
        "task": "reporting.tasks.generate_due_reports",
        "schedule": float(REPORTS_SWEEP_SECONDS),
        "options": {"expires": REPORTS_SWEEP_SECONDS},
    },
    # Uploads never attached are removed once their upload token has expired (a day).
    "prune-staged-evidence": {
        "task": "interventions.prune_staged_evidence",
        "schedule": 6 * 60 * 60.0,
    },
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@oversee.invalid")

# The national reference data (read in place, never copied into the project).
REFERENCE_DATA_DIR = Path(
    os.environ.get("REFERENCE_DATA_DIR", BASE_DIR.parent / "shared" / "data")
).resolve()

SERVICE_NAME = "Oversee children's services interventions"

# A reason for a change can be as long as the person needs (simple-history's default is 100).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Where "Home" takes each role after sign-in (URL names; the first role the user holds wins).
HOME_URL_BY_ROLE = [
    ("Commissioner", "commissioner_home"),
    ("DfE official", "reporting:dashboard"),
    ("Admin", "reporting:dashboard"),
]

# The read-only JSON API: session sign-in only, the same scoping as the pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Oversee children's services interventions API",
    "DESCRIPTION": "Read-only data on authorities, inspections, the presumption test, "
    "interventions and quarterly reports. Sign in to the service first: the API uses the "
    "browser session and shows only what the signed-in user may see.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# --- API tokens, a strict OpenAPI schema, CSV and the API's docs page (issue 17)
# A personal token (core.api_tokens) signs API requests in as its holder, read-only; first, so
# that anonymous requests get 401 with "WWW-Authenticate: Bearer". The browser session still works.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "reporting.api.authentication.BearerTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
REST_FRAMEWORK["EXCEPTION_HANDLER"] = "reporting.api.errors.api_exception_handler"
# Decimals are JSON numbers, as the schema says.
REST_FRAMEWORK["COERCE_DECIMAL_TO_STRING"] = False
SPECTACULAR_SETTINGS |= {
    "DESCRIPTION": "Read-only data on authorities, inspections, the presumption test, "
    "interventions and quarterly reports, showing only what the user may see. Send a personal "
    "API token (made on the service's API tokens page, or with `manage.py create_api_token`) "
    "as `Authorization: Bearer <token>`; a signed-in browser session works too. Every list "
    "takes `page_size` (up to 500) and `format=csv` (every matching row, UTF-8 with a BOM).",
    # 3.1: a nullable nested object is "oneOf [object, null]", which strict validators accept
    # (3.0's "allOf + nullable" without a type is not valid JSON Schema).
    "OAS_VERSION": "3.1.0",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AuthorityTypeEnum": "authorities.models.LocalAuthority.Type",
        "InspectionTypeEnum": "inspections.models.Inspection.Type",
        "InterventionStatusEnum": "interventions.models.Intervention.Status",
        "ReportStatusEnum": "reporting.models.Report.Status",
        "ReportingStatusEnum": "reporting.dashboard.vocabulary.ReportStatus",
        "InstrumentEnum": "reporting.dashboard.vocabulary.Instrument",
        "GradeEnum": "inspections.models.Grade",
        "DeliveryModelEnum": "interventions.models.DeliveryModel",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
INSTALLED_APPS += ["drf_spectacular_sidecar"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
