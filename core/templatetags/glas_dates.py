"""Dates in running text: ranges that do not repeat the month or the year, and a date at the end
of a sentence.

    {% load glas_dates %}
    {% date_range project.start_date project.end_date html=True %}
      24 – 30 ноември 2026 · 24 ноември – 15 декември 2026 · 24 ноември 2026 – 15 јануари 2027
    {% date_range event.start event.end html=True %}
      13 декември 2026, 17:00–19:00
    {% date_range consultation.opens_at consultation.closes_at start_time=False %}
      24 ноември – 15 декември 2026, 23:59

The ranges are built from the active language's formats (core/formats/), so bg gives
"24 – 30 ноември 2026 г." and "13 декември 2026 г., 17:00–19:00 ч.": the start is written with
the day (and month) part of MONTH_DAY_FORMAT when DATE_FORMAT begins with it, the end in full.
A language whose formats do not begin with the day gets both ends in full.
"""

import datetime
import re
from typing import NamedTuple

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.html import format_html

register = template.Library()

# Between two dates, or a date and a date with a time, an en dash with spaces; between two
# times of one day, which are single words, an en dash without them. So in every site language.
DATE_RANGE_DASH = " – "
TIME_RANGE_DASH = "–"

# Format characters of a time of day and of the month (django.utils.dateformat), unescaped.
_TIME_CHARS = re.compile(r"(?<!\\)[aAfgGhHiPsu]")
_MONTH_CHARS = re.compile(r"(?<!\\)[bEFmMnN]")
_DAY_CHARS = "dj"


def _local(value: datetime.date) -> datetime.date:
    """A datetime in the current time zone; a date as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _day(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _start_format(start: datetime.date, end: datetime.date) -> str:
    """The format of a range's start when its end is written in full: only what differs."""
    date_format = get_format("DATE_FORMAT")
    month_day = get_format("MONTH_DAY_FORMAT")
    if start.year != end.year or not month_day.startswith(tuple(_DAY_CHARS)):
        return date_format
    if not date_format.startswith(month_day):
        return date_format
    if start.month != end.month:
        return month_day
    month = _MONTH_CHARS.search(month_day)
    return month_day[: month.start()].rstrip() if month else month_day


def _same_day(start: datetime.datetime, end: datetime.datetime) -> tuple[str, str, str]:
    """One day, two times: "13 декември 2026, 17:00" "–" "19:00"."""
    datetime_format = get_format("DATETIME_FORMAT")
    times = list(_TIME_CHARS.finditer(datetime_format))
    if not times:
        return format_date(start, datetime_format), DATE_RANGE_DASH, format_date(end, get_format("TIME_FORMAT"))
    clock_start, clock_end = times[0].start(), times[-1].end()
    return (
        format_date(start, datetime_format[:clock_end]),
        TIME_RANGE_DASH,
        format_date(end, datetime_format[clock_start:]),
    )


class Part(NamedTuple):
    """One end of a range: the moment it stands for and how it is written."""

    value: datetime.date
    text: str


def date_range_parts(
    start: datetime.date, end: datetime.date | None, start_time: bool = True, end_time: bool = True
) -> tuple[Part, str, Part | None]:
    """The range as (start, dash, end) in the active language; dash is empty and end None when
    there is one moment to show. Datetimes are shown in the current time zone, with their times
    unless start_time or end_time is False; two times on one day are both shown."""
    start = _local(start)
    end = _local(end) if end is not None else None
    start_time = start_time and isinstance(start, datetime.datetime)
    end_time = end_time and isinstance(end, datetime.datetime)
    date_format, datetime_format = get_format("DATE_FORMAT"), get_format("DATETIME_FORMAT")
    if end is None or end == start:
        return Part(start, format_date(start, datetime_format if start_time else date_format)), "", None
    if _day(start) == _day(end):
        if isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime) and (start_time or end_time):
            first_text, time_dash, last_text = _same_day(start, end)
            return Part(start, first_text), time_dash, Part(end, last_text)
        if end_time and not start_time:
            return Part(end, format_date(end, datetime_format)), "", None
        return Part(start, format_date(start, datetime_format if start_time else date_format)), "", None
    closing = Part(end, format_date(end, datetime_format if end_time else date_format))
    if start_time:
        return Part(start, format_date(start, datetime_format)), DATE_RANGE_DASH, closing
    return Part(start, format_date(start, _start_format(start, end))), DATE_RANGE_DASH, closing


def _time_element(part: Part) -> str:
    return format_html('<time datetime="{}">{}</time>', part.value.isoformat(), part.text)


@register.simple_tag
def date_range(
    start: datetime.date | None,
    end: datetime.date | None = None,
    start_time: bool = True,
    end_time: bool = True,
    html: bool = False,
) -> str:
    """From start to end (dates or datetimes; end may be empty), not repeating the month or the
    year they share; with html=True, each end in a <time datetime="…"> element."""
    if start is None:
        return ""
    first, dash, last = date_range_parts(start, end, start_time=start_time, end_time=end_time)
    if not html:
        return first.text + dash + (last.text if last else "")
    if last is None:
        return _time_element(first)
    return format_html("{}{}{}", _time_element(first), dash, _time_element(last))


@register.filter(is_safe=True)
def before_full_stop(value: str) -> str:
    """A formatted date that a sentence's full stop follows: without its own final dot, so that
    "23:59 ч." does not become "23:59 ч..". The sentence's full stop then ends the abbreviation."""
    text = str(value)
    return text[:-1] if text.endswith(".") else text
