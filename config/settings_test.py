"""Settings for the test suite: production settings (DEBUG off) over plain HTTP on loopback."""

import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# The manifest storage of production needs collectstatic; tests use the finders.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Uploaded essays go to a throw-away folder.
GLAS_PRIVATE_ROOT = Path(tempfile.gettempdir()) / "glas-test-private"
# The page cache is off, so a test sees what it has just written; tests/integration/test_page_cache.py
# turns it on.
GLAS_PAGE_CACHE_SECONDS = 0
GLAS_CACHE_FRAGMENTS = False
# The ranking is cached (one process, one cache), so that every test of the ranking page also
# checks that what it changed reaches the page.
GLAS_RANKING_CACHE_SECONDS = 3600
