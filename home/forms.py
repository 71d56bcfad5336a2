"""Forms of the public site: the contact form (built by Wagtail's form builder) and search."""

import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

SINGLE_LINE_MAX = 200
MULTI_LINE_MAX = 5000


def reject_control_characters(value):
    """Refuse invisible control characters (NUL, escape codes); keep tabs and line breaks."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
        raise ValidationError(_("This text contains invisible control characters. Please remove them."))


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, labelled for screen readers) and bots fill in.
    Every public form of Glas (contact, comments, subscriptions, essay entries) carries it."""

    honeypot_message = _("Your message could not be sent. Please try again.")

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.pop("website", ""):
            raise ValidationError(self.honeypot_message)
        return cleaned


class ContactBaseForm(HoneypotMixin, BaseForm):
    pass


class ContactFormBuilder(FormBuilder):
    def create_singleline_field(self, field, options):
        options["max_length"] = SINGLE_LINE_MAX
        options["validators"] = [reject_control_characters]
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTI_LINE_MAX
        options["validators"] = [reject_control_characters]
        options["widget"] = forms.Textarea(attrs={"rows": 6})
        return forms.CharField(**options)

    def get_form_class(self):
        return type("ContactForm", (ContactBaseForm,), self.formfields)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=settings.GLAS_SEARCH_MAX_LENGTH,
        validators=[reject_control_characters],
        error_messages={
            "required": _("Type a word or two to search for."),
            "max_length": _("Please search for at most %(limit_value)d characters."),
        },
    )

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if not any(ch.isalnum() for ch in query):
            raise ValidationError(_("Type at least one letter or number to search for."))
        return query
