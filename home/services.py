"""Logic of the public site that is neither a view nor a model method."""

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event, vText
from wagtail.models import Locale, Page

HOME_NEWS_COUNT = 4
HOME_PROJECT_COUNT = 3
HOME_EVENT_COUNT = 3


def private_pages_q(request=None):
    """What Wagtail's `.public()` excludes (pages behind a view restriction), looked up once
    per request however many lists on the page need it, and between requests from the shared
    cache when there is one (home/restrictions.py)."""
    from home.restrictions import private_q

    return private_q(request)


def home_page_sections(home_page, request=None):
    """The latest news, featured projects and upcoming events shown on a home page."""
    from home.models import EventPage, NewsPage, ProjectPage

    locale_id = home_page.locale_id
    private = private_pages_q(request)
    news = list(NewsPage.objects.for_listing(private).filter(locale_id=locale_id)[:HOME_NEWS_COUNT])
    projects = list(
        ProjectPage.objects.live()
        .exclude(private)
        .for_listing()
        .filter(locale_id=locale_id, featured=True)[:HOME_PROJECT_COUNT]
    )
    events = list(EventPage.objects.for_listing(private).upcoming().filter(locale_id=locale_id)[:HOME_EVENT_COUNT])
    indexes = {
        child.content_type.model: child
        for child in home_page.get_children().live().exclude(private).select_related("content_type")
    }
    return {
        "latest_news": news,
        "featured_projects": projects,
        "upcoming_events": events,
        "news_index": indexes.get("newsindexpage"),
        "project_index": indexes.get("projectindexpage"),
        "event_index": indexes.get("eventindexpage"),
    }


def event_to_ical(event, request):
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


def language_name(code):
    """The name of a language in that language, e.g. "Македонски" for mk."""
    with translation.override(code):
        info = translation.get_language_info(code)
    return info["name_local"].capitalize()


def page_translations(page, request):
    """Each site language with the URL of this page's live translation in it, or None.

    One query, whatever the number of languages.
    """
    by_language = {}
    translations = (
        Page.objects.filter(translation_key=page.translation_key)
        .live()
        .exclude(private_pages_q(request))
        .select_related("locale")
    )
    for translated in translations:
        by_language[translated.locale.language_code] = translated.get_url(request)
    return [
        {"code": code, "name": language_name(code), "url": by_language.get(code)} for code, _name in settings.LANGUAGES
    ]


def search_pages(query, language_code):
    """Live public pages in one language that match the query.

    PostgreSQL has no stemmer for mk, sq or bg, so the backend's "simple" configuration
    matches whole words; when nothing matches, the query's words are also tried as
    prefixes (so "млад" finds "младите"), which covers most inflected forms.
    """
    try:
        locale = Locale.objects.get(language_code=language_code)
    except Locale.DoesNotExist:
        return []
    pages = Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1).specific()
    results = list(pages.search(query, operator="or"))
    if not results:
        results = list(pages.autocomplete(query))
    return results
