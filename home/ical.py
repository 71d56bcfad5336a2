"""Events as iCalendar files, for visitors' calendars."""

from django.http import HttpRequest
from django.utils import timezone
from icalendar import Calendar, Event, vText
from wagtail.models import Page


def event_to_ical(event: Page, request: HttpRequest) -> bytes:
    """An iCalendar file for one event, its times in Europe/Skopje."""
    tz = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Glas//glas//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    entry = Event()
    entry.add("uid", f"event-{event.translation_key}-{event.locale.language_code}@glas")
    entry.add("dtstamp", (event.last_published_at or timezone.now()).astimezone(tz))
    entry.add("dtstart", event.start.astimezone(tz))
    entry.add("dtend", event.end.astimezone(tz))
    entry.add("summary", event.title)
    if event.summary:
        entry.add("description", event.summary)
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if location:
        entry["location"] = vText(location)
    entry.add("url", event.get_full_url(request))
    calendar.add_component(entry)
    return calendar.to_ical()
