"""Settings for Oversee children's services interventions.

One settings file, driven by environment variables. With nothing set, the app runs on a SQLite
file and Celery's filesystem broker under ``var/``; production and CI set ``DATABASE_URL`` and
``CELERY_BROKER_URL`` to PostgreSQL and Redis. See README.md for every variable.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    "core.logs.RequestContextMiddleware",  # issue 16: request and user ids in every log line
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # --- No caching of case data (issue 15): every response but WhiteNoise's static files.
    "core.middleware.NoStoreMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "core.signin.second_factor.SecondFactorMiddleware",
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
# --- Pages cached under the data's version (issue 19, core.page_cache, docs/adr/0026): a page is
# kept until the data changes, never by a timer. Each process keeps its own (LocMemCache) unless
# CACHE_URL names a Redis that the web processes share. RELEASE is in every key, so a deploy
# never serves a page rendered by the code before it.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# And a list's rows, each under the versions of its own records (core.record_versions,
# docs/adr/0028): a "rows" cache of its own, as there are thousands of small entries a day.
ROW_CACHE = env_bool("ROW_CACHE", True)
_cache_url = os.environ.get("CACHE_URL")


def _cache(prefix: str, entries: int) -> dict:
    if _cache_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": prefix,
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": prefix,
        "OPTIONS": {"MAX_ENTRIES": entries},
    }


CACHES = {"default": _cache("", 1000), "rows": _cache("rows", 50000)}


def _release() -> str:
    """RELEASE, else the checked-out commit (read from .git, no subprocess), else "unknown"."""
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"]
    head = BASE_DIR / ".git" / "HEAD"
    try:
        ref = head.read_text().strip()
        if ref.startswith("ref: "):
            return (BASE_DIR / ".git" / ref[5:]).read_text().strip()[:12]
        return ref[:12]
    except OSError:
        return "unknown"


RELEASE = _release()
# --- Database roles (issue 15): the app's DATABASE_URL is a runtime role that owns nothing;
# migrate and grant_runtime_role connect as the owner from DATABASE_OWNER_URL, the same database
# (core.db_roles, docs/adr/0018). Without it (development, SQLite) they use DATABASE_URL.
if os.environ.get("DATABASE_OWNER_URL"):
    _owner = dj_database_url.parse(os.environ["DATABASE_OWNER_URL"])
    if _owner["NAME"] != DATABASES["default"]["NAME"]:
        raise ImproperlyConfigured("DATABASE_OWNER_URL must name DATABASE_URL's database")
    DATABASES["default"]["OWNER"] = {
        key: _owner.get(key, "") for key in ("USER", "PASSWORD", "HOST", "PORT")
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a Celery worker started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    # --- SQLite as a safe embedded default (issue 16): readers never wait for the writer
    # (WAL), and each transaction takes the write lock as it begins (IMMEDIATE), so one that
    # read first never fails with "database is locked" when it comes to write: it waits its
    # turn, up to the timeout, while the worker or another request writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

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
    # Single sign-on (issue 17): answers only a provider's callback. Before the password
    # backend, so that a test's force_login() session is not a password one (which would owe
    # an admin's second factor: core/signin/second_factor.py).
    "core.signin.oidc.ProviderBackend",
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
# --- Uploaded files (issue 16): evidence goes through STORAGES["default"], the file system
# under MEDIA_ROOT unless STORAGE_BACKEND names another (an object store shared by several web
# machines, e.g. django-storages' "storages.backends.s3.S3Storage"), with STORAGE_OPTIONS as
# JSON (bucket, region...). See docs/adr/0020-running-it-for-real.md.
if os.environ.get("STORAGE_BACKEND"):
    STORAGES["default"] = {
        "BACKEND": os.environ["STORAGE_BACKEND"],
        "OPTIONS": json.loads(os.environ.get("STORAGE_OPTIONS", "{}")),
    }
# Evidence files a commissioner attaches (checked by interventions.evidence). The proxy in front
# of the service should refuse bodies much larger (e.g. 25 MB) before Django reads them.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# --- Staged uploads (issue 15): files one form submission may upload (Django itself refuses
# a request with more than DATA_UPLOAD_MAX_NUMBER_FILES), and what one person may keep
# uploaded but not yet attached (interventions.evidence.stage).
EVIDENCE_MAX_FILES_PER_REQUEST = 10
DATA_UPLOAD_MAX_NUMBER_FILES = 20
EVIDENCE_STAGED_QUOTA_BYTES = 50 * 1024 * 1024

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
# --- Lockout behind a proxy and per account (issue 15)
# The client is the address the trusted proxies report (core.lockout.client_ip): set
# TRUSTED_PROXY_COUNT to the number of proxies in front of the app that append to
# X-Forwarded-For (1 for one TLS proxy). 0 means none: the peer's address is the client's.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_ip"
# A username is also locked everywhere after this many failures from all addresses together.
AXES_HANDLER = "core.lockout.AccountCapHandler"
SIGN_IN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ACCOUNT_FAILURE_LIMIT", "10"))
# Password reset links: at most this many requests an hour from one address, and for one email.
PASSWORD_RESET_LIMIT_PER_ADDRESS = 5
PASSWORD_RESET_LIMIT_PER_EMAIL = 3

# --- Single sign-on and second factor (issue 17): core/signin/, docs/adr/0023.
# Two OpenID Connect providers, each configured by its discovery URL, client id and secret
# (OIDC_<KEY>_DISCOVERY_URL, _CLIENT_ID, _CLIENT_SECRET); one with no discovery URL or client
# id is off. Roles come only from the provider's claim (OIDC_<KEY>_ROLES_CLAIM) through the map
# OIDC_<KEY>_ROLE_MAP ("claim value=Role,other value=Role"); a sign-in no value of which maps to
# a role is refused. With no provider configured, the sign-in page works as before.
OIDC_PROVIDER_DEFAULTS = {
    "dfe": {"name": "DfE Sign-in", "roles_claim": "roles", "role_map": "commissioner=Commissioner"},
    "entra": {
        "name": "Microsoft Entra ID",
        "roles_claim": "groups",
        "role_map": "dfe-officials=DfE official,oversee-admins=Admin",
    },
}
OIDC_PROVIDERS = {
    key: {
        "name": os.environ.get(f"OIDC_{key.upper()}_NAME", defaults["name"]),
        "discovery_url": os.environ.get(f"OIDC_{key.upper()}_DISCOVERY_URL", ""),
        "client_id": os.environ.get(f"OIDC_{key.upper()}_CLIENT_ID", ""),
        "client_secret": os.environ.get(f"OIDC_{key.upper()}_CLIENT_SECRET", ""),
        "roles_claim": os.environ.get(f"OIDC_{key.upper()}_ROLES_CLAIM", defaults["roles_claim"]),
        "role_map": dict(
            item.rsplit("=", 1)
            for item in env_list(f"OIDC_{key.upper()}_ROLE_MAP", defaults["role_map"])
        ),
    }
    for key, defaults in OIDC_PROVIDER_DEFAULTS.items()
}
# Signing out goes on from the sign-out form to the provider's sign-out page (on the host of
# its discovery URL), and a form's redirects must stay within the policy's form-action.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(
    {
        "{0.scheme}://{0.netloc}".format(urlsplit(provider["discovery_url"]))
        for provider in OIDC_PROVIDERS.values()
        if provider["discovery_url"]
    }
)
OIDC_TIMEOUT = 10  # seconds for each call to a provider
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_STORE_ID_TOKEN = True  # for the provider's sign-out (id_token_hint)
# When a provider is configured, only admin accounts (break-glass) may sign in with a password.
LOCAL_PASSWORDS_ADMINS_ONLY = env_bool("LOCAL_PASSWORDS_ADMINS_ONLY", True)
# An admin account signing in with a password must give a code from an authenticator app
# (django-otp: TOTP, with single-use recovery codes) before it reaches the app or the admin.
OTP_TOTP_ISSUER = "Oversee interventions"

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
# --- Health (issue 16): /healthz fails "worker" when no heartbeat came in two of these.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", "300"))
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "core.tasks.record_heartbeat",
        "schedule": float(WORKER_HEARTBEAT_SECONDS),
        "options": {"expires": WORKER_HEARTBEAT_SECONDS},
    },
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
# --- Action owner reminders (issue 16): the owner with an account of an overdue action is
# emailed once for each due date it passes; hourly, as the task skips owners already reminded.
CELERY_BEAT_SCHEDULE["remind-overdue-action-owners"] = {
    "task": "interventions.remind_overdue_action_owners",
    "schedule": 60 * 60.0,
    "options": {"expires": 60 * 60},
}

# --- Email (issue 16): Django's standard variables, sent by the worker (core.email) ---
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    os.environ.get(
        "DJANGO_EMAIL_BACKEND",
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG and not os.environ.get("EMAIL_HOST")
        else "django.core.mail.backends.smtp.EmailBackend",
    ),
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@oversee.invalid")
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The Celery queue emails go on (empty: the default queue). A queue of their own keeps a
# password reset from waiting behind a backlog of reports.
EMAIL_QUEUE = os.environ.get("EMAIL_QUEUE", "")
# The service's own address: every link in an email starts with it (core.email.absolute).
# Without it: the first of ALLOWED_HOSTS over HTTPS in production, the dev server in development.
SITE_URL = os.environ.get(
    "SITE_URL",
    "http://127.0.0.1:8000"
    if DEBUG
    else f"https://{ALLOWED_HOSTS[0] if ALLOWED_HOSTS else 'localhost'}",
).rstrip("/")
# GOV.UK Notify instead of SMTP, only when its API key is set. Each kind of email may have a
# template of its own; "default" is used for the rest. A template shows ((subject)) as its
# subject line and ((body)) as its text.
GOV_NOTIFY_API_KEY = os.environ.get("GOV_NOTIFY_API_KEY", "")
GOV_NOTIFY_REPLY_TO_ID = os.environ.get("GOV_NOTIFY_REPLY_TO_ID", "")
GOV_NOTIFY_TEMPLATES = {
    "default": os.environ.get("GOV_NOTIFY_TEMPLATE_DEFAULT", ""),
    "password_reset": os.environ.get("GOV_NOTIFY_TEMPLATE_PASSWORD_RESET", ""),
    "report_draft_ready": os.environ.get("GOV_NOTIFY_TEMPLATE_REPORT_DRAFT_READY", ""),
    "report_reminder": os.environ.get("GOV_NOTIFY_TEMPLATE_REPORT_REMINDER", ""),
}
if GOV_NOTIFY_API_KEY and not GOV_NOTIFY_TEMPLATES["default"]:
    raise ImproperlyConfigured("GOV_NOTIFY_TEMPLATE_DEFAULT must be set with GOV_NOTIFY_API_KEY.")

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

# --- Logs and error reporting (issue 16): JSON lines with request, user and task ids
# (core.logs); LOG_FORMAT=plain for people reading a terminal (the default in development).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.logs.ContextFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [request=%(request_id)s "
            "user=%(user_id)s task=%(task_id)s] %(message)s"
        },
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# The worker and beat log through the same handlers (config.celery), so lines carry the task id.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from core.logs import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
