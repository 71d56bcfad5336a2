"""Views of the platform: the health check, robots.txt, the 500 page, and the pages that a
routable page's own views render (a form on the page, a message after a step)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.models import Page

from core.links import absolute_url


def render_on_page(
    request: HttpRequest, page: Page, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> TemplateResponse:
    """A page of one of `page`'s own routes (its comment form, its entry form), with the page in
    the context as Wagtail gives it to the page's own template."""
    return TemplateResponse(
        request, template, {"page": page, "self": page, "request": request, **(context or {})}, status=status
    )


def message(
    request: HttpRequest,
    page: Page,
    title: str,
    text: str,
    *,
    back_label: str,
    back_url: str | None = None,
    status: int = 200,
    **extra: Any,
) -> TemplateResponse:
    """A short page that tells the visitor what happened (sent, confirmed, refused), with the way
    back to the page; `typed_text` gives back what a refused visitor wrote."""
    context = {"message_title": title, "message_text": text, "back_label": back_label, "back_url": back_url, **extra}
    return render_on_page(request, page, "core/message.html", context, status)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {absolute_url('/sitemap.xml', request)}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page names: send them to the site's icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, in the language that was active when the error happened."""
    return render(request, "500.html", {"LANGUAGE_CODE": get_language() or settings.LANGUAGE_CODE}, status=500)
