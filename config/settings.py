"""Glas settings, read from the environment.

Production differs from development by configuration only: see the README's
"Configuration" section for every variable.
"""

import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The development key is refused at start-up by config/wsgi.py when DEBUG is off, and
# `manage.py check --deploy` reports it too.
DEV_SECRET_KEY = "django-insecure-glas-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The feature apps (each with its pages, admin and home page section); the site works with any
# of them left out, e.g. GLAS_FEATURE_APPS=consultations for a site without essay competitions.
GLAS_FEATURE_APPS = env_list("GLAS_FEATURE_APPS", "consultations,essays")

INSTALLED_APPS = [
    "core",
    "home",
    *GLAS_FEATURE_APPS,
    "wagtail_localize",
    "wagtail_localize.locales",
    "axes",
    "csp",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    # The read-only open-data API at /api/v1/ (README "Open data").
    "opendata",
    "crispy_forms",
    "crispy_bootstrap5",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # The database task queue's tables are always there, so that switching TASKS_BACKEND to
    # "database" needs no code change; they stay empty with the immediate backend.
    "django_tasks_db",
    # More apps by configuration (e.g. a site's own theme app), no code change needed.
    *env_list("GLAS_EXTRA_APPS"),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzip for pages without secrets (BREACH): outside the page cache, so hits are compressed.
    "core.compression.SafeGZipMiddleware",
    # Cache-Control for a CDN in front (GLAS_CDN_MAX_AGE): outside the page cache, so that its
    # hits get the headers too; PageFreshnessMiddleware inside it marks what it stores.
    "core.http_cache.CDNCacheControlMiddleware",
    # Anonymous visitors' pages from the cache: a hit skips everything below.
    "core.cache.AnonymousPageCacheMiddleware",
    # The menu and the view restrictions read once per request, in one round trip to the cache.
    "core.cache.RequestMemoMiddleware",
    # Wagtail's page view starts from the site and home page kept in the cache (process_view).
    "core.routing.KeptRoutingMiddleware",
    "core.http_cache.PageFreshnessMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content Security Policy for the public site: scripts, styles and fonts only from this site, no
# inline code; embedded videos may come from any HTTPS source. The Wagtail admin sets its own
# needs and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "frame-src": ["https:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Sign-in throttling (admin and jury): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked out for AXES_COOLOFF_HOURS.
# AxesBackend only checks for a lockout; ModelBackend signs in. AxesBackend also inherits
# get_user, so the first backend can restore a session.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The same address as the rate limits (GLAS_TRUSTED_PROXIES, GLAS_CLIENT_IP_HEADER).
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite by default, PostgreSQL (psycopg 3) when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; Redis when CACHE_URL or REDIS_URL is set (shared by all
# app servers in production).
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if _cache_url:
    CACHES = {
        "default": {
            # Redis may fail: pages are then served uncached (core/cache_backends.py).
            "BACKEND": "core.cache_backends.TolerantRedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "glas"),
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("GLAS_CACHE_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("GLAS_CACHE_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Full-page cache for anonymous visitors (core/cache.py): how long a page is kept at most.
# Publishing, comments and phase changes purge or expire it sooner. 0 turns it off; off by
# default with DEBUG, so that template changes show at once, and without a shared cache
# (CACHE_URL): with one per process, a purge in one gunicorn worker (an editor publishing) would
# not reach the other workers, let alone other app servers.
GLAS_PAGE_CACHE_SECONDS = int(os.environ.get("GLAS_PAGE_CACHE_SECONDS", "300" if _cache_url and not DEBUG else "0"))
# Gzip for anonymous pages without secrets in the app (core/compression.py); false leaves it all
# to nginx, which compresses only what has no Content-Encoding yet.
GLAS_GZIP = env_bool("GLAS_GZIP", True)
# Parts of pages that every visitor sees alike are kept in the cache too, signed-in visitors
# included: the menu until a page in it changes, a consultation's draft with its comments until
# the page or a comment changes (off with DEBUG, so that template changes show at once, and
# without a shared cache, for the same reason as the page cache).
GLAS_CACHE_FRAGMENTS = env_bool("GLAS_CACHE_FRAGMENTS", bool(_cache_url) and not DEBUG)
# Which pages have view restrictions is kept in the cache, so that most pages are served without
# asking the database (core/restrictions.py). Only with a shared cache: with one per process, a
# new restriction would reach the other processes only after five minutes.
GLAS_CACHE_VIEW_RESTRICTIONS = env_bool("GLAS_CACHE_VIEW_RESTRICTIONS", bool(_cache_url))
# The site and its home page in each language are kept in the cache, so that Wagtail's page view
# finds them without asking the database (core/routing.py). Only with a shared cache, for the
# same reason.
GLAS_CACHE_ROUTING = env_bool("GLAS_CACHE_ROUTING", bool(_cache_url))
# How long a competition's ranking is kept in the cache for the coordinators' ranking page
# (essays/ranking.py); a new score, score sheet, entry or ranking setting replaces it sooner. Only
# with a shared cache by default: with one per process, the others would keep showing the old
# ranking. 0 computes it on every request.
GLAS_RANKING_CACHE_SECONDS = int(os.environ.get("GLAS_RANKING_CACHE_SECONDS", "86400" if _cache_url else "0"))

# --- A CDN or caching proxy in front of the site (deploy/README.md, "A CDN in front") ---
# Seconds a shared cache may keep a public page (core/http_cache.py): the pages Glas's own page
# cache keeps, for anonymous visitors, cut to the next phase change. 0 (the default): no
# Cache-Control is added at all. Browsers get GLAS_BROWSER_MAX_AGE at most, since a browser's copy
# cannot be purged when an editor publishes.
GLAS_CDN_MAX_AGE = int(os.environ.get("GLAS_CDN_MAX_AGE", "0"))
GLAS_BROWSER_MAX_AGE = int(os.environ.get("GLAS_BROWSER_MAX_AGE", "0"))
# Paths that are someone's own and get "private, no-store" (besides signed-in visitors, forms,
# POSTs, cookies and secret links): the admin, sign-in, the jury and the "My comments" pages.
GLAS_CDN_PRIVATE_PATHS = [r"^/admin/", r"^/[\w-]+/(login|logout|account|jury|my-comments)/"]
# Purging the CDN when pages are published (core/frontend_cache.py, Wagtail's frontend cache
# backends), off by default. GLAS_FRONTEND_CACHE=cloudflare with GLAS_CLOUDFLARE_TOKEN (an API
# token allowed to purge the zone) and GLAS_CLOUDFLARE_ZONE_ID; or GLAS_FRONTEND_CACHE=http with
# GLAS_FRONTEND_CACHE_URL, where a PURGE request is sent for each address (Varnish, nginx with a
# purge module), e.g. http://127.0.0.1:6081. GLAS_FRONTEND_CACHE_HOSTS limits it to host names.
GLAS_FRONTEND_CACHE = os.environ.get("GLAS_FRONTEND_CACHE", "").strip().lower()
_frontend_cache_hosts = env_list("GLAS_FRONTEND_CACHE_HOSTS", "*")
if GLAS_FRONTEND_CACHE == "cloudflare":
    if not (os.environ.get("GLAS_CLOUDFLARE_TOKEN") and os.environ.get("GLAS_CLOUDFLARE_ZONE_ID")):
        raise ImproperlyConfigured(
            "GLAS_FRONTEND_CACHE=cloudflare needs GLAS_CLOUDFLARE_TOKEN and GLAS_CLOUDFLARE_ZONE_ID."
        )
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ.get("GLAS_CLOUDFLARE_TOKEN", ""),
            "ZONEID": os.environ.get("GLAS_CLOUDFLARE_ZONE_ID", ""),
            "HOSTNAMES": _frontend_cache_hosts,
        }
    }
elif GLAS_FRONTEND_CACHE == "http":
    WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ.get("GLAS_FRONTEND_CACHE_URL", "http://127.0.0.1:6081"),
            "HOSTNAMES": _frontend_cache_hosts,
        }
    }
elif GLAS_FRONTEND_CACHE:
    raise ImproperlyConfigured(f"GLAS_FRONTEND_CACHE={GLAS_FRONTEND_CACHE!r}: use cloudflare, http or nothing.")
# Glas names every language version itself (core/frontend_cache.py): Wagtail must not guess
# them by swapping the language prefix, which misses translated slugs.
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. The public site is translated into every language below; more content
# languages (tr, sr, bs) can be added with GLAS_EXTRA_LANGUAGES, no code change needed.
LANGUAGE_CODE = "en"
_BASE_LANGUAGES = [
    ("en", _("English")),
    ("mk", _("Macedonian")),
    ("sq", _("Albanian")),
    ("bg", _("Bulgarian")),
]
_EXTRA_LANGUAGE_NAMES = {
    "tr": _("Turkish"),
    "sr": _("Serbian"),
    "bs": _("Bosnian"),
    "ro": _("Romanian"),
    "el": _("Greek"),
}
LANGUAGES = _BASE_LANGUAGES + [
    (code, _EXTRA_LANGUAGE_NAMES.get(code, code))
    for code in env_list("GLAS_EXTRA_LANGUAGES")
    if code not in {c for c, _n in _BASE_LANGUAGES}
]
WAGTAIL_I18N_ENABLED = True
# A language version made by "Translate this page" starts as a draft: it goes public when an editor
# publishes its translation (core/translations.py), never earlier with the source text in it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates, times and numbers as each language writes them (core/formats/), over Django's own.
FORMAT_MODULE_PATH = ["core.formats"]
TIME_ZONE = "Europe/Skopje"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Bootstrap comes from the xstatic-bootstrap package: no CDN, nothing copied into the repo.
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
# Bootstrap trimmed to the classes the site uses (core/css_build.py), built at collectstatic or
# first request into GLAS_BUILD_DIR (gitignored), with no Node step. The safelist: classes made at
# run time by Bootstrap's JavaScript (collapse, dropdowns, alerts) and not written in any source.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "core.css_build.TrimmedCSSFinder",
]
GLAS_BUILD_DIR = Path(os.environ.get("GLAS_BUILD_DIR", BASE_DIR / "build"))
GLAS_CSS_SAFELIST = [
    "show", "showing", "hiding", "collapsing", "collapsed", "fade", "active", "disabled",
    "dropdown-menu-end", "was-validated", "is-invalid", "is-valid", "visually-hidden-focusable",
]  # fmt: skip
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Students' essay files: never under MEDIA_ROOT, served only through checked views.
GLAS_PRIVATE_ROOT = Path(os.environ.get("GLAS_PRIVATE_ROOT", BASE_DIR / "private"))
# Uploads: on disk by default (MEDIA_ROOT, GLAS_PRIVATE_ROOT); in two S3 buckets when
# AWS_STORAGE_BUCKET_NAME is set (django-storages), so that several app servers share them with
# no shared folder. The public bucket holds images, renditions and documents; the private one
# (GLAS_PRIVATE_BUCKET) the students' files, fetched only by the checked views. See core/storage.py.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
GLAS_PRIVATE_BUCKET = os.environ.get("GLAS_PRIVATE_BUCKET", "")
GLAS_S3 = bool(AWS_STORAGE_BUCKET_NAME)
_STATIC_STORAGE = {
    "BACKEND": (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
}


def s3_storages(environ) -> dict:
    """The two buckets' storages, from django-storages' variables (also used by the tests)."""
    media, private = environ.get("AWS_STORAGE_BUCKET_NAME", ""), environ.get("GLAS_PRIVATE_BUCKET", "")
    if not private or private == media:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set GLAS_PRIVATE_BUCKET to a second bucket, not readable by anonymous visitors.")
    # Credentials, region and endpoint are django-storages' own variables: AWS_ACCESS_KEY_ID,
    # AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME, AWS_S3_ENDPOINT_URL (for an S3-compatible
    # server: SeaweedFS, MinIO, Hetzner, Scaleway, OVH…), AWS_S3_ADDRESSING_STYLE.
    common = {
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "file_overwrite": False,
        "default_acl": None,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": media,
                # Public objects get plain URLs (the bucket, or AWS_S3_CUSTOM_DOMAIN in front of it).
                "querystring_auth": False,
                "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
                "object_parameters": {"CacheControl": "public, max-age=31536000"},
            },
        },
        # Signed URLs only (never issued today: the checked views stream the files).
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": private, "querystring_auth": True, "querystring_expire": 60},
        },
        "staticfiles": _STATIC_STORAGE,
    }


