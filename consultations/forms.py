"""Forms of consultations: a citizen's comment, the report subscription, and the admin's forms
for moderators (rejection reason, comments entered by staff, official responses)."""

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from consultations.choices import RejectionReason, Stance, Status
from consultations.drafts import find_paragraph, plain_text, take_snapshot
from consultations.models import Comment, ConsultationPage
from core import tokens
from core.forms import HoneypotMixin, reject_control_characters

NAME_MAX = 100
PLACE_MAX = 100
ORGANISATION_MAX = 200
TEXT_MIN = 10


class FirstChoiceRadioSelect(forms.RadioSelect):
    """Radio buttons whose group points at its first button (Django points it at nothing), so
    that the error summary's link (templates/includes/error_summary.html) reaches the choice."""

    def id_for_label(self, id_, index="0"):
        return forms.widgets.ChoiceWidget.id_for_label(self, id_, index)


OTHER_MUNICIPALITY = "other"


class MunicipalityWidget(forms.Select):
    """The consultation's municipalities to choose from, "Other", and a box to write another:
    one field, so that the comment form's template shows it as it showed the free text."""

    template_name = "consultations/widgets/municipality.html"

    def __init__(self, *args, other_label="", other_max_length=PLACE_MAX, **kwargs):
        super().__init__(*args, **kwargs)
        self.other_label = other_label
        self.other_max_length = other_max_length

    def value_from_datadict(self, data, files, name):
        return (data.get(name, ""), data.get(f"{name}_other", ""))

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_other" not in data

    def get_context(self, name, value, attrs):
        choice, other = value if isinstance(value, tuple | list) else (value or "", "")
        context = super().get_context(name, choice, attrs)
        context["widget"].update(
            other_label=self.other_label,
            other_max_length=self.other_max_length,
            other_value=other,
            invalid="is-invalid" in str(context["widget"]["attrs"].get("class", "")),
        )
        return context


class MunicipalityField(forms.Field):
    """Cleans to (chosen municipality's pk or None, the name written for "Other")."""

    def __init__(self, options, **kwargs):
        other_label = _("If it is not on the list, write it here")
        kwargs.setdefault("widget", MunicipalityWidget(other_label=other_label))
        super().__init__(**kwargs)
        self.options = {str(pk): name for pk, name in options}
        self.widget.choices = [("", "—"), *self.options.items(), (OTHER_MUNICIPALITY, _("Other (write it below)"))]

    def clean(self, value):
        choice, other = value if isinstance(value, tuple | list) else ("", value or "")
        choice, other = str(choice or ""), " ".join(str(other or "").split())
        if choice and choice != OTHER_MUNICIPALITY and choice not in self.options:
            raise ValidationError(_("Please choose a municipality from the list, or “Other”."))
        if len(other) > PLACE_MAX:
            raise ValidationError(
                _("Please keep this to %(limit_value)d characters (it has %(show_value)d).")
                % {"limit_value": PLACE_MAX, "show_value": len(other)}
            )
        reject_control_characters(other)
        if choice in self.options:
            return (int(choice), "")
        return (None, other)


