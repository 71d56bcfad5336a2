"""Views of the platform: the health checks, robots.txt, the 500 page, and the pages that a
routable page's own views render (a form on the page, a message after a step)."""

import logging
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from wagtail.models import Page

from core.forms import EmailLanguageForm
from core.links import absolute_url
from core.models import PersonalSettings
from core.storage import storage_aliases

logger = logging.getLogger(__name__)


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


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() is None:
            raise RuntimeError("no row from SELECT 1")


def _check_cache() -> str:
    """The shared cache (Redis) must answer; a cache in the process's memory cannot fail."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
        return "skipped"
    key, value = f"glas:healthz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)
    return "ok"


def _writable(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".healthz-"):
        pass


def _check_storage() -> None:
    """Uploads can be written: the media folder or bucket and the private one."""
    for alias in storage_aliases():
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            _writable(Path(storage.location))
        else:  # a bucket: write, read back and delete a small object
            name = storage.save(f".healthz/{uuid.uuid4().hex}", ContentFile(b"ok"))
            try:
                with storage.open(name) as handle:
                    if handle.read() != b"ok":
                        raise RuntimeError(f"the {alias} storage returned other content")
            finally:
                storage.delete(name)


READINESS_CHECKS: list[tuple[str, Callable[[], Any]]] = [
    ("database", _check_database),
    ("cache", _check_cache),
    ("storage", _check_storage),
]


@require_GET
def healthz_live(request: HttpRequest) -> HttpResponse:
    """The process answers; nothing else is asked (for a restart policy)."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def healthz_ready(request: HttpRequest) -> HttpResponse:
    """The site can serve: the database answers, the shared cache (when there is one) answers,
    uploads can be written. Otherwise 503 naming each failing part, one per line; the details
    go to the log, never into the answer."""
    results = {}
    for name, check in READINESS_CHECKS:
        try:
            results[name] = check() or "ok"
        except Exception as error:
            logger.warning("Health check: %s unavailable: %s: %s", name, type(error).__name__, error)
            results[name] = "unavailable"
    failing = [name for name, result in results.items() if result == "unavailable"]
    lines = [f"unavailable: {', '.join(failing)}" if failing else "ok"]
    lines += [f"{name}: {result}" for name, result in results.items()]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain", status=503 if failing else 200)
    response["Cache-Control"] = "no-store"
    return response


healthz = healthz_ready


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, in the language that was active when the error happened."""
    return render(request, "500.html", {"LANGUAGE_CODE": get_language() or settings.LANGUAGE_CODE}, status=500)


@login_required
def email_language(request: HttpRequest) -> HttpResponse:
    """Choose the language of the site's e-mails without the admin (jurors have no admin access)."""
    instance = PersonalSettings.objects.filter(user=request.user).first() or PersonalSettings(user=request.user)
    form = EmailLanguageForm(request.POST or None, instance=instance)
    saved = False
    if request.method == "POST" and form.is_valid():
        form.save()
        saved = True
    return TemplateResponse(request, "core/email_language.html", {"form": form, "saved": saved})
