"""
Settings for the fact-check CMS.

Everything that differs between a laptop and production comes from the
environment (see .env.example); with no environment at all the CMS runs
locally on a SQLite file with DEBUG off.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# The fallback key is only good for local use; `check --deploy` flags it.
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "django-insecure-local-development-key-set-SECRET_KEY-in-production"
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
    # The database-backed queue of django.tasks; its db_worker command runs the jobs.
    "django_tasks_db",
    "articles",
    # The public site (label "public"): no models of its own; its template tags
    # ("public") and its admin are found the normal way.
    "factcheck.public",
    # The versioned JSON API (factcheck.api, no models): its framework, its
    # OpenAPI description and docs (Swagger UI from our own static files), CORS.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "factcheck",  # last: its post_migrate sets up roles once every permission exists
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the web process, before sessions or the database
    # are touched; no separate file server is needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CommonMiddleware, whose redirects must carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the logged-in user on history rows written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

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
            # The claims changelist's rows (issue #18). Registered here because
            # factcheck.templatetags may not import the admin (pyproject's layers).
            "libraries": {"admin_rows": "factcheck.admin.rows"},
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"


def _database(url):
    """One entry of DATABASES from a URL, with the options its engine needs here."""
    database = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # The web server and the task worker write to one file at once. WAL lets
        # readers carry on while one writer works; BEGIN IMMEDIATE takes the write
        # lock when a transaction starts, so a writer waits (up to the busy timeout)
        # instead of failing with "database is locked" when it later tries to write.
        database.setdefault("OPTIONS", {}).update(
            {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    f"PRAGMA busy_timeout={int(os.environ.get('SQLITE_BUSY_TIMEOUT', '5000'))};"
                ),
                "transaction_mode": "IMMEDIATE",
            }
        )
    elif database["ENGINE"] == "django.db.backends.postgresql":
        # Every query here is a short one. PostgreSQL compiles any query whose cost
        # estimate passes jit_above_cost, which at a million claims added about
        # 66 ms of compiling to counts that run in a few (make bench). POSTGRES_JIT=1
        # keeps the server's own setting.
        if os.environ.get("POSTGRES_JIT", "0") != "1":
            database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    return database


DATABASES = {
    "default": _database(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# A read replica of the primary (PostgreSQL streaming replication, say): the
# public site's anonymous reads go to it, every write and every staff request
# to the primary (factcheck/db_routers.py). Tests cannot replicate, so there
# the alias is the test database itself.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **_database(os.environ["DATABASE_REPLICA_URL"]),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["factcheck.db_routers.ReplicaRouter"]
    # A router sees no request: this marks the public ones for it.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "factcheck.db_routers.PublicReadMiddleware",
    )
# Seconds a replica may lag the primary. For this long after a public change,
# public pages are rendered from the primary, so that no page of the data as it
# was is kept in the cache under the new content generation.
DATABASE_REPLICA_LAG = float(os.environ.get("DATABASE_REPLICA_LAG", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's model backend, refusing a name or address after too many failed
# logins (factcheck/auth.py); the counts live in the shared cache.
AUTHENTICATION_BACKENDS = ["factcheck.auth.ThrottledModelBackend"]
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", str(15 * 60)))

# Reader tips (the public "Suggest a claim to check" form): at most
# TIP_RATE_LIMIT sends per client address in TIP_RATE_WINDOW seconds; a form
# sent back sooner than TIP_MIN_FILL_SECONDS after it was shown is a bot's, one
# older than TIP_FORM_MAX_AGE is shown again.
TIP_RATE_LIMIT = int(os.environ.get("TIP_RATE_LIMIT", "5"))
TIP_RATE_WINDOW = int(os.environ.get("TIP_RATE_WINDOW", str(60 * 60)))
TIP_MIN_FILL_SECONDS = float(os.environ.get("TIP_MIN_FILL_SECONDS", "3"))
TIP_FORM_MAX_AGE = int(os.environ.get("TIP_FORM_MAX_AGE", str(2 * 60 * 60)))


# Addresses or networks of the reverse proxies in front of the CMS. Only a
# request arriving from one of them has its X-Forwarded-For read for the client
# address (factcheck.auth.client_address); from anywhere else the header is
# ignored, since any client can send it. A wrong entry stops the start-up.
def _networks(name):
    networks = []
    for entry in env_list(name, []):
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: {error}") from None
    return networks


TRUSTED_PROXIES = _networks("TRUSTED_PROXIES")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic's target, which WhiteNoise serves (make serve fills it).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Without DEBUG, file names carry a content hash (so browsers may cache them
    # for ever) and are pre-compressed; that needs collectstatic's manifest, so
    # the test suite swaps in the plain storage (tests/conftest.py).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# One line per record on standard error, which gunicorn, the worker and any
# process supervisor collect. Jobs log their start, end and failures at INFO.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "factcheck.services.jobs": {"level": "INFO"},
    },
}

# --- Security -----------------------------------------------------------------
# A strict policy for every page: no inline scripts or styles anywhere, all
# assets from our own origin. Views that need more must say so themselves.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# HTTPS=1 in production turns on every transport-security setting at once.
HTTPS = env_bool("HTTPS")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
# Allows submitting the domain to browsers' HSTS preload list (it takes a
# registrable domain only, so on a subdomain this commits nothing further);
# SECURE_HSTS_PRELOAD=0 opts out, at the price of a `check --deploy` warning.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
# Load balancers probe /healthz over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Importing ------------------------------------------------------------------
# Largest file or fetched page the importer accepts, in bytes.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
IMPORT_FETCH_TIMEOUT = float(os.environ.get("IMPORT_FETCH_TIMEOUT", "10"))
# Fetching from private, loopback and link-local addresses is refused unless
# this is on (tests serve pages from 127.0.0.1).
IMPORT_ALLOW_PRIVATE_URLS = env_bool("IMPORT_ALLOW_PRIVATE_URLS")
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES

# Name shown to the public and used as the ClaimReview author.
NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "Newsroom Fact Check")

# Home page of the newsroom (ClaimReview author URL); the site's own root when empty.
NEWSROOM_URL = os.environ.get("NEWSROOM_URL", "")

# ClaimReview publisher: its logo (the site's own icon when empty) and its
# profiles elsewhere (sameAs), which the public footer links to.
NEWSROOM_LOGO_URL = os.environ.get("NEWSROOM_LOGO_URL", "")
NEWSROOM_SAME_AS = env_list("NEWSROOM_SAME_AS", [])

# --- Notifications ----------------------------------------------------------------
# E-mail goes through Django's e-mail backend (the MAILERS setting of Django
# 6.1). Until EMAIL_HOST names an SMTP server it is not sent: printed to the
# console with DEBUG on (make run), written to the log otherwise.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=not env_bool("EMAIL_USE_SSL")),
                "use_ssl": env_bool("EMAIL_USE_SSL"),
                "timeout": float(os.environ.get("EMAIL_TIMEOUT", "10")),
            },
        }
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {"default": {"BACKEND": "factcheck.mail.LogEmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck@localhost")
# The staff site's address as e-mails and webhooks link to it (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Attempts per e-mail or webhook post, and the delay before the first retry
# (seconds, doubled each time).
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "5"))
NOTIFICATIONS_RETRY_DELAY = float(os.environ.get("NOTIFICATIONS_RETRY_DELAY", "30"))
NOTIFICATIONS_WEBHOOK_TIMEOUT = float(os.environ.get("NOTIFICATIONS_WEBHOOK_TIMEOUT", "5"))
# Webhooks to private, loopback and link-local addresses are refused unless
# this is on (tests post to a server on 127.0.0.1), as for URL imports.
NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE = env_bool("NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE")

# --- Caching --------------------------------------------------------------------
# A cache shared by every process: the public site keeps whole pages in it, keyed
# by a "public content generation" that publishing, correcting and resolving bump.
# The login throttle (factcheck/auth.py) counts failures in it too. The
# database cache needs no extra service (`createcachetable` makes its table);
# REDIS_URL switches to Redis, which every host and worker must then share
# (README, "Several hosts"). CACHE_KEY_PREFIX keeps two deployments on one
# Redis apart.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_table",
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
        }
    }
# Seconds browsers and proxies may reuse a public page (Cache-Control max-age).
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("PUBLIC_CACHE_MAX_AGE", "60"))
# Seconds a rendered public page is kept server-side. A publish, correction or
# resolution replaces it at once; this bounds how long edits that do not go
# through those services (a re-anchored passage, a renamed outlet) take to show.
PUBLIC_CACHE_TIMEOUT = int(os.environ.get("PUBLIC_CACHE_TIMEOUT", "600"))

# --- Background jobs --------------------------------------------------------------
# Large imports and detection on big stories run as django.tasks tasks. The
# database backend needs no extra service: `manage.py db_worker` (started by
# `make run` and `make serve`) takes them from a table in the same database.
# The test suite runs them inline instead (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running job's worker touches its heartbeat this often (seconds) ...
JOB_HEARTBEAT_INTERVAL = float(os.environ.get("JOB_HEARTBEAT_INTERVAL", "15"))
# ... and a running job not heard from for this long is shown as stalled and may be retried.
JOB_STALLED_AFTER = int(os.environ.get("JOB_STALLED_AFTER", "120"))
# Largest upload (all files together, zip archives included) of a background import.
IMPORT_JOB_MAX_BYTES = int(os.environ.get("IMPORT_JOB_MAX_BYTES", str(50 * 1024 * 1024)))
# Seconds between two watch rounds queued by the worker itself (manage.py
# watch_articles --enqueue starts the chain); each report is fetched only when
# its own schedule says so (articles/schedule.py).
WATCH_ROUND_INTERVAL = int(os.environ.get("WATCH_ROUND_INTERVAL", "900"))
# Seconds between two checks of a cited source's live page (manage.py
# watch_sources); a failing page waits longer each time, as a report does.
# Archive a web source when it is first cited (the worker fetches it). Off,
# sources are archived only when staff ask (the source's "Refresh" button).
SOURCE_ARCHIVE_ON_CITATION = env_bool("SOURCE_ARCHIVE_ON_CITATION", True)
SOURCE_WATCH_INTERVAL = int(os.environ.get("SOURCE_WATCH_INTERVAL", str(24 * 3600)))
# Stories with more articles than this run "Find discrepancies" as a background job.
DETECTION_BACKGROUND_ARTICLES = int(os.environ.get("DETECTION_BACKGROUND_ARTICLES", "20"))

# --- The public API (/api/v1/, factcheck.api) -------------------------------------
# Anonymous and read-only: no authentication (so no session, no CSRF, one answer
# for everyone, which the page cache relies on), JSON only, whatever the Accept
# header says (the cache keys an answer by its address alone).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "factcheck.api.negotiation.FirstRenderer",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "factcheck.api.errors.exception_handler",
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check API",
    "DESCRIPTION": (
        "Read-only access to the newsroom's published fact-checks: claims with their "
        "verdicts, stories, the rating scale and claimants. Only published work is ever "
        "returned. Lists are paged with `page` and `per_page`; the `Link` header "
        "(RFC 8288) names the first, previous, next and last pages. Answers carry "
        "`ETag` and `Last-Modified` for conditional requests."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimKindEnum": "factcheck.models.Claim.Kind",
        "ClaimantKindEnum": "factcheck.models.Claimant.Kind",
    },
}
# Any site may read the API from a browser, never write: GET, HEAD and the
# preflight, on the API's addresses only, without cookies.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# Readable by a page's script: the pages' links and the validator for If-None-Match.
CORS_EXPOSE_HEADERS = ["Link", "ETag"]
