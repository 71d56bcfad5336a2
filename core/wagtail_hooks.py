from typing import Any

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from core import cache


@hooks.register("before_serve_page")
def allow_page_cache(page: Page, request: HttpRequest, serve_args: Any, serve_kwargs: Any) -> None:
    """Pages served by Wagtail may be kept in the anonymous page cache (core/cache.py)."""
    cache.tag_page(request, page)
