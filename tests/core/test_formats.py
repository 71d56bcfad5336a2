"""Dates, times and numbers as a native reader of each site language expects them (core/formats/,
core/templatetags/glas_dates.py): day-month-year without a leading zero, the month in lower case,
24-hour times, ranges that do not repeat the month or the year, grouped numbers."""

import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, timezone, translation

from core.templatetags.glas_dates import before_full_stop, date_range

SKOPJE = ZoneInfo("Europe/Skopje")
NBSP = "\u00a0"


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SKOPJE)


def render(source: str, **context) -> str:
    return Template("{% load glas_dates %}" + source).render(Context(context))


DATES = {
    "en": ("13 December 2026", "13 December 2026, 17:00", "17:00"),
    "mk": ("13 декември 2026", "13 декември 2026, 17:00", "17:00"),
    "sq": ("13 dhjetor 2026", f"13 dhjetor 2026, ora{NBSP}17:00", "17:00"),
    "bg": (f"13 декември 2026{NBSP}г.", f"13 декември 2026{NBSP}г., 17:00{NBSP}ч.", f"17:00{NBSP}ч."),
}


@pytest.mark.parametrize("language", DATES)
def test_dates_and_times_in_each_language(language):
    moment = at(2026, 12, 13, 17, 0)
    date_text, datetime_text, time_text = DATES[language]
    with translation.override(language), timezone.override(SKOPJE):
        assert formats.date_format(moment, "DATE_FORMAT") == date_text
        assert formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") == datetime_text
        assert formats.time_format(moment, "TIME_FORMAT") == time_text
        # The same moment in UTC, shown in Skopje's time by the template filter.
        utc = moment.astimezone(datetime.UTC)
        assert render('{{ when|date:"DATETIME_FORMAT" }}', when=utc) == datetime_text


@pytest.mark.parametrize(
    ("language", "day"),
    [("en", "2 October 2026"), ("mk", "2 октомври 2026"), ("sq", "2 tetor 2026"), ("bg", f"2 октомври 2026{NBSP}г.")],
)
def test_no_leading_zero_on_the_day(language, day):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 10, 2), "DATE_FORMAT") == day


@pytest.mark.parametrize(
    ("language", "short", "month_day", "year_month"),
    [
        ("en", "13/12/2026", "13 December", "December 2026"),
        ("mk", "13.12.2026", "13 декември", "декември 2026"),
        ("sq", "13.12.2026", "13 dhjetor", "dhjetor 2026"),
        ("bg", f"13.12.2026{NBSP}г.", "13 декември", f"декември 2026{NBSP}г."),
    ],
)
def test_short_and_partial_dates(language, short, month_day, year_month):
    day = datetime.date(2026, 12, 13)
    with translation.override(language):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == short
        assert formats.date_format(day, "MONTH_DAY_FORMAT") == month_day
        assert formats.date_format(day, "YEAR_MONTH_FORMAT") == year_month
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


RANGES = {
    "en": (
        "24 – 30 November 2026",
        "24 November – 15 December 2026",
        "24 November 2026 – 15 January 2027",
        "13 December 2026, 17:00–19:00",
    ),
    "mk": (
        "24 – 30 ноември 2026",
        "24 ноември – 15 декември 2026",
        "24 ноември 2026 – 15 јануари 2027",
        "13 декември 2026, 17:00–19:00",
    ),
    "sq": (
        "24 – 30 nëntor 2026",
        "24 nëntor – 15 dhjetor 2026",
        "24 nëntor 2026 – 15 janar 2027",
        f"13 dhjetor 2026, ora{NBSP}17:00–19:00",
    ),
    "bg": (
        f"24 – 30 ноември 2026{NBSP}г.",
        f"24 ноември – 15 декември 2026{NBSP}г.",
        f"24 ноември 2026{NBSP}г. – 15 януари 2027{NBSP}г.",
        f"13 декември 2026{NBSP}г., 17:00–19:00{NBSP}ч.",
    ),
}


@pytest.mark.parametrize("language", RANGES)
def test_date_ranges_do_not_repeat_what_both_ends_share(language):
    same_month, other_month, other_year, same_day = RANGES[language]
    with translation.override(language), timezone.override(SKOPJE):
        assert date_range(datetime.date(2026, 11, 24), datetime.date(2026, 11, 30)) == same_month
        assert date_range(datetime.date(2026, 11, 24), datetime.date(2026, 12, 15)) == other_month
        assert date_range(datetime.date(2026, 11, 24), datetime.date(2027, 1, 15)) == other_year
        assert date_range(at(2026, 12, 13, 17, 0), at(2026, 12, 13, 19, 0)) == same_day
        # Given in UTC, shown in the current time zone.
        start, end = at(2026, 12, 13, 17, 0).astimezone(datetime.UTC), at(2026, 12, 13, 19, 0).astimezone(datetime.UTC)
        assert date_range(start, end) == same_day


def test_date_range_of_datetimes_on_different_days_shows_both_times():
    with translation.override("mk"), timezone.override(SKOPJE):
        assert date_range(at(2026, 12, 13, 17, 0), at(2026, 12, 14, 19, 0)) == (
            "13 декември 2026, 17:00 – 14 декември 2026, 19:00"
        )


