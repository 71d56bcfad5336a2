"""Forms of the public site: the contact form (built by Wagtail's form builder) and search."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from core.forms import HoneypotMixin, reject_control_characters

SINGLE_LINE_MAX = 200
MULTI_LINE_MAX = 5000


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
