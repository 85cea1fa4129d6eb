"""Settings for the Korea archive reader: one module, configured by environment variables.

Safe local defaults: without any variable the site runs on an SQLite file in the project with
DEBUG off. `make run` serves that production configuration through gunicorn over local plain
HTTP (LOCAL_HTTP=1); `make dev` turns DEBUG on for development. In production set at least SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL (postgres://user:password@host:5432/name); the settings then pass
`manage.py check --deploy`.
"""

import hashlib
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from korea_archive.headers import add_static_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The fallback key is for local use only; `check --deploy` flags it (security.W009) so that a
# production deployment cannot go unnoticed without its own SECRET_KEY.
SECRET_KEY = (
    os.environ.get("SECRET_KEY") or "django-insecure-local-development-key-not-for-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",  # revision history of curated content, with diff and revert in the admin
    "documents",
    "citations",
    "csp",  # Content-Security-Policy header (see "Security headers" below)
    "axes",  # login throttling (see "Login throttling" below)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise (static files are compressed already); outermost of the rest, so they
    # see the finished body: brotli or gzip when no secret is in it, then the ETag of the uncompressed
    # body with 304s, then who may cache it (korea_archive/middleware.py).
    "korea_archive.middleware.PublicCompressionMiddleware",
    "korea_archive.middleware.DigestConditionalGetMiddleware",
    "korea_archive.middleware.CacheHeadersMiddleware",
    # The page cache's hits for requests without a session cookie, before the session and
    # authentication middleware (they have nothing to do for them); the rest go on to
    # PageCacheMiddleware below (documents/caching/pages.py).
    "documents.caching.pages.AnonymousHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Anonymous GETs of public pages from the page cache (after authentication: staff never
    # read nor fill it). Compression, if any, belongs before it (outside).
    "documents.caching.pages.PageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which editor made each change (also for inline rows and admin actions).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Security headers on every response: CSP, then Permissions-Policy and CORP.
    "csp.middleware.CSPMiddleware",
    "korea_archive.headers.SecurityHeadersMiddleware",
    # Login throttling; axes asks it to be last.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks for a lock before the password is tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "korea_archive.urls"

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
                "documents.curation.edition.context",  # the collection's version, in the footer
            ],
        },
    },
]

WSGI_APPLICATION = "korea_archive.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two editors saving at once: a transaction takes SQLite's write lock when it begins
    # (IMMEDIATE), so the second waits its turn (up to `timeout` seconds) instead of failing
    # with "database is locked" when it tries to write after reading; it then meets the
    # first one's version and is shown the conflict page (documents.curation.locking).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: PostgreSQL compiles any query whose estimated cost passes
    # jit_above_cost, and the register's drafts-only rule and the search's facets pass it at
    # 1,000 documents although they run in milliseconds: counting the public actors took
    # 207 ms, 186 of them compiling. JIT pays off for long analytic queries, not for pages.
    # Random reads priced as what they are for a collection that fits in memory or on an SSD
    # (1.1, not the spinning disk's 4 PostgreSQL assumes): at 4 the planner read every
    # paragraph and note to join an event's 3,318 mentions to their texts rather than look
    # each up (an event's page at 1,000 documents 224 -> 157 ms). A DATABASE_URL that sets
    # its own `options` replaces both.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c random_page_cost=1.1"
    )
    # Django's backend, with a health check that reads the socket before asking the server
    # (korea_archive/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "korea_archive.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A document's admin page posts every paragraph and note as an inline row (about seven fields
