"""Health checks: /healthz/live answers while the process runs, whatever the database does;
/healthz/ready (and /healthz) answers 503 naming the part that fails, with no traceback."""

import pytest
from django.db import OperationalError

from core import views

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('could not connect to server at "db.internal" port 5432')

    monkeypatch.setattr(views.connection, "cursor", refuse)


@pytest.mark.parametrize("url", ["/healthz", "/healthz/ready"])
def test_ready_answers_ok_when_everything_works(client, url):
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("ok\n")
    assert "database: ok" in text and "storage: ok" in text and "cache: skipped" in text
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/healthz", "/healthz/ready"])
def test_ready_answers_503_naming_the_database_when_it_is_down(client, database_down, url):
    response = client.get(url)
    assert response.status_code == 503
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert text.startswith("unavailable: database\n")
    assert "database: unavailable" in text and "storage: ok" in text
    assert "Traceback" not in text and "db.internal" not in text  # details only in the log


def test_live_answers_while_the_database_is_down(client, database_down):
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_ready_names_a_shared_cache_that_does_not_answer(client, settings, monkeypatch):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "BACKEND": "django.core.cache.backends.redis.RedisCache"},
    }

    class Unreachable:
        def set(self, *args, **kwargs):
            raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(views, "cache", Unreachable())
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.content.decode().startswith("unavailable: cache\n")


def test_ready_names_storage_that_cannot_be_written(client, settings, tmp_path):
    read_only = tmp_path / "private"
    read_only.mkdir()
    read_only.chmod(0o500)
    settings.GLAS_PRIVATE_ROOT = read_only
    try:
        import os

        if os.access(read_only, os.W_OK):  # running as root: permissions do not bind
            settings.GLAS_PRIVATE_ROOT = tmp_path / "a-file"
            settings.GLAS_PRIVATE_ROOT.write_text("not a folder")
        response = client.get("/healthz/ready")
    finally:
        read_only.chmod(0o700)
    assert response.status_code == 503
    assert "storage: unavailable" in response.content.decode()
