"""Gzip for HTML that carries no secret (BREACH-aware compression).

Compressing a response that reflects what the visitor sent *and* holds a secret lets an attacker
who can watch the encrypted sizes guess the secret byte by byte (BREACH). So only pages that are
the same for every anonymous visitor are compressed: the ones the page cache may keep. A response
is left as it is when

- the request comes from a signed-in visitor or carries a session cookie,
- the page used a CSRF token (a form: Django marks the request CSRF_COOKIE_NEEDS_UPDATE),
- the response sets a cookie, or says Cache-Control private / no-store,
- or the view marked it with `mark_secret(response)` (pages reached by a signed link).

The rest goes through Django's GZipMiddleware logic (compress_string, Vary: Accept-Encoding,
weak ETag), so a page-cache hit, which only an anonymous visitor without a session gets, is
compressed too. nginx (deploy/nginx/glas.conf) does not compress again what already has a
Content-Encoding.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

SECRET_ATTRIBUTE = "glas_secret"


def mark_secret(response: HttpResponseBase) -> HttpResponseBase:
    """Never compress this response: it shows a secret (a signed link, a personal token)."""
    setattr(response, SECRET_ATTRIBUTE, True)
    return response


def carries_secret(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response may hold something a BREACH attack could recover."""
    if getattr(response, SECRET_ATTRIBUTE, False) or response.cookies:
        return True
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    cache_control = response.get("Cache-Control", "").lower()
    return "private" in cache_control or "no-store" in cache_control


class SafeGZipMiddleware(GZipMiddleware):
    """GZipMiddleware that leaves responses carrying secrets uncompressed."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not getattr(settings, "GLAS_GZIP", True):
            return response
        if carries_secret(request, response):
            # The same URL may be compressed for another visitor: caches must keep them apart.
            if response.get("Content-Type", "").startswith("text/"):
                patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)
