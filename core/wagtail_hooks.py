from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Page, Site

from core import cache
from core.keeping import reasons_to_keep


@hooks.register("before_serve_page")
def allow_page_cache(page: Page, request: HttpRequest, serve_args: Any, serve_kwargs: Any) -> None:
    """Pages served by Wagtail may be kept in the anonymous page cache (core/cache.py)."""
    cache.tag_page(request, page)


def _refuse(request: HttpRequest, page: Page, reasons: list[str]) -> HttpResponse:
    for reason in reasons:
        messages.error(request, reason)
    return redirect("wagtailadmin_explore", page.get_parent().pk if page.get_parent() else page.pk)


def _site_of(page: Page) -> int | None:
    """The site a page belongs to, in any of its languages (Wagtail's site root paths)."""
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path):
            return root.site_id
    return None


@hooks.register("before_delete_page")
def keep_what_people_wrote_on_delete(request: HttpRequest, page: Page) -> HttpResponse | None:
    """A page with citizens' comments or students' entries (or with such pages below it) is not
    deleted: the editor is told why and what to do instead (core/keeping.py)."""
    reasons = reasons_to_keep([page])
    return _refuse(request, page, reasons) if reasons else None


@hooks.register("before_move_page")
def keep_what_people_wrote_on_move(request: HttpRequest, page: Page, destination: Page) -> HttpResponse | None:
    """Such a page may move within its site (its records follow it), not out of it."""
    if _site_of(page) is not None and _site_of(page) == _site_of(destination):
        return None
    reasons = reasons_to_keep([page])
    return _refuse(request, page, reasons) if reasons else None


@hooks.register("before_bulk_action")
def keep_what_people_wrote_in_bulk(
    request: HttpRequest, action_type: str, objects: list[Any], action_class_instance: Any
) -> HttpResponse | None:
    pages = [item for item in objects if isinstance(item, Page)]
    if action_type != "delete" or not pages:
        return None
    reasons = reasons_to_keep(pages)
    return _refuse(request, pages[0], reasons) if reasons else None
