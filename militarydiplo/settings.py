"""Settings for militarydiplo, read once from the environment.

Every variable is documented in `.env.example`; a `.env` file beside manage.py, when there
is one, sets those the environment does not. SQLite is the default so that `make run`
works anywhere; PostgreSQL is chosen with DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

load_dotenv(BASE_DIR / ".env", override=False)  # the environment wins over the file

TRUE_VALUES = {"1", "true", "yes", "on"}


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in TRUE_VALUES


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("DJANGO_ENV").lower() == "production"
# DEBUG can never be on in production, whatever DEBUG says.
DEBUG = env_bool("DEBUG") and not PRODUCTION

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"
SECRET_KEY = env("SECRET_KEY")
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs a real SECRET_KEY (at least 50 random characters)."
    )
if not SECRET_KEY:
    # Development keeps one known key so sessions survive runserver's reloads; anything
    # else without a key (tests, one-off commands) gets a random one for this process only.
    SECRET_KEY = _DEV_SECRET_KEY if DEBUG else get_random_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    "partnerships",
    # Only for `manage.py generate_synthetic`: the bench's data (bench/__init__.py).
    "bench",
]

MIDDLEWARE = [
    # First: whether this request may read the replica (militarydiplo/routers.py).
    "militarydiplo.routers.ReadRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A database that does not answer: 503 (JSON under /api/), not 500.
    "militarydiplo.errors.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and views: an unchanged public page answers 304 for a cache read.
    "partnerships.page_etags.CatalogueConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "militarydiplo.security.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, per django-axes: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "militarydiplo.urls"

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

WSGI_APPLICATION = "militarydiplo.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections: a new PostgreSQL connection per request costs ~3x.
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Full-text search (partnerships/search.py) uses django.contrib.postgres there.
    INSTALLED_APPS.append("django.contrib.postgres")
# A streaming read replica (militarydiplo/routers.py): anonymous reads of the catalogue
# go there unless it lags more than REPLICA_LAG_BOUND seconds or a write is that recent.
REPLICA_LAG_BOUND = float(env("REPLICA_LAG_BOUND", "2"))
REPLICA_CHECK_INTERVAL = float(env("REPLICA_CHECK_INTERVAL", "1"))
# Adds X-Read-From (replica / default / undecided) to answers: make cluster-test only.
READ_ROUTING_HEADER = env_bool("READ_ROUTING_HEADER")
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    # Tests read the replica alias from the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["militarydiplo.routers.PrimaryReplicaRouter"]
# Behind pgbouncer in transaction mode (DB_POOL_MODE=transaction) a server-side cursor
# would outlive the transaction its server connection was lent for: use client-side
# cursors (the CSV exports stream in chunks of their own queries, so they still stream),
# and let pgbouncer, not Django, keep connections open.
# DB_REPLICA_POOL_MODE says the same of the replica's address (default: not pooled).
_pool_modes = {"default": env("DB_POOL_MODE"), "replica": env("DB_REPLICA_POOL_MODE")}
for alias in DATABASES:
    if _pool_modes.get(alias, "").lower() == "transaction":
        DATABASES[alias]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES[alias]["CONN_MAX_AGE"] = int(env("DB_CONN_MAX_AGE", "0"))
        # Nor may psycopg prepare statements on a server connection it will not keep.
        DATABASES[alias].setdefault("OPTIONS", {})["prepare_threshold"] = None
if env("TEST_DATABASE_NAME"):
    # Lets two test runs share one PostgreSQL server without clobbering each other.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# gunicorn reads WEB_CONCURRENCY itself; the deploy check (partnerships/deploy_checks.py)
# refuses more than one worker without a shared cache.
WEB_CONCURRENCY = int(env("WEB_CONCURRENCY", "1") or "1")

if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "militarydiplo",
            "OPTIONS": {
                # An outage must not answer 500: partnerships/cache.py notices it (a
                # read that finds nothing, twice) and stops caching until Redis is back.
                "IGNORE_EXCEPTIONS": True,
                # Short, so a Redis that hangs costs a request a fraction of a second.
                "SOCKET_CONNECT_TIMEOUT": float(env("REDIS_CONNECT_TIMEOUT", "0.25")),
                "SOCKET_TIMEOUT": float(env("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# How many reverse proxies sit in front of the app (production: the TLS proxy). The client
# address is then the one the nearest trusted proxy saw, not a header a client can forge.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1" if PRODUCTION else "0"))

# Admin sign-in: after 5 wrong passwords for one username from one address, refuse that
# pair for an hour (429), even with the right password.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "militarydiplo.security.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Releases written by `make_release` and listed at /data/ (see partnerships/releases.py).
RELEASES_DIR = Path(env("RELEASES_DIR", str(BASE_DIR / "releases")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve files from the finders when collectstatic has not run (development, tests).
WHITENOISE_USE_FINDERS = not PRODUCTION

DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024)))

# The same strict policy in every mode, so tests and browser tests meet what production
# sends: nothing inline, nothing from another site (militarydiplo/security.py narrows the
# exceptions to the two third-party pages that need inline styles).
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
    }
}
# Django's defaults, stated: every mode sends them (production too, see below).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": [
        "partnerships.api.parsers.JSONParser",  # DRF's, plus a 400 for absurd nesting
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "partnerships.api.schema.CatalogueAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "partnerships.api.throttling.AnonThrottle",
        "partnerships.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", "600/min"),
        "user": env("API_THROTTLE_USER", "3000/min"),
    },
    # Throttle by the address the trusted proxy saw: a forged X-Forwarded-For is no escape.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "militarydiplo API",
    "DESCRIPTION": "The catalogue of military diplomacy and defence partnerships.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Bodies are documented as JSON, the one format clients send (forms serve the
    # browsable API only).
    "PARSER_WHITELIST": ["partnerships.api.parsers.JSONParser"],
    # One named enum per choice set (several models have a `kind` or a `status`).
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "partnerships.models.DatePrecision",
        "PartnershipKindEnum": "partnerships.models.PartnershipKind",
        "OrganizationKindEnum": "partnerships.models.OrganizationKind",
        "EngagementKindEnum": "partnerships.models.EngagementKind",
        "ArticleKindEnum": "partnerships.models.ArticleKind",
        "MembershipStatusEnum": "partnerships.models.MembershipStatus",
        "ArticleStatusEnum": "partnerships.models.ArticleStatus",
        "RegionEnum": "partnerships.models.Region",
        "ExerciseRegionEnum": "partnerships.models.ExerciseRegion",
    },
}

SIMPLE_HISTORY_REVERT_DISABLED = False
# dumpdata/loaddata's json: a backup survives history rows of deleted records.
SERIALIZATION_MODULES = {"json": "partnerships.serialization"}

LOGIN_URL = "admin:login"
CSRF_FAILURE_VIEW = "militarydiplo.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
