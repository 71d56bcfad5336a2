"""A model field holding a few codes from a fixed list (languages, file types), stored as a
comma-separated string so that it works the same on SQLite and PostgreSQL and serialises
(revisions, translations) as a plain string."""

from django import forms
from django.db import models


def codes(value):
    """The list of codes in a stored value (a comma-separated string) or a list of codes."""
    if isinstance(value, list | tuple):
        return [str(code) for code in value if code]
    return [code.strip() for code in (value or "").split(",") if code.strip()]


class CodeListFormField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return codes(value)

    def has_changed(self, initial, data):
        return codes(initial) != codes(data)

    def clean(self, value):
        return ",".join(super().clean(value))


class CodeListField(models.CharField):
    def __init__(self, *args, codes=(), **kwargs):
        self.codes = list(codes)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("codes", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return CodeListFormField(
            choices=self.codes, required=not self.blank, label=self.verbose_name, help_text=self.help_text
        )

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return ",".join(codes(value))
        return super().to_python(value)
