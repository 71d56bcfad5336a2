"""The admin's half of core/translations.py: the review bar's three buttons, and wagtail-localize's
views that throw a translation away or publish untranslated text, guarded."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.views import convert, edit_translation, update_translations

from core import translations


def _target_page(translation: Translation) -> Page:
    page = translation.get_target_instance()
    if not isinstance(page, Page):
        raise PermissionDenied
    return page


def _back(page: Page) -> HttpResponse:
    return redirect("wagtailadmin_pages:edit", page.pk)


def _act(request: HttpRequest, translation_id: int, act: Any, done: str) -> HttpResponse:
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    page = _target_page(translation)
    try:
        act(translation, page)
    except translations.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"title": page.get_admin_display_title()})
    return _back(page)


@require_POST
def submit(request: HttpRequest, translation_id: int) -> HttpResponse:
    return _act(
        request,
        translation_id,
        lambda translation, page: translations.submit_for_review(translation, page, request.user),
        _("“%(title)s” is waiting for review. The editors have been told by e-mail."),
    )


@require_POST
def approve(request: HttpRequest, translation_id: int) -> HttpResponse:
    return _act(
        request,
        translation_id,
        lambda translation, page: translations.approve_and_publish(
            translation, page, request.user, request.POST.get("comment", "")
        ),
        _("“%(title)s” is published."),
    )


@require_POST
def send_back(request: HttpRequest, translation_id: int) -> HttpResponse:
    return _act(
        request,
        translation_id,
        lambda translation, page: translations.send_back(page, request.user, request.POST.get("comment", "")),
        _("“%(title)s” went back to the translator with your comment."),
    )


def convert_to_alias(request: HttpRequest, page_id: int) -> HttpResponse:
    """wagtail-localize's "Convert to alias page" discards the translation: editors only."""
    page = get_object_or_404(Page, pk=page_id)
    if not translations.may_discard_translation(request.user, page):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


def stop_translation(request: HttpRequest, translation_id: int) -> HttpResponse:
    """wagtail-localize's "Stop synced translation" takes the version out of this review: editors only."""
    translation = get_object_or_404(Translation, pk=translation_id)
    target = translation.get_target_instance()
    if not translations.may_discard_translation(request.user, target if isinstance(target, Page) else None):
        raise PermissionDenied
    return edit_translation.stop_translation(request, translation_id)


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """Updating translations from a changed source never publishes: the new texts are not
    translated yet, and published they would show the source language under another language's
    address. Each language version goes through review again."""

    def get_form(self) -> Any:
        form = super().get_form()
        form.fields.pop("publish_translations", None)
        return form

    def form_valid(self, form: Any) -> HttpResponse:
        form.cleaned_data["publish_translations"] = False
        return super().form_valid(form)
