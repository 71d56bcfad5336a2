"""Rate limits on public forms (comments, subscriptions, essay entries), counted in the cache.
With several app servers the cache must be shared (REDIS_URL)."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The visitor's address, from GLAS_CLIENT_IP_HEADER (set it when behind a proxy)."""
    value = request.META.get(settings.GLAS_CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[0].strip()


def _key(scope, kind, value):
    digest = hashlib.sha256(value.lower().encode()).hexdigest()[:32]
    return f"glas:rate:{scope}:{kind}:{digest}"


def is_limited(scope, counters):
    """True when any (kind, value, limit) has reached its limit in the current window."""
    return any(value and cache.get(_key(scope, kind, value), 0) >= limit for kind, value, limit in counters)


def count(scope, counters, window):
    """Count one more post for each (kind, value, limit); each count expires after `window` s."""
    for kind, value, _limit in counters:
        if not value:
            continue
        key = _key(scope, kind, value)
        if cache.add(key, 1, window):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
