"""Absolute links to the site: built on GLAS_BASE_URL when it is set, so that a canonical link,
an e-mail or a calendar file never names a host the visitor did not use (Wagtail's Site record
says "localhost" until someone edits it); otherwise on the request's own host."""

from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """`path` (a site path such as /mk/news/) as a full URL."""
    if path.startswith(("http://", "https://")):
        return path
    if settings.GLAS_BASE_URL:
        return settings.GLAS_BASE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
