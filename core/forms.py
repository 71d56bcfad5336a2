"""Guards that every public form of Glas carries: a honeypot field for bots, and validators that
refuse invisible control characters and the invisible characters that turn text around.

Direction controls (bidi): the embeddings and overrides U+202A–U+202E and the isolates
U+2066–U+2069 change the order in which the text after them is shown. Unclosed, they reach past
the field into what the page shows next (a name that reverses the words after it, a file name
that hides its ending). The left-to-right and right-to-left marks (U+200E, U+200F, U+061C) only
nudge neutral characters and cannot reach past the text: they are allowed everywhere.

- In single-line fields (names, titles, school, organisation, place) no direction control is
  accepted at all: a name never needs one.
- In multi-line texts (comments, essays) a control must be closed on its own line (an embedding
  or override by U+202C, an isolate by U+2069), so that someone quoting Arabic or Hebrew can keep
  them, and nothing reaches past the line.

Both refuse with a message in the visitor's language and keep what was typed (nothing is
silently removed from what a citizen or student wrote).
"""

import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import PersonalSettings

EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO: closed by PDF
POP_EMBEDDING = "\u202c"  # PDF
ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI: closed by PDI
POP_ISOLATE = "\u2069"  # PDI
DIRECTION_CONTROLS = EMBEDDINGS | ISOLATES | {POP_EMBEDDING, POP_ISOLATE}


def reject_control_characters(value: str) -> None:
    """Refuse invisible control characters (NUL, escape codes), keeping tabs and line breaks,
    and direction controls left open at the end of a line."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value):
        raise ValidationError(_("This text contains invisible control characters. Please remove them."))
    reject_unclosed_direction_controls(value)


def direction_controls_are_closed(line: str) -> bool:
    """True when every embedding, override and isolate in `line` is closed in it, in order."""
    open_controls: list[str] = []
    for ch in line:
        if ch in EMBEDDINGS:
            open_controls.append(POP_EMBEDDING)
        elif ch in ISOLATES:
            open_controls.append(POP_ISOLATE)
        elif ch in (POP_EMBEDDING, POP_ISOLATE):
            if not open_controls or open_controls.pop() != ch:
                return False
    return not open_controls


def reject_unclosed_direction_controls(value: str) -> None:
    """For multi-line texts: a direction control must be closed on its own line."""
    if any(ch in DIRECTION_CONTROLS for ch in value) and not all(
        direction_controls_are_closed(line) for line in value.splitlines()
    ):
        raise ValidationError(
            _(
                "This text contains invisible characters that change the direction of the text after them "
                "and are not closed. They often come with text copied from another program: please paste it "
                "as plain text, or type it again."
            ),
            code="direction_controls",
        )


def reject_direction_controls(value: str) -> None:
    """For single-line fields (names, titles, school, organisation): no direction control."""
    if any(ch in DIRECTION_CONTROLS for ch in value):
        raise ValidationError(
            _(
                "This field contains invisible characters that change the direction of the text. Please type "
                "it again without copying it from elsewhere."
            ),
            code="direction_controls",
        )


def is_single_line(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea | forms.HiddenInput)


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, labelled for screen readers) and bots fill in.
    Every public form of Glas (contact, comments, subscriptions, essay entries) carries it, and
    with it the rule that single-line fields take no direction controls."""

    honeypot_message = _("Your message could not be sent. Please try again.")

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def _clean_fields(self) -> None:
        """After each field's own validation (which refuses unclosed controls already), refuse
        any direction control in the single-line fields: one message per field."""
        super()._clean_fields()
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if name != "website" and is_single_line(field) and isinstance(value, str):
                try:
                    reject_direction_controls(value)
                except ValidationError as error:
                    self.add_error(name, error)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.pop("website", ""):
            raise ValidationError(self.honeypot_message)
        return cleaned


class EmailLanguageForm(forms.ModelForm):
    """The language of the e-mails the site sends a member of staff (core.i18n.language_of): in
    the admin's account settings, and on the site for those without admin access (jurors)."""

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
