"""With Redis down, every page still answers, and the trouble is logged once, not per request."""

import logging

import pytest
from django.core.cache import caches
from django.test import override_settings

from core import cache_backends

DOWN = {
    "default": {
        "BACKEND": "core.cache_backends.TolerantRedisCache",
        # Nothing listens on port 1 of loopback: every connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def redis_down(monkeypatch):
    monkeypatch.setattr(cache_backends.TolerantRedisCache, "_last_warning", 0.0)
    with override_settings(CACHES=DOWN, GLAS_PAGE_CACHE_SECONDS=300, GLAS_CACHE_FRAGMENTS=True):
        yield caches["default"]


def test_reads_miss_and_writes_are_dropped_when_redis_is_down(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.cache_backends"):
        assert redis_down.get("menu", "fallback") == "fallback"
        assert redis_down.get_many(["a", "b"]) == {}
        redis_down.set("menu", "x")
        redis_down.delete("menu")
    assert len([r for r in caplog.records if "cannot be reached" in r.getMessage()]) == 1


def test_counting_says_the_cache_is_unavailable(redis_down):
    with pytest.raises(cache_backends.CacheUnavailable):
        redis_down.incr("posts")


@pytest.mark.parametrize("path", ["/en/", "/mk/", "/en/news/", "/en/search/?q=kratovo", "/en/login/"])
def test_public_pages_answer_when_redis_is_down(client, site_tree, redis_down, path):
    assert client.get(path).status_code == 200


UP = {
    "default": {
        "BACKEND": "core.cache_backends.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/10",
        "KEY_PREFIX": "glas-test-clients",
    }
}


def test_one_redis_client_serves_every_call_and_redis_coming_back_is_noticed():
    """Django made a redis.Redis for every call (0.14 ms each, several a page)."""
    import socket

    with socket.socket() as probe:
        probe.settimeout(0.5)
        if probe.connect_ex(("127.0.0.1", 6379)):
            pytest.skip("no Redis on 127.0.0.1:6379")
    with override_settings(CACHES=UP):
        cache = caches["default"]
        first = cache._cache.get_client(write=True)
        cache.set("reused", "yes")
        assert cache.get("reused") == "yes"
        assert cache._cache.get_client(write=False) is first
        cache._cache.get_client().connection_pool.disconnect()  # Redis restarted, say
        assert cache.get("reused") == "yes"
        cache.delete("reused")
