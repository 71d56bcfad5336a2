"""Settings for `make bench`: production settings served by gunicorn over plain HTTP on loopback,
with a minimal view for the ceiling (config/urls_bench.py) and rate limits lifted for the load
test. Never used to serve visitors."""

import os
import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import STORAGES, WAGTAILSEARCH_BACKENDS

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "config.urls_bench"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# Fifty clients post from one address: the per-address limits would refuse them.
GLAS_COMMENT_RATE_PER_IP = GLAS_COMMENT_RATE_PER_EMAIL = 10**9
GLAS_PRIVATE_ROOT = Path(tempfile.gettempdir()) / "glas-bench-private"
# The 10,000 articles are built with the search index off (search is not measured).
WAGTAILSEARCH_BACKENDS = {"default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "ERROR")},
}