class CommentForm(HoneypotMixin, forms.ModelForm):
    paragraph = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # One key per rendered form: a double click (or a resent POST) stores one comment and sends
    # one e-mail (consultations/comments.py already_sent).
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    anonymous = forms.BooleanField(
        label=_("Publish my comment as “Anonymous”"),
        required=False,
        help_text=_("Your name is then known only to the moderators."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my comment, and my name unless I chose to stay anonymous, are published on this "
            "site and in the consultation report. My e-mail address is used only to confirm the comment and "
            "is never published."
        ),
        error_messages={"required": _("Please agree to the publication of your comment, or we cannot accept it.")},
    )

    class Meta:
        model = Comment
        fields = ["stance", "text", "proposed_wording", "author_name", "email", "organisation", "municipality"]
        labels = {
            "stance": _("Your position"),
            "text": _("Your comment"),
            "proposed_wording": _("Proposed wording (optional)"),
            "author_name": _("Your name"),
            "email": _("Your e-mail address"),
            "organisation": _("Organisation or business (optional)"),
            "municipality": _("Municipality where you live or work (optional)"),
        }
        help_texts = {
            "proposed_wording": _("If you would write the paragraph differently, give your version here."),
            "email": _("We send you a link to confirm your comment. Your address is never shown."),
        }
        widgets = {
            "stance": FirstChoiceRadioSelect,
            "text": forms.Textarea(attrs={"rows": 6}),
            "proposed_wording": forms.Textarea(attrs={"rows": 4}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "author_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        error_messages = {
            "stance": {
                "required": _("Please choose whether you support, oppose, suggest a change or ask a question.")
            },
            "text": {"required": _("Please write your comment.")},
            "email": {"required": _("Please give your e-mail address so that you can confirm the comment.")},
        }

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["form_token"].initial = tokens.new_token()
        self.page = page
        self.paragraph = None
        self.parent = None
        self.fields["stance"].choices = Stance.choices
        self.fields["email"].required = True
        max_length = settings.GLAS_COMMENT_MAX_LENGTH
        limits = {
            "text": max_length,
            "proposed_wording": max_length,
            "author_name": NAME_MAX,
            "organisation": ORGANISATION_MAX,
            "municipality": PLACE_MAX,
        }
        for name, limit in limits.items():
            field = self.fields[name]
            field.max_length = limit
            if isinstance(field.widget, forms.Textarea):
                # No maxlength on the long texts: a browser would silently cut what is pasted
                # over it. The server's message says how long it is; static/js/site.js counts.
                field.widget.attrs.pop("maxlength", None)
                field.widget.attrs["data-glas-maxlength"] = limit
            else:
                field.widget.attrs["maxlength"] = limit
            field.validators = [v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)] + [
                validators.MaxLengthValidator(
                    limit, message=_("Please keep this to %(limit_value)d characters (it has %(show_value)d).")
                ),
                reject_control_characters,
            ]
        self.fields["text"].validators.append(self.min_length)
        self._offer_municipalities()

    def _offer_municipalities(self):
        """Where the consultation lists municipalities, the commenter chooses one (or "Other"
        and writes it); otherwise the municipality stays free text."""
        self.chosen_municipality = None
        options = self.page.municipality_options()
        if options:
            field = self.fields["municipality"]
            self.fields["municipality"] = MunicipalityField(options, label=field.label, required=False)

    def clean_municipality(self):
        value = self.cleaned_data.get("municipality")
        if isinstance(value, tuple):
            self.chosen_municipality, value = value
        return value or ""

    @staticmethod
    def min_length(value):
        if len(value.strip()) < TEXT_MIN:
            raise ValidationError(_("Please write at least %(count)d characters.") % {"count": TEXT_MIN})

    def clean_paragraph(self):
        block_id = self.cleaned_data.get("paragraph", "")
        if block_id:
            section, paragraph = find_paragraph(self.page, block_id)
            if paragraph is None:
                raise ValidationError(_("This paragraph is no longer in the draft. Please choose another one."))
            self.paragraph = paragraph
        return block_id

    def clean_reply_to(self):
        pk = self.cleaned_data.get("reply_to")
        if pk:
            self.parent = Comment.objects.for_consultation(self.page).published().filter(pk=pk, parent=None).first()
            if self.parent is None:
                raise ValidationError(_("The comment you are replying to is not available."))
        return pk

    def clean(self):
        cleaned = super().clean()
        name_refused = "author_name" in self.errors  # its own check said why already
        if not name_refused and not cleaned.get("anonymous") and not (cleaned.get("author_name") or "").strip():
            self.add_error("author_name", _("Please give your name, or choose to publish your comment anonymously."))
        if self.parent is not None:
            cleaned["paragraph"] = self.parent.paragraph_id
        return cleaned

    def save(self, commit=False):
        comment = super().save(commit=False)
        comment.show_name = not self.cleaned_data.get("anonymous")
        comment.paragraph_id = self.cleaned_data.get("paragraph", "")
        comment.parent = self.parent
        comment.municipality_choice_id = self.chosen_municipality
        return comment


class SubscribeForm(HoneypotMixin):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={"required": _("Please give your e-mail address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my address is kept until the report is published and used only to tell me about it."),
        error_messages={"required": _("Please agree, or we cannot write to you.")},
    )


