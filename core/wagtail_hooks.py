from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.models import Page, Site

from core import cache
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


class EmailLanguageForm(forms.ModelForm):
    class Meta:
        model = PersonalSettings
        fields = ["email_language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email_language"]
        self.fields["email_language"] = forms.ChoiceField(
            label=field.label,
            help_text=field.help_text,
            required=False,
            choices=[("", _("The language of the administration")), *settings.LANGUAGES],
        )


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
