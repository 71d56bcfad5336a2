"""The student's entry form: who they are, the guardian's consent for minors, the essay as text
and/or a file, and the declarations. Everything is checked on the server."""

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import tokens
from core.forms import HoneypotMixin, reject_control_characters
from core.storage import private_storage
from core.uploads import PendingUploads, TooLargeUpload
from essays import rules
from essays import text as essay_text
from essays.choices import ESSAY_LANGUAGES, FILE_TYPES
from essays.models import Entry
from essays.models.entries import age_on

UPLOAD_SALT = "glas.essays.pending-upload"
PENDING_PREFIX = "essays/pending/"
pending_uploads = PendingUploads(private_storage, PENDING_PREFIX)


class EntryForm(HoneypotMixin, forms.ModelForm):
    guardian_consent = forms.BooleanField(
        label=_("I am the student's parent or guardian, or I have their agreement to enter this competition."),
        required=False,
    )
    file = forms.FileField(label=_("Essay as a file"), required=False, widget=forms.FileInput)
    pending_upload = forms.CharField(required=False, widget=forms.HiddenInput)
    # A one-time token of this form: a second post of it (a double click) finds the entry the
    # first one made (essays/entries.py) instead of making another.
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    originality = forms.BooleanField(
        label=_("I wrote this essay myself, it has not been published and it is not copied from anyone."),
        error_messages={"required": _("Please confirm that the essay is your own work.")},
    )
    privacy = forms.BooleanField(
        error_messages={"required": _("Please agree to the privacy notice, or we cannot accept the entry.")},
    )
    publish_name = forms.BooleanField(
        label=_(
            "If my essay wins a prize or a mention, my name and school may be published. "
            "Otherwise it is shown only under its entry code."
        ),
        required=False,
    )
    confirm_anonymity = forms.BooleanField(
        label=_("I have checked: the jury will not be able to tell from the essay who I am. Send it as it is."),
        required=False,
    )
    honeypot_message = _("Your entry could not be sent. Please try again.")

    class Meta:
        model = Entry
        fields = [
            "name",
            "email",
            "birth_date",
            "school",
            "grade",
            "municipality",
            "guardian_name",
            "guardian_email",
            "title",
            "language",
            "text",
        ]
        labels = {
            "name": _("Your name and surname"),
            "email": _("Your e-mail address"),
            "birth_date": _("Date of birth"),
            "school": _("School"),
            "grade": _("Grade (year)"),
            "municipality": _("Municipality"),
            "guardian_name": _("Parent's or guardian's name"),
            "guardian_email": _("Parent's or guardian's e-mail address"),
            "title": _("Title of the essay"),
            "language": _("Language of the essay"),
            "text": _("Your essay"),
        }
        help_texts = {
            "email": _("We send the receipt and the link to edit your entry here."),
            "guardian_email": _("Students under 18 need the consent of a parent or guardian: we write to them."),
            "text": _("Type or paste the essay here, or upload it as a file below."),
        }
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 16}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "guardian_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.needs_anonymity_check = False
        self.mentions = []
        self.kept_upload_name = ""
        languages = dict(ESSAY_LANGUAGES)
        self.fields["language"].choices = [
            ("", "—"),
            *((c, languages[c]) for c in page.language_codes() if c in languages),
        ]
        self.fields["privacy"].label = _("I have read the privacy notice (version %(version)s) and agree to it.") % {
            "version": page.consent_version
        }
        file_types = page.file_types()
        if file_types:
            names = ", ".join(label for code, label in FILE_TYPES if code in file_types)
            self.fields["file"].help_text = _("%(types)s, at most %(size)d MB.") % {
                "types": names,
                "size": page.max_file_mb,
            }
            self.fields["file"].widget.attrs["accept"] = ",".join(f".{code}" for code in file_types)
        else:
            del self.fields["file"]
            del self.fields["pending_upload"]
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and name not in ("pending_upload", "form_token", "website"):
                field.validators.append(reject_control_characters)
        self.fields["text"].help_text = _(
            "Type or paste the essay here (%(min)d to %(max)d words), or upload it as a file below."
        ) % {"min": page.min_words, "max": page.max_words}
        if self.instance.pk:
            del self.fields["form_token"]
        elif not self.is_bound:
            self.fields["form_token"].initial = tokens.new_token()
        if self.instance.pk:
            self.fields["originality"].initial = True
            self.fields["privacy"].initial = True
            self.fields["publish_name"].initial = self.instance.publish_name
            self.fields["guardian_consent"].initial = bool(self.instance.guardian_name)

    # The file -------------------------------------------------------------------------------

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        limit_mb = min(self.page.max_file_mb, settings.GLAS_MAX_UPLOAD_MB)
        if upload.size > limit_mb * 1024 * 1024 or isinstance(upload, TooLargeUpload):
            raise ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit)d MB.")
                % {"size": upload.size / 1024 / 1024, "limit": limit_mb}
            )
        head = upload.read(8)
        upload.seek(0)
        detected = essay_text.detect_type(head, upload)
        upload.seek(0)
        if detected not in self.page.file_types():
            names = ", ".join(label for code, label in FILE_TYPES if code in self.page.file_types())
            raise ValidationError(
                _("This file is not a %(types)s document (we look at its content, not its name).") % {"types": names}
            )
        try:
            extracted = essay_text.extract_text(upload, detected)
        except essay_text.TooMuchToRead as error:
            raise ValidationError(too_much_message(error)) from None
        except essay_text.UnreadableFile:
            raise ValidationError(
                _("We could not read the text of this file. Save it again, or paste the text in the box above.")
            ) from None
        upload.seek(0)
        self.file_type = detected
        self.file_text = extracted
        return upload

    def _kept_upload(self):
        """A file uploaded with an earlier attempt that had errors, kept so the student need not
        upload it again: (storage name, original name, type, text) or None."""
        signed = self.data.get(self.add_prefix("pending_upload"), "")
        if not signed:
            return None
        try:
            kept = signing.loads(signed, salt=UPLOAD_SALT, max_age=24 * 3600)
        except signing.BadSignature:
            return None
        if not private_storage().exists(kept["name"]):
            return None
        return kept

    def keep_upload(self, request):
        """After a failed attempt, store a good upload privately and remember it in the form. The
        file it replaces goes; the visitor's pending files are bounded (core/uploads.py)."""
        upload = self.cleaned_data.get("file") if hasattr(self, "cleaned_data") else None
        if not upload or "file" in self.errors:
            return
        replaced = self._kept_upload()
        upload.seek(0)
        name = pending_uploads.keep(request, upload.read(), upload.name[-60:])
        if replaced and replaced["name"] != name:
            pending_uploads.release(replaced["name"])
        signed = signing.dumps(
            {"name": name, "original": upload.name, "type": self.file_type, "text": self.file_text}, salt=UPLOAD_SALT
        )
        data = self.data.copy()
        data[self.add_prefix("pending_upload")] = signed
        self.data = data
        self.kept_upload_name = upload.name

    # The whole entry ------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        page = self.page
        upload = cleaned.get("file")
        kept = self._kept_upload() if "file" in self.fields and not upload else None
        if kept:
            self.kept, self.kept_upload_name = kept, kept["original"]
            self.file_type, self.file_text = kept["type"], kept["text"]
        typed = (cleaned.get("text") or "").strip()
        if typed:
            essay = typed
        elif upload or kept:
            essay = self.file_text
        else:
            essay = self.instance.file_text if self.instance.file else ""
        if not essay:
            if upload or kept:
                self.add_error("file", _("This file contains no text we can read. Please paste the text instead."))
            elif "file" not in self.errors:
                self.add_error("text", _("Please type your essay here or upload it as a file."))
        else:
            words = essay_text.count_words(essay)
            cleaned["word_count"] = words
            if words < page.min_words or words > page.max_words:
                message = ngettext(
                    "The essay has %(count)d word; it must have between %(min)d and %(max)d.",
                    "The essay has %(count)d words; it must have between %(min)d and %(max)d.",
                    words,
                ) % {"count": words, "min": page.min_words, "max": page.max_words}
                self.add_error("text" if typed or "file" not in self.fields else "file", message)
        birth_date = cleaned.get("birth_date")
        if birth_date:
            today = timezone.localdate()
            age = age_on(birth_date, today)
            if birth_date > today or age < 5:
                self.add_error("birth_date", _("Please check the date of birth."))
            elif page.min_age and age < page.min_age or page.max_age and age > page.max_age:
                self.add_error(
                    "birth_date",
                    _("This competition is for students aged %(min)s to %(max)s.")
                    % {"min": page.min_age or "—", "max": page.max_age or "—"},
                )
            elif age < rules.ADULT_AGE:
                for name in ("guardian_name", "guardian_email"):
                    if not cleaned.get(name):
                        self.add_error(name, _("Students under 18 need a parent's or guardian's consent."))
                if not cleaned.get("guardian_consent"):
                    self.add_error("guardian_consent", _("Students under 18 need a parent's or guardian's consent."))
                if (
                    cleaned.get("guardian_email")
                    and cleaned.get("guardian_email", "").lower() == (cleaned.get("email") or "").lower()
                ):
                    self.add_error("guardian_email", _("The guardian's address must be different from yours."))
        if not self.errors and essay:
            self.mentions = essay_text.mentions(essay, cleaned.get("name"), cleaned.get("school"))
            if self.mentions and not cleaned.get("confirm_anonymity"):
                self.needs_anonymity_check = True
                raise ValidationError(
                    _(
                        "Your essay mentions %(words)s. The jury must not be able to tell who wrote it: please "
                        "remove it, or tick the box below if it is meant to be there."
                    )
                    % {"words": ", ".join(f"“{m}”" for m in self.mentions)},
                    code="anonymity",
                )
        return cleaned

    def save(self, commit=True):
        entry = super().save(commit=False)
        cleaned = self.cleaned_data
        entry.word_count = cleaned["word_count"]
        entry.publish_name = cleaned.get("publish_name", False)
        entry.consent_version = self.page.consent_version
        now = timezone.now()
        entry.originality_declared_at = now
        entry.privacy_consent_at = now
        upload = cleaned.get("file")
        if upload:
            entry.file = upload
            entry.file_type, entry.file_text = self.file_type, self.file_text
        elif getattr(self, "kept", None):
            with private_storage().open(self.kept["name"]) as handle:
                entry.file.save(self.kept["original"], ContentFile(handle.read()), save=False)
            pending_uploads.release(self.kept["name"])
            entry.file_type, entry.file_text = self.kept["type"], self.kept["text"]
        if commit:
            entry.save()
        return entry


def too_much_message(error):
    """What the student reads when a file holds more than the site reads (essays/text.py)."""
    if error.limit == "characters":
        return _(
            "This file holds far more text than an essay (more than %(count)s characters). "
            "Please upload the essay alone, or paste its text in the box above."
        ) % {"count": f"{essay_text.MAX_CHARACTERS:,}".replace(",", " ")}
    if error.limit == "time":
        return _("This file takes too long to read. Save it again in a simpler form, or paste the text above.")
    return _(
        "This file unpacks to more than %(size)d MB, far more than an essay needs. "
        "Save it again without pictures or embedded objects, or paste the text above."
    ) % {"size": essay_text.MAX_XML_BYTES // (1024 * 1024)}


class GuardianConsentForm(forms.Form):
    """The parent's or guardian's consent, given from the e-mailed link."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the student takes part in the competition and that their data is processed as the "
            "privacy notice says."
        ),
        error_messages={"required": _("Please tick the box to give your consent.")},
    )