class EmailCorrectionForm(forms.Form):
    """The "check your e-mail" page: the address of a still unconfirmed comment, typed again."""

    email = forms.EmailField(
        label=_("The correct e-mail address"),
        max_length=254,
        error_messages={"required": _("Please give your e-mail address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class MyCommentsForm(HoneypotMixin):
    """Asking for the link to one's own comments."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={"required": _("Please give the e-mail address you commented with.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectionReason.choices)


# What the author wrote and where: set when the comment is made (online by the citizen, or typed
# in by staff from a letter or a meeting), then never changed by a moderator.
AUTHORS_FIELDS = [
    "consultation",
    "paragraph_choice",
    "stance",
    "text",
    "proposed_wording",
    "author_name",
    "show_name",
    "organisation",
    "municipality_choice",
    "municipality",
    "language",
    "channel",
    "created_at",
]


AUTHORS_MODEL_FIELDS = [name for name in AUTHORS_FIELDS if name != "paragraph_choice"] + ["paragraph_id"]


class CommentAdminForm(WagtailAdminModelForm):
    """The moderators' form: staff-entered comments from other channels and official responses.

    The paragraph is chosen by its number in the current draft and stored as its block id. Once a
    comment exists, what its author wrote is shown but cannot be changed: moderators approve,
    reject or mark it as spam, and answer it."""

    paragraph_choice = forms.TypedChoiceField(label=_("Paragraph"), required=False, coerce=str)
    response_paragraph_choice = forms.TypedChoiceField(
        label=_("Changed paragraph in the new version"), required=False, coerce=str
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self._consultation()
        choices = [("", _("The whole draft"))]
        if page is not None:
            for section in page.sections():
                for paragraph in section.paragraphs:
                    label = f"{paragraph.number}. {plain_text(paragraph.text)[:80]}"
                    choices.append((paragraph.block_id, label))
        self.fields["paragraph_choice"].choices = choices
        self.fields["paragraph_choice"].initial = self.instance.paragraph_id
        self.fields["response_paragraph_choice"].choices = [("", "—"), *choices[1:]]
        self.fields["response_paragraph_choice"].initial = self.instance.response_paragraph_id
        if page is None:
            self.fields["paragraph_choice"].help_text = _(
                "Choose the consultation and save; the paragraphs can then be chosen."
            )
        if "municipality_choice" in self.fields:
            offered = [pk for pk, _name in page.municipality_options()] if page is not None else []
            field = self.fields["municipality_choice"]
            field.queryset = field.queryset.filter(pk__in=offered)
            field.help_text = _("From the consultation's list; otherwise write the municipality in the next box.")
        if "language" in self.fields:
            self.fields["language"] = forms.ChoiceField(
                label=self.fields["language"].label, choices=settings.LANGUAGES, initial=self.initial.get("language")
            )
        if "status" in self.fields and self.instance.pk is None:
            self.fields["status"].initial = Status.PUBLISHED
        # As stored: a disabled field's value goes through its widget (which drops the seconds).
        existing = self.instance.pk is not None
        self.as_written = {name: getattr(self.instance, name) for name in AUTHORS_MODEL_FIELDS} if existing else {}
        if self.instance.pk is not None:
            for name in AUTHORS_FIELDS:
                if name in self.fields:
                    # A disabled field keeps its stored value whatever a request sends.
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Written by the author: moderators cannot change it.")

    def _consultation(self):
        """The consultation whose paragraphs to offer: the comment's, or the one chosen in the
        form (or preset by the "Enter a comment received offline" link)."""
        if self.instance.consultation_id:
            return self.instance.consultation
        chosen = self.data.get("consultation") if self.is_bound else self.initial.get("consultation")
        if chosen and str(chosen).isdigit():
            return ConsultationPage.objects.filter(pk=chosen).first()
        return None

    def save(self, commit=True):
        comment = super().save(commit=False)
        for name, value in self.as_written.items():
            setattr(comment, name, value)
        comment.consultation_key = comment.consultation.translation_key  # the consultation may have changed
        paragraph_id = self.cleaned_data.get("paragraph_choice") or ""
        if paragraph_id != comment.paragraph_id or not comment.paragraph_text:
            comment.paragraph_id = paragraph_id
            take_snapshot(comment, comment.consultation)
        comment.response_paragraph_id = self.cleaned_data.get("response_paragraph_choice") or ""
        if not comment.language:
            comment.language = comment.consultation.locale.language_code
        if commit:
            comment.save()
        return comment
