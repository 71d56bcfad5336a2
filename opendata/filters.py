"""The query parameters that narrow the lists: by language, by consultation, by date. A value
that is not valid (an unknown language, a malformed date or id) is a 400 naming the parameter."""

import datetime
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

LANGUAGE_CHOICES = [(code, code) for code, _name in settings.LANGUAGES]


class MomentField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 moment, handed to the database in UTC: PostgreSQL refuses offsets beyond
    ±15:59 that Python accepts ("+18:17"), and a moment at the edge of the calendar that has no
    UTC equivalent is refused here, as a 400, instead of failing in the database."""

    def to_python(self, value: Any) -> Any:
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("Enter a moment between the years 1 and 9999.", code="invalid") from None


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class ApiFilterSet(django_filters.FilterSet):
    """A parameter given empty (?created_after=) is an error, not a filter quietly left out: a
    client that meant to filter learns at once that it did not."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and self.data.get(name) == "":
                self.form.add_error(name, "Must not be empty: leave the parameter out instead.")
                valid = False
        return valid


class LanguageFilterSet(ApiFilterSet):
    language = django_filters.ChoiceFilter(
        field_name="locale__language_code", choices=LANGUAGE_CHOICES, help_text="Only this language's versions."
    )


class NewsFilter(LanguageFilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", help_text="Dated on or after.")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", help_text="Dated on or before.")


class EventFilter(LanguageFilterSet):
    starts_after = MomentFilter(field_name="start", lookup_expr="gte", help_text="ISO 8601.")
    starts_before = MomentFilter(field_name="start", lookup_expr="lt", help_text="ISO 8601.")


class ConsultationFilter(LanguageFilterSet):
    """Filters on the language versions; a consultation is listed when one of them matches."""

    language = django_filters.ChoiceFilter(
        field_name="locale__language_code", choices=LANGUAGE_CHOICES, help_text="Only those published in it."
    )
    phase = django_filters.ChoiceFilter(
        method="filter_phase",
        choices=[("upcoming", "upcoming"), ("open", "open"), ("closed", "closed"), ("report", "report")],
    )
    opens_after = MomentFilter(field_name="opens_at", lookup_expr="gte", help_text="ISO 8601.")
    opens_before = MomentFilter(field_name="opens_at", lookup_expr="lt", help_text="ISO 8601.")
    closes_after = MomentFilter(field_name="closes_at", lookup_expr="gte", help_text="ISO 8601.")
    closes_before = MomentFilter(field_name="closes_at", lookup_expr="lt", help_text="ISO 8601.")

    def filter_phase(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The phase as core/phases.py reads it from the dates, asked of the database."""
        now = timezone.now()
        ended = Q(closes_at__lte=now)
        reported = Q(report_published_at__isnull=False, report_published_at__lte=now)
        return queryset.filter(
            {
                "upcoming": Q(opens_at__gt=now),
                "open": Q(opens_at__lte=now, closes_at__gt=now),
                "closed": ended & ~reported,
                "report": ended & reported,
            }[value]
        )


class CommentFilter(ApiFilterSet):
    consultation = django_filters.UUIDFilter(field_name="consultation_key", help_text="A consultation's id.")
    language = django_filters.ChoiceFilter(choices=LANGUAGE_CHOICES, help_text="Written in this language.")
    created_after = MomentFilter(
        field_name="created_at", lookup_expr="gte", help_text="Written at or after (ISO 8601)."
    )
    created_before = MomentFilter(field_name="created_at", lookup_expr="lt", help_text="Written before (ISO 8601).")


class AnswerFilter(CommentFilter):
    answered_after = MomentFilter(
        field_name="responded_at", lookup_expr="gte", help_text="Answered at or after (ISO 8601)."
    )
    answered_before = MomentFilter(
        field_name="responded_at", lookup_expr="lt", help_text="Answered before (ISO 8601)."
    )
