"""Guards that every public form of Glas carries: a honeypot field for bots, and a validator
that refuses invisible control characters."""

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def reject_control_characters(value: str) -> None:
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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.pop("website", ""):
            raise ValidationError(self.honeypot_message)
        return cleaned
