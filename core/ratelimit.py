"""Rate limits on public forms (comments, subscriptions, essay entries), counted in the cache,
and the visitor's address behind proxies. With several app servers the cache must be shared
(REDIS_URL).

Counting is atomic: `is_limited` takes a place for the post first (add, then incr: both atomic
in the local-memory cache and in Redis) and compares after, giving the place back when the post
is refused. Ten posts released together from one address with a limit of five get exactly five
places, whatever the timing. The caller's later `count` finds the place already taken and does
not count the post twice.

When the cache fails (Redis down), posting fails closed and reading fails open: `is_limited`
refuses the post, since the limits could not be kept otherwise (the visitor sees the limit's
message, and what they wrote is kept); `has_reached` (a read only, e.g. to show a notice) says
"not reached". Either logs a warning, at most once per WARNING_INTERVAL seconds.

The visitor's address (`client_ip`, also django-axes's, so the sign-in lockout keeps the same
user-and-address pair) is REMOTE_ADDR unless GLAS_TRUSTED_PROXIES says how many proxies of ours
stand in front: then it is the right-most address in GLAS_CLIENT_IP_HEADER (X-Forwarded-For)
that none of them added, so that a visitor writing their own X-Forwarded-For changes nothing.
"""

import contextvars
import hashlib
import ipaddress
import logging
import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# (what is counted: "ip" or "email", its value, how many posts the window allows)
Counter = tuple[str, str, int]

# The window of each scope, for `is_limited` when the caller names none.
SCOPE_WINDOW_SETTINGS = {"comments": "GLAS_COMMENT_RATE_WINDOW", "essays": "GLAS_ENTRY_RATE_WINDOW"}
WARNING_INTERVAL = 60.0

# The places each scope's last `is_limited` took in this request, so that `count` does not count
# them again; per scope, because one request may check several (a comment, then its confirmation).
_taken: contextvars.ContextVar[dict[str, frozenset[str]] | None] = contextvars.ContextVar(
    "glas_rate_taken", default=None
)


def _held(scope: str) -> frozenset[str]:
    return (_taken.get() or {}).get(scope, frozenset())


def _hold(scope: str, keys: Iterable[str]) -> None:
    _taken.set({**(_taken.get() or {}), scope: frozenset(keys)})


_warning_lock = threading.Lock()
_last_warning = 0.0


def _meta_key(header: str) -> str:
    """ "X-Forwarded-For" and "HTTP_X_FORWARDED_FOR" both name request.META's HTTP_X_FORWARDED_FOR."""
    name = header.strip().upper().replace("-", "_")
    if name in ("", "REMOTE_ADDR") or name.startswith("HTTP_"):
        return name or "REMOTE_ADDR"
    return f"HTTP_{name}"


def _address(value: str) -> str | None:
    try:
        return ipaddress.ip_address(value.strip()).compressed
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or behind GLAS_TRUSTED_PROXIES proxies the right-most
    address of GLAS_CLIENT_IP_HEADER that none of them added (what the outermost one saw)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = getattr(settings, "GLAS_TRUSTED_PROXIES", 0)
    header = _meta_key(getattr(settings, "GLAS_CLIENT_IP_HEADER", "X-Forwarded-For"))
    if hops <= 0 or header == "REMOTE_ADDR":
        return remote
    # The chain as our proxies see it: what the header lists, then the proxy that spoke to us.
    # The nearest `hops` entries are our proxies; the one before them is the visitor.
    listed = [part.strip() for part in str(request.META.get(header, "")).split(",")]
    chain = [part for part in listed if part] + [remote]
    found = _address(chain[max(len(chain) - 1 - hops, 0)])
    return found or remote


def _key(scope: str, kind: str, value: str) -> str:
    digest = hashlib.sha256(value.lower().encode()).hexdigest()[:32]
    return f"glas:rate:{scope}:{kind}:{digest}"


def _window(scope: str) -> int:
    return int(getattr(settings, SCOPE_WINDOW_SETTINGS.get(scope, "GLAS_COMMENT_RATE_WINDOW")))


def _warn(action: str, error: Exception) -> None:
    global _last_warning
    with _warning_lock:
        now = time.monotonic()
        if _last_warning and now - _last_warning < WARNING_INTERVAL:
            return
        _last_warning = now
    logger.warning("Rate limits: the cache failed while %s (%s: %s)", action, type(error).__name__, error)


def _increment(key: str, window: int) -> int:
    """One more in `key`, atomically; a new key expires after `window` seconds."""
    for _attempt in range(3):
        if cache.add(key, 1, window):
            return 1
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between add and incr: add again
            continue
    raise RuntimeError(f"could not count {key}")


def _give_back(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:  # expired meanwhile
        pass


def is_limited(scope: str, counters: Iterable[Counter], window: int | None = None) -> bool:
    """Take a place for one post: True (refused, nothing counted) when any (kind, value, limit)
    would go past its limit in the current window of `window` seconds (the scope's setting when
    None). Counts before it compares, so simultaneous posts cannot all slip in."""
    seconds = window or _window(scope)
    taken: list[str] = []
    try:
        for kind, value, limit in counters:
            if not value:
                continue
            key = _key(scope, kind, value)
            used = _increment(key, seconds)
            taken.append(key)
            if used > limit:
                for held in taken:
                    _give_back(held)
                _hold(scope, ())
                return True
    except Exception as error:  # the cache is down: posting fails closed
        _warn("counting a post; the post is refused", error)
        _hold(scope, ())
        return True
    _hold(scope, taken)
    return False


def count(scope: str, counters: Iterable[Counter], window: int) -> None:
    """Count one more post for each (kind, value, limit); each count expires after `window` s.
    A place already taken by this request's `is_limited` is not counted again."""
    taken = set(_held(scope))
    try:
        for kind, value, _limit in counters:
            if not value:
                continue
            key = _key(scope, kind, value)
            if key in taken:
                taken.discard(key)
                continue
            _increment(key, window)
    except Exception as error:  # the post is in; only its count is lost
        _warn("counting an accepted post", error)
    _hold(scope, taken)


def has_reached(scope: str, counters: Iterable[Counter]) -> bool:
    """A read only: True when any (kind, value, limit) has reached its limit. Takes no place;
    when the cache fails, says False (reading fails open)."""
    try:
        return any(value and int(cache.get(_key(scope, kind, value), 0)) >= limit for kind, value, limit in counters)
    except Exception as error:
        _warn("reading the counts; no limit is applied", error)
        return False


def posting_counters(ip: str, email: str, per_ip: int, per_email: int) -> list[Counter]:
    """The two limits every public form keeps: posts per client address and per e-mail address."""
    return [("ip", ip, per_ip), ("email", email, per_email)]
