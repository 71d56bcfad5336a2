"""The juror's scoring form: every criterion of the rubric on its scale, with a short comment."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import reject_control_characters

COMMENT_MAX = 2000


class ScoreForm(forms.Form):
    overall_comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[reject_control_characters],
    )

    def __init__(self, *args, criteria, scores=None, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.submitting = submitting
        scores = scores or {}
        for criterion in criteria:
            points = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                choices=[("", "—"), *((n, str(n)) for n in range(criterion.max_points + 1))],
                coerce=int,
                empty_value=None,
                required=False,
            )
            comment = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[reject_control_characters],
            )
            existing = scores.get(criterion.id)
            if existing is not None:
                points.initial = existing.points
                comment.initial = existing.comment
            self.fields[f"points_{criterion.id}"] = points
            self.fields[f"comment_{criterion.id}"] = comment

    def criterion_fields(self):
        return [(c, self[f"points_{c.id}"], self[f"comment_{c.id}"]) for c in self.criteria]

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            missing = [c for c in self.criteria if cleaned.get(f"points_{c.id}") is None]
            for criterion in missing:
                self.add_error(f"points_{criterion.id}", _("Give points for every criterion before submitting."))
            if missing:
                raise ValidationError(_("Some criteria have no points yet. You can save a draft instead."))
        return cleaned


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you cannot judge this entry"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[reject_control_characters],
        error_messages={"required": _("Please say briefly why, for the coordinator.")},
    )