if GLAS_S3:
    STORAGES = s3_storages(os.environ)
    # A Wagtail document is always served by Wagtail's view (which checks its privacy), never by
    # a redirect to the bucket; documents' objects are not readable anonymously (deploy/README.md).
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
    _endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    if _endpoint.startswith("http://") and not os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        # Pictures straight from a plain-HTTP bucket (a test or an internal server): allow its origin.
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_endpoint.rstrip("/"))  # type: ignore[index]
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
        "staticfiles": _STATIC_STORAGE,
    }
WHITENOISE_USE_FINDERS = DEBUG

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds to wait for the mail server at each step (connect, greeting, each command), so that a
# server that accepts connections and never answers cannot hold a sender for ever.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Glas <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# E-mail goes through the outbox (core/mail.py): a refused e-mail is tried again by
# `manage.py send_queued_mail` (cron) with growing pauses, up to this many attempts in all.
GLAS_MAIL_MAX_ATTEMPTS = int(os.environ.get("GLAS_MAIL_MAX_ATTEMPTS", "10"))
# With the immediate task backend the first attempt is made in the visitor's request: it waits
# this long (seconds) for the mail server at most, then the mail waits for the next retry.
GLAS_MAIL_REQUEST_TIMEOUT = float(os.environ.get("GLAS_MAIL_REQUEST_TIMEOUT", "0.5"))
# A sender's claim on an e-mail older than this (minutes) is taken to be from a crashed sender,
# and the e-mail is tried again. Keep it well above EMAIL_TIMEOUT.
GLAS_MAIL_CLAIM_MINUTES = int(os.environ.get("GLAS_MAIL_CLAIM_MINUTES", "15"))

