from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.models import Page, Site

from core import cache, translation_views, translations
from core.forms import EmailLanguageForm
from core.keeping import reasons_to_keep
from core.models import PersonalSettings


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


class EmailLanguagePanel(BaseSettingsPanel):
    """Account → the language of the e-mails the site sends (core.i18n.language_of)."""

    name = "glas_email_language"
    title = _("E-mails from the site")
    order = 410
    form_class = EmailLanguageForm

    def get_form(self) -> forms.ModelForm:
        instance = PersonalSettings.objects.filter(user=self.user).first() or PersonalSettings(user=self.user)
        if self.request.method == "POST":
            return self.form_class(self.request.POST, instance=instance, prefix=self.name)
        return self.form_class(instance=instance, prefix=self.name)


@hooks.register("register_account_settings_panel")
def email_language_panel(request: HttpRequest, user: Any, profile: Any) -> EmailLanguagePanel:
    return EmailLanguagePanel(request, user, profile)


# Translations that finish (core/translations.py).


@hooks.register("register_admin_urls", order=-10)
def translation_review_urls() -> list[Any]:
    """The review bar's actions, and wagtail-localize's own addresses for discarding a translation
    or publishing untranslated text, answered first by guarded views (the same paths)."""
    return [
        path(
            "glas/translations/<int:translation_id>/submit/", translation_views.submit, name="glas_translation_submit"
        ),
        path(
            "glas/translations/<int:translation_id>/approve/",
            translation_views.approve,
            name="glas_translation_approve",
        ),
        path(
            "glas/translations/<int:translation_id>/send-back/",
            translation_views.send_back,
            name="glas_translation_send_back",
        ),
        path("localize/page/<int:page_id>/convert_to_alias/", translation_views.convert_to_alias),
        path("localize/translate/<int:translation_id>/disable/", translation_views.stop_translation),
        path(
            "localize/update/<int:translation_source_id>/",
            translation_views.UpdateTranslationsView.as_view(),
        ),
    ]


@hooks.register("before_edit_page", order=-10)
def translators_translate(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Translators change language versions only, never the source-language page; a language
    version with untranslated texts is not published; publishing one that waits for review
    approves the review (instead of cancelling it, as a plain publish would)."""
    page = page.specific_deferred
    if not translations.may_change_page(request.user, page):
        messages.error(
            request,
            _(
                "This page is in the language it is translated from, which the editors look after. "
                "To translate it, open its version in your language."
            ),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    if request.method != "POST":
        return None
    if "localize-convert-to-alias" in request.POST and not translations.may_discard_translation(request.user, page):
        raise PermissionDenied
    translation = translations.translation_of(page)
    if translation is None or request.POST.get("action") != "publish":
        return None
    try:
        translations.approve_and_publish(translation, page, request.user)
    except translations.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(title)s” is published.") % {"title": page.get_admin_display_title()})
    return redirect(request.path)


@hooks.register("before_delete_page")
def translators_do_not_delete_pages(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Deleting a language version throws its translation away: editors only."""
    if translations.may_discard_translation(request.user, page):
        return None
    return _refuse(request, page, [_("Only editors delete pages; translators translate them.")])


@hooks.register("before_create_page")
def translators_do_not_create_pages(request: HttpRequest, parent_page: Page, page_class: Any) -> HttpResponse | None:
    """A translator's pages come from "Translate this page", never from "Add child page"."""
    if translations.may_change_page(request.user, parent_page) or translations.is_translation_target(parent_page):
        return None
    messages.error(request, _("Translators translate pages; the editors add new ones."))
    return redirect("wagtailadmin_explore", parent_page.pk)


@hooks.register("construct_page_action_menu")
def hide_discarding_actions(menu_items: list[Any], request: HttpRequest, context: dict[str, Any]) -> None:
    page = context.get("page")
    if page is not None and page.pk and not translations.may_discard_translation(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name != "localize-convert-to-alias"]
