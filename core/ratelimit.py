"""Rate limits on public forms (comments, subscriptions, essay entries), counted in the cache.
With several app servers the cache must be shared (REDIS_URL)."""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# (what is counted: "ip" or "email", its value, how many posts the window allows)
Counter = tuple[str, str, int]


def client_ip(request: HttpRequest) -> str:
    """The visitor's address, from GLAS_CLIENT_IP_HEADER (set it when behind a proxy)."""
    value = request.META.get(settings.GLAS_CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[0].strip()


def _key(scope: str, kind: str, value: str) -> str:
    digest = hashlib.sha256(value.lower().encode()).hexdigest()[:32]
    return f"glas:rate:{scope}:{kind}:{digest}"


def is_limited(scope: str, counters: Iterable[Counter]) -> bool:
    """True when any (kind, value, limit) has reached its limit in the current window."""
    return any(value and cache.get(_key(scope, kind, value), 0) >= limit for kind, value, limit in counters)


def count(scope: str, counters: Iterable[Counter], window: int) -> None:
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


def posting_counters(ip: str, email: str, per_ip: int, per_email: int) -> list[Counter]:
    """The two limits every public form keeps: posts per client address and per e-mail address."""
    return [("ip", ip, per_ip), ("email", email, per_email)]