# Background work (e-mail, the moderators' digest, report notifications). By default each task
# runs at once, in the process that asks for it ("immediate"), so `make run` needs no worker; on
# several servers set TASKS_BACKEND=database and run `manage.py db_worker` (django-tasks-db) on
# one or more of them: then no visitor's request ever talks to the mail server. A full class path
# is accepted too.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}
GLAS_TASK_WORKER = TASKS["default"]["BACKEND"] != _TASK_BACKENDS["immediate"]

# Security. Off in development, on by default in production; each can be overridden.
_secure = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _secure)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _secure)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _secure)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if _secure else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _secure)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _secure)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows the page in a same-origin frame, so DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Wagtail
WAGTAIL_SITE_NAME = "Glas"
# The site's public address, e.g. https://glas.example.org. Canonical links, hreflang, the sitemap,
# calendar files and the links in e-mails are built on it, and `manage.py configure_site` writes
# it into Wagtail's Site record. Empty: each request's own host (development).
GLAS_BASE_URL = os.environ.get("GLAS_BASE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", GLAS_BASE_URL or "http://127.0.0.1:8000")
# The name of the site as each script writes it: "Глас" on Cyrillic pages, "Glas" elsewhere.
GLAS_BRAND = "Glas"
GLAS_BRAND_BY_LANGUAGE = {"mk": "Глас", "bg": "Глас", "sr": "Глас"}
# og:locale wants language_TERRITORY.
GLAS_OG_LOCALES = {
    "en": "en_GB",
    "mk": "mk_MK",
    "sq": "sq_AL",
    "bg": "bg_BG",
    "tr": "tr_TR",
    "sr": "sr_RS",
    "bs": "bs_BA",
    "ro": "ro_RO",
    "el": "el_GR",
}
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # PostgreSQL ships no stemmer for Macedonian, Albanian or Bulgarian: the "simple"
        # configuration lower-cases and keeps every word, which works for all of them.
        "SEARCH_CONFIG": "simple",
        "AUTOCOMPLETE_SEARCH_CONFIG": "simple",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "ods"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("bg", "Bulgarian")]
