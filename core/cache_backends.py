"""A Redis cache that may fail: with Redis down, every page still answers, uncached.

Django's Redis backend raises on every call when Redis cannot be reached, and the menu, the
language switcher and Wagtail's site lookup all read the cache: one stopped Redis took the whole
public site down. `TolerantRedisCache` answers reads with a miss and drops writes while Redis is
away, logging one warning per `WARN_EVERY` seconds (not one per request), and gives up on a
connection after GLAS_CACHE_TIMEOUT seconds (0.5 by default) instead of waiting.

Counting (`add`, `incr`, `decr`) is not hidden: rate limits (core/ratelimit.py) decide themselves
what a missing counter means, so those calls still raise `CacheUnavailable`.
"""

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

WARN_EVERY = 60.0
FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class CacheUnavailable(RedisConnectionError):
    """Redis cannot be reached (raised only by the counting calls)."""


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client makes a new `redis.Redis` for every call, and each copies redis-py's
    table of some 170 reply handlers: 0.14 ms a call, five or more calls on every page. One client
    per connection pool is kept instead (a client is safe to share between threads: it takes a
    connection from its pool for each command; the pool itself notices a fork)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _trouble(self, error: BaseException) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._last_warning >= WARN_EVERY:
            TolerantRedisCache._last_warning = now
            logger.warning("The cache (Redis) cannot be reached; pages are served uncached: %s", error)

    def _read(self, call: Any, fallback: Any) -> Any:
        try:
            return call()
        except FAILURES as error:
            self._trouble(error)
            return fallback

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._read(lambda: super(TolerantRedisCache, self).get(key, default, version), default)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._read(lambda: super(TolerantRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._read(lambda: super(TolerantRedisCache, self).has_key(key, version), False)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._read(lambda: super(TolerantRedisCache, self).set(key, value, timeout, version), None)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._read(lambda: super(TolerantRedisCache, self).set_many(data, timeout, version), list(data))

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._read(lambda: super(TolerantRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._read(lambda: super(TolerantRedisCache, self).delete(key, version), False)

    def delete_many(self, keys: Any, version: Any = None) -> Any:
        return self._read(lambda: super(TolerantRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> Any:
        return self._read(lambda: super(TolerantRedisCache, self).clear(), False)

    def _count(self, call: Any) -> Any:
        try:
            return call()
        except FAILURES as error:
            self._trouble(error)
            raise CacheUnavailable(str(error)) from error

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._count(lambda: super(TolerantRedisCache, self).add(key, value, timeout, version))

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        return self._count(lambda: super(TolerantRedisCache, self).incr(key, delta, version))
