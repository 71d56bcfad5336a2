"""Events as iCalendar files, for visitors' calendars."""

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone
from icalendar import Calendar, Event, vText
from wagtail.models import Page

from core.links import absolute_url


def event_to_ical(event: Page, request: HttpRequest) -> bytes:
    """An iCalendar file for one event, its times in the event's own time zone, which the file
    describes in a VTIMEZONE block as RFC 5545 asks (calendars then show the right hour)."""
    tz = ZoneInfo(event.time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//Glas//glas//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    entry = Event()
    entry.add("uid", f"event-{event.translation_key}-{event.locale.language_code}@glas")
    entry.add("dtstamp", (event.last_published_at or timezone.now()).astimezone(UTC))
    entry.add("dtstart", event.start.astimezone(tz))
    entry.add("dtend", event.end.astimezone(tz))
    entry.add("summary", event.title)
    if event.summary:
        entry.add("description", event.summary)
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if location:
        entry["location"] = vText(location)
    entry.add("url", absolute_url(event.get_url(request), request))
    calendar.add_component(entry)
    # The zone's rules for the years around the event, not since 1970: a short file.
    first, last = event.start.astimezone(tz).date(), event.end.astimezone(tz).date()
    calendar.add_missing_timezones(first_date=first.replace(month=1, day=1), last_date=last + timedelta(days=366))
    return calendar.to_ical()
