"""Settings for `make bench`: the test suite's settings (production settings over plain HTTP on
loopback) served by gunicorn, with the caches on as in production, a minimal view for the ceiling
(config/urls_bench.py) and rate limits lifted for the load test. Never used to serve visitors."""

import os
import tempfile
from pathlib import Path

from config.settings_test import *  # noqa: F403
from config.settings_test import WAGTAILSEARCH_BACKENDS

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "config.urls_bench"
GLAS_PAGE_CACHE_SECONDS = int(os.environ.get("GLAS_PAGE_CACHE_SECONDS", "300"))
GLAS_CACHE_FRAGMENTS = True
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# Fifty clients post from one address: the per-address limits would refuse them.
GLAS_COMMENT_RATE_PER_IP = GLAS_COMMENT_RATE_PER_EMAIL = 10**9
GLAS_ENTRY_RATE_PER_IP = GLAS_ENTRY_RATE_PER_EMAIL = 10**9
GLAS_PRIVATE_ROOT = Path(tempfile.gettempdir()) / "glas-bench-private"
# The 10,000 articles are built with the search index off (search is not measured).
WAGTAILSEARCH_BACKENDS = {"default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}}  # type: ignore[dict-item]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "ERROR")},
}