# Each editor enters dates in the time zone of their account (Account → Preferences); pages show
# them in the page's own time zone (core/timezones.py).
WAGTAIL_USER_TIME_ZONES = ["Europe/Skopje", "Europe/Tirane", "Europe/Sofia"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# No upload is read past this size (core/uploads.py); the form then says how large the file was.
# The web server in front should refuse bodies a little above it (nginx: client_max_body_size).
GLAS_MAX_UPLOAD_MB = int(os.environ.get("GLAS_MAX_UPLOAD_MB", "20"))
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Personal data of non-winning essay entries is deleted this many months after the results
# (manage.py delete_essay_personal_data, from cron).
GLAS_ESSAY_RETENTION_MONTHS = int(os.environ.get("GLAS_ESSAY_RETENTION_MONTHS", "12"))

# Jury members sign in on the public site (they have no admin access).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "essays:my_competitions" if "essays" in GLAS_FEATURE_APPS else "/"
LOGOUT_REDIRECT_URL = "/"

# Contact and search inputs: longer input is refused with a message, not truncated.
GLAS_SEARCH_MAX_LENGTH = 200

# Consultations. A comment counts once its author confirms it from the e-mailed link, which
# expires after GLAS_CONFIRMATION_HOURS. Each client address and each e-mail address may post
# GLAS_COMMENT_RATE_PER_IP / _PER_EMAIL comments per GLAS_COMMENT_RATE_WINDOW seconds (counted in
# the cache, so several app servers need the shared Redis cache).
GLAS_CONFIRMATION_HOURS = int(os.environ.get("GLAS_CONFIRMATION_HOURS", "48"))
GLAS_COMMENT_RATE_PER_IP = int(os.environ.get("GLAS_COMMENT_RATE_PER_IP", "10"))
GLAS_COMMENT_RATE_PER_EMAIL = int(os.environ.get("GLAS_COMMENT_RATE_PER_EMAIL", "5"))
GLAS_COMMENT_RATE_WINDOW = int(os.environ.get("GLAS_COMMENT_RATE_WINDOW", "3600"))
# The visitor's address (rate limits and the sign-in lockout, core/ratelimit.py): REMOTE_ADDR,
# unless GLAS_TRUSTED_PROXIES proxies of ours stand in front (load balancer: 1; CDN and load
# balancer: 2). Then it is the right-most address in GLAS_CLIENT_IP_HEADER that none of them
# added; what a visitor writes into the header themself is ignored.
GLAS_TRUSTED_PROXIES = int(os.environ.get("GLAS_TRUSTED_PROXIES", "0"))
GLAS_CLIENT_IP_HEADER = os.environ.get("GLAS_CLIENT_IP_HEADER", "X-Forwarded-For")
GLAS_COMMENT_MAX_LENGTH = 5000
# Essay entries: the same kind of limits, set apart (a school may send many entries from one
# address on the last day).
GLAS_ENTRY_RATE_PER_IP = int(os.environ.get("GLAS_ENTRY_RATE_PER_IP", str(GLAS_COMMENT_RATE_PER_IP)))
GLAS_ENTRY_RATE_PER_EMAIL = int(os.environ.get("GLAS_ENTRY_RATE_PER_EMAIL", str(GLAS_COMMENT_RATE_PER_EMAIL)))
GLAS_ENTRY_RATE_WINDOW = int(os.environ.get("GLAS_ENTRY_RATE_WINDOW", str(GLAS_COMMENT_RATE_WINDOW)))

# The open-data API (opendata/, README "Open data"): anonymous and read-only, JSON only.
# GLAS_API_PAGE_SIZE rows a page unless ?page_size= asks for another number, up to
# GLAS_API_MAX_PAGE_SIZE; GLAS_API_RATE requests per client address (e.g. "120/min", counted
# in the default cache, so several app servers need the shared Redis cache; empty: no limit).
GLAS_API_PAGE_SIZE = int(os.environ.get("GLAS_API_PAGE_SIZE", "50"))
GLAS_API_MAX_PAGE_SIZE = int(os.environ.get("GLAS_API_MAX_PAGE_SIZE", "200"))
GLAS_API_RATE = os.environ.get("GLAS_API_RATE", "120/min").strip() or None
# Only the schema class is set for the whole project: wagtail-localize's translation editor uses
# Django REST framework too and needs its defaults. The API's own policy (anonymous, JSON,
# throttled, paginated) is on its views (opendata/policy.py).
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Glas open data",
    "DESCRIPTION": (
        "Read-only public data of the site: consultations with their paragraphs, published comments, "
        "official answers and report figures; essay competitions and their published results; news, "
        "projects and events. No sign-in; JSON; paginated."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["opendata.schema.only_open_data"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"disallowed_host_is_a_warning": {"()": "config.log_filters.DisallowedHostIsAWarning"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # A wrong Host header gets 400 and one warning line, not an error with a traceback.
        "django.security.DisallowedHost": {"filters": ["disallowed_host_is_a_warning"]},
    },
}