def test_date_range_without_the_opening_time_shows_the_closing_time_only():
    opens, closes = at(2026, 11, 24, 0, 0), at(2026, 11, 30, 23, 59)
    with translation.override("bg"), timezone.override(SKOPJE):
        assert date_range(opens, closes, start_time=False) == f"24 – 30 ноември 2026{NBSP}г., 23:59{NBSP}ч."
    with translation.override("sq"), timezone.override(SKOPJE):
        assert date_range(opens, at(2027, 1, 15, 23, 59), start_time=False) == (
            f"24 nëntor 2026 – 15 janar 2027, ora{NBSP}23:59"
        )


def test_date_range_with_one_end_or_none():
    with translation.override("mk"), timezone.override(SKOPJE):
        assert date_range(datetime.date(2026, 4, 1), None) == "1 април 2026"
        assert date_range(datetime.date(2026, 4, 1), datetime.date(2026, 4, 1)) == "1 април 2026"
        assert date_range(at(2026, 12, 13, 17, 0), at(2026, 12, 13, 17, 0)) == "13 декември 2026, 17:00"
        assert date_range(None, None) == ""


def test_date_range_marks_up_both_ends_as_time_elements():
    with translation.override("mk"), timezone.override(SKOPJE):
        html = render(
            "{% date_range start end html=True %}", start=at(2026, 12, 13, 16, 0).astimezone(datetime.UTC), end=None
        )
        assert html == '<time datetime="2026-12-13T16:00:00+01:00">13 декември 2026, 16:00</time>'
        html = render(
            "{% date_range start end html=True %}", start=at(2026, 12, 13, 17, 0), end=at(2026, 12, 13, 19, 0)
        )
        assert html == (
            '<time datetime="2026-12-13T17:00:00+01:00">13 декември 2026, 17:00</time>'
            '–<time datetime="2026-12-13T19:00:00+01:00">19:00</time>'
        )


def test_the_templates_show_ranges_with_the_tag():
    project = SimpleNamespace(start_date=datetime.date(2026, 4, 1), end_date=datetime.date(2026, 4, 30))
    event = SimpleNamespace(start=at(2026, 12, 13, 17, 0), end=at(2026, 12, 13, 19, 0), time_zone="Europe/Skopje")
    consultation = SimpleNamespace(
        opens_at=at(2026, 4, 1, 9, 0), closes_at=at(2026, 4, 30, 23, 59), time_zone="Europe/Skopje"
    )
    with translation.override("mk"):
        period = Template('{% include "home/includes/project_period.html" %}').render(Context({"project": project}))
        assert ">1</time> – <time" in period and ">30 април 2026</time>" in period
        times = Template('{% include "home/includes/event_time.html" %}').render(Context({"event": event}))
        assert ">13 декември 2026, 17:00</time>–<time" in times and ">19:00</time>" in times
        dates = Template('{% include "consultations/includes/dates.html" %}').render(
            Context({"consultation": consultation})
        )
        assert ">1</time> – <time" in dates and ">30 април 2026, 23:59</time>" in dates


def test_a_date_ending_a_sentence_gives_one_full_stop():
    deadline = at(2027, 1, 15, 23, 59)
    source = (
        '{% load i18n %}{% blocktranslate with deadline=when|date:"DATETIME_FORMAT"|before_full_stop %}'
        "You can change it until {{ deadline }}.{% endblocktranslate %}"
    )
    with translation.override("bg"), timezone.override(SKOPJE):
        assert render(source, when=deadline) == f"Можете да го променяте до 15 януари 2027{NBSP}г., 23:59{NBSP}ч."
    with translation.override("sq"), timezone.override(SKOPJE):
        assert render(source, when=deadline) == f"Mund ta ndryshoni deri më 15 janar 2027, ora{NBSP}23:59."
    assert before_full_stop("17:00") == "17:00"


@pytest.mark.parametrize(
    ("language", "grouped", "decimal"),
    [
        ("en", "3,244,900", "1234.50"),
        ("mk", "3.244.900", "1234,50"),
        ("sq", f"3{NBSP}244{NBSP}900", "1234,50"),
        ("bg", f"3{NBSP}244{NBSP}900", "1234,50"),
    ],
)
def test_numbers_are_grouped_where_asked(language, grouped, decimal):
    with translation.override(language):
        assert formats.number_format(3244900, 0, force_grouping=True) == grouped
        assert formats.number_format(Decimal("1234.5"), 2) == decimal
        # The project page's budget.
        assert render('{{ budget|floatformat:"0g" }}', budget=Decimal("3244900.00")) == grouped


@pytest.mark.parametrize("language", ["en", "mk", "sq", "bg"])
def test_date_inputs_keep_iso_and_read_the_local_form(language):
    with translation.override(language):
        assert forms.DateInput().format_value(datetime.date(2026, 12, 13)) == "2026-12-13"
        assert forms.DateField().clean("2026-12-13") == datetime.date(2026, 12, 13)
        local = "13/12/2026" if language == "en" else "13.12.2026"
        assert forms.DateField().clean(local) == datetime.date(2026, 12, 13)
