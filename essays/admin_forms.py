"""The coordinators' forms in the admin: the winners chosen from the ranking."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import reject_control_characters
from essays import results
from essays.models import RankingSettings


class WinnersForm(forms.Form):
    """A place or an honourable mention for each of the best-ranked entries, and the reason when
    the decision departs from the ranking (the rules are results.check_decision's)."""

    reason = forms.CharField(
        label=_("Reason, if the decision departs from the ranking"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        validators=[reject_control_characters],
    )

    def __init__(self, *args: Any, candidates: list[Any], places: list[int], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.ranked_pks = [item.entry.pk for item in candidates]
        choices = [
            ("", "—"),
            *((str(place), _("Place %(place)s") % {"place": place}) for place in places),
            (results.MENTION, _("Honourable mention")),
        ]
        for item in candidates:
            self.fields[f"award_{item.entry.pk}"] = forms.ChoiceField(
                label=_("Award"), choices=choices, required=False
            )

    def rows(self) -> list[dict[str, Any]]:
        return [{"item": item, "field": self[f"award_{item.entry.pk}"]} for item in self.candidates]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        choices: dict[int, Any] = {}
        for item in self.candidates:
            value = cleaned.get(f"award_{item.entry.pk}") or ""
            if value == results.MENTION:
                choices[item.entry.pk] = value
            elif value:
                choices[item.entry.pk] = int(value)
        try:
            cleaned["override"] = results.check_decision(choices, cleaned.get("reason", ""), self.ranked_pks)
        except results.DecisionError as error:
            raise ValidationError(str(error)) from None
        cleaned["choices"] = choices
        return cleaned


class PublishResultsForm(forms.Form):
    """Publishing the results; a reason is needed when something should stop it
    (results.publish_blockers): it is kept in the log."""

    reason = forms.CharField(
        label=_("Why publish now"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        validators=[reject_control_characters],
    )

    def __init__(self, *args: Any, blockers: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "publish_%s")
        super().__init__(*args, **kwargs)
        self.blockers = blockers

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.blockers and not (cleaned.get("reason") or "").strip():
            raise ValidationError(_("Say why the results are published now; the reason is kept in the log."))
        return cleaned


class RankingSettingsForm(forms.ModelForm):
    """How the ranking is computed, set beside it; every change goes to Wagtail's log."""

    class Meta:
        model = RankingSettings
        fields = ["normalisation", "min_scores_for_normalisation"]
        widgets = {"normalisation": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "ranking_%s")
        super().__init__(*args, **kwargs)
        self.fields["min_scores_for_normalisation"].widget.attrs["min"] = 2

    def clean_min_scores_for_normalisation(self) -> int:
        value = self.cleaned_data["min_scores_for_normalisation"]
        if value < 2:
            raise ValidationError(_("A juror needs at least 2 scores to be normalised."))
        return value