# each); Django's default cap of 1,000 fields would refuse a save of a longer text.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The cache: the page cache and the collection version that keys it. Without REDIS_URL a file
# cache needs no server and is shared by every worker process of one machine (and by
# `manage.py` commands, whose changes must reach the server's pages); Django's LocMemCache
# would not be. With REDIS_URL (redis://host:6379/0) several app servers share Redis. The key
# prefix names the database, so two databases on one machine never share pages.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get(
    "CACHE_KEY_PREFIX",
    "korea-archive-"
    + hashlib.sha256(repr(sorted(DATABASES["default"].items())).encode()).hexdigest()[:12],
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            # Django's file cache without zlib (documents/caching/file_cache.py)
            "BACKEND": "documents.caching.file_cache.PlainFileCache",
            "LOCATION": os.environ.get("CACHE_DIR")
            or str(Path(tempfile.gettempdir()) / f"{CACHE_KEY_PREFIX}-cache"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
# PAGE_CACHE=0 turns the page cache off (benchmarks of the app itself); the stored renders
# of the reader and the TEI stay (documents.caching).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 3600)))
PAGE_CACHE_EXCLUDE = ("/admin/", "/api/docs")
# After a save, at most this many changed documents are rendered again at once; any others
# on their first request.
RENDER_ON_SAVE_MAX = int(os.environ.get("RENDER_ON_SAVE_MAX", "10"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where collectstatic writes (and whitenoise serves from). A process that collects while another
# serves the same folder would rewrite files under it: the bench and the test of `make run`
# give their servers a folder of their own.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names in production; with DEBUG on, plain names from the finders.
    # (korea_archive/storage.py: whitenoise's, each address looked up once per process)
    "staticfiles": {"BACKEND": "korea_archive.storage.StaticStorage"},
}

# How long browsers and CDNs may keep a public page for anonymous visitors (seconds), and how
# long after that they may still serve it while they revalidate it with its ETag.
PUBLIC_CACHE_MAX_AGE = int(os.environ.get("PUBLIC_CACHE_MAX_AGE", "60"))
PUBLIC_CACHE_STALE = int(os.environ.get("PUBLIC_CACHE_STALE", "600"))

# Security: strict by default whenever DEBUG is off (so `check --deploy` is clean); local HTTP
# use with DEBUG on keeps plain cookies. SECURE_SSL_REDIRECT can be turned off behind a proxy
# that already redirects.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# LOCAL_HTTP=1 (set by `make run`) serves the production configuration over plain HTTP on this
# machine: no redirect to HTTPS, cookies without the Secure flag (else the browser never sends
# the admin's session back over http://127.0.0.1), no HSTS. Never set it on a public host.
LOCAL_HTTP = env_bool("LOCAL_HTTP", False)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}
if LOCAL_HTTP and not DEBUG and set(ALLOWED_HOSTS) - LOCAL_HOSTS:
    raise ImproperlyConfigured(
        "LOCAL_HTTP=1 turns off HTTPS protections and is for this machine only, but "
        f"ALLOWED_HOSTS names other hosts: {', '.join(sorted(set(ALLOWED_HOSTS) - LOCAL_HOSTS))}. "
        "Unset LOCAL_HTTP in production."
    )
if not DEBUG and not LOCAL_HTTP:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    # Opt-in: both reach beyond this site (every subdomain; browsers' preload lists, slow to
    # leave), so only the domain's owner should turn them on.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# check --deploy warns when those opt-ins are off (W005 includeSubDomains, W021 preload): off
# is the chosen default above, and the README says how to turn them on.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# Security headers (README "Security"). Scripts come only from our own files: no inline script,
# no eval. Inline <style> is not allowed either, save the one block of templates/500.html, allowed
# by its hash so that the error page stands alone (no static file to fail); tests/test_security_
# headers.py fails if that block changes without its hash. The JSON-LD <script> is data, not
# run, so script-src does not apply to it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'sha256-E7K+82v5oHbnp70tl3kolyO/hi9UMZVhkvw/6c5ZJfo='"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Powerful browser features the site never uses are denied to it and to anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
)  # fmt: skip
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"  # (Cross-Origin-Opener-Policy: SecurityMiddleware)
# WhiteNoise answers static files before the middleware above run: it adds the same headers.
WHITENOISE_ADD_HEADERS_FUNCTION = add_static_headers

# Login throttling (django-axes): an account is locked for one address after 5 failed sign-ins
# in a row, for 30 minutes; the lock is a database row, so a restart does not lift it. Admins
# unlock in the admin (Axes → Access attempts) or with `manage.py axes_reset`.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "korea_archive.throttle.locked_out"  # the message, in the admin's frame
# Behind a TLS proxy every request comes from the proxy: take the address it appends instead.
AXES_CLIENT_IP_CALLABLE = "korea_archive.throttle.client_ip"

# /.well-known/security.txt: where to report a vulnerability (a mailto: or https: URL).
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
