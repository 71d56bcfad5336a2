"""Cache-Control for a CDN or caching proxy in front of the site (off unless GLAS_CDN_MAX_AGE > 0).

A public page may be kept by a shared cache exactly when Glas's own page cache (core/cache.py)
would keep it: a Wagtail page (tagged by the before_serve_page hook), asked for with GET or HEAD
by a visitor without a session, answered 200 without a cookie and without a Cache-Control of its
own that forbids it. Such an answer gets

    Cache-Control: public, max-age=<GLAS_BROWSER_MAX_AGE>, s-maxage=<GLAS_CDN_MAX_AGE>
    Vary: Cookie

with both ages cut to the page's next phase change (a consultation opening or closing), so a
CDN never shows "open" after the deadline. Browsers get a shorter age (0 by default): a CDN is
purged on publish (core/frontend_cache.py), a browser's copy cannot be.

Everything else is kept out of shared caches: signed-in visitors, visitors with a session or
pending messages, POST and every other method, answers that set a cookie (a form's CSRF token),
the admin, the jury pages, sign-in, and secret links (a URL with a token in it) get
`private, no-store`; other anonymous answers (404, redirects, feeds) keep a Cache-Control of
their own or get `no-cache`.

Two middleware classes, because the page cache keeps the answer it stores:
PageFreshnessMiddleware sits inside AnonymousPageCacheMiddleware and writes, on the answer that
gets stored, until when a shared cache may keep it (an absolute time, so a page served from
Glas's cache hours later still carries the right bound); CDNCacheControlMiddleware sits outside
it, so it sees page-cache hits too, turns that bound into Cache-Control and removes it.
"""

import re
import time
from collections.abc import Callable
from functools import cache as memoize

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path

FRESH_UNTIL = "X-Glas-Fresh-Until"
PRIVATE = "private, no-store"
REVALIDATE = "no-cache"
# Names of URL arguments that carry a secret: a page reached through one is someone's own.
SECRET_ARGUMENTS = frozenset({"token"})


def cdn_max_age() -> int:
    return max(0, int(getattr(settings, "GLAS_CDN_MAX_AGE", 0)))


def browser_max_age() -> int:
    return max(0, int(getattr(settings, "GLAS_BROWSER_MAX_AGE", 0)))


@memoize
def _private_path_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


def is_private_path(path: str) -> bool:
    """The admin, the jury pages, sign-in and the like (GLAS_CDN_PRIVATE_PATHS)."""
    patterns = _private_path_patterns(tuple(getattr(settings, "GLAS_CDN_PRIVATE_PATHS", ())))
    return any(pattern.search(path) for pattern in patterns)


def carries_a_secret(request: HttpRequest) -> bool:
    """A secret link: a Django view or a Wagtail page route whose URL holds a token."""
    for match in (getattr(request, "resolver_match", None), getattr(request, "routable_resolver_match", None)):
        if match is not None and SECRET_ARGUMENTS & set(match.kwargs):
            return True
    return False


def is_personal(request: HttpRequest, response: HttpResponse) -> bool:
    """An answer that belongs to one person or one action and must stay out of shared caches."""
    if request.method not in ("GET", "HEAD") or response.cookies:
        return True
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    if any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages")):
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return is_private_path(request.path_info) or carries_a_secret(request)


def forbids_caching(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "").lower()
    return any(word in control for word in ("private", "no-store", "no-cache"))


class PageFreshnessMiddleware:
    """Marks a cacheable Wagtail page with the time until which a shared cache may keep it.
    Place it right after core.cache.AnonymousPageCacheMiddleware (inside it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        seconds = cdn_max_age()
        if seconds and getattr(request, "glas_cache_tags", None) and get_language_from_path(request.path_info):
            fresh_until = time.time() + seconds
            changes_at = getattr(request, "glas_cache_until", None)
            if changes_at is not None:
                fresh_until = min(fresh_until, changes_at.timestamp())
            response[FRESH_UNTIL] = str(int(fresh_until))
        return response


class CDNCacheControlMiddleware:
    """Sets Cache-Control (and Vary) for shared caches; does nothing while GLAS_CDN_MAX_AGE is 0.
    Place it right before core.cache.AnonymousPageCacheMiddleware (outside it), after
    WhiteNoise, whose static files carry their own far-future headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        fresh_until = response.get(FRESH_UNTIL)
        if fresh_until is not None:
            del response[FRESH_UNTIL]
        if not cdn_max_age():
            return response
        if is_personal(request, response):
            response["Cache-Control"] = PRIVATE
            return response
        remaining = int(fresh_until) - int(time.time()) if fresh_until and fresh_until.isdigit() else 0
        if response.status_code == 200 and not response.streaming and remaining > 0:
            if not forbids_caching(response) and "cookie" not in response.get("Vary", "").lower():
                shared = min(cdn_max_age(), remaining)
                response["Cache-Control"] = f"public, max-age={min(browser_max_age(), shared)}, s-maxage={shared}"
                patch_vary_headers(response, ("Cookie",))
                return response
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = REVALIDATE
        return response
