"""Home's part of the home page: the latest news, featured projects and upcoming events, with
links to their sections (registered in home/wagtail_hooks.py, see core/sections.py)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from wagtail.models import Page

from core.restrictions import private_pages_q
from home.models.events import EventPage
from home.models.news import NewsPage
from home.models.projects import ProjectPage

HOME_NEWS_COUNT = 4
HOME_PROJECT_COUNT = 3
HOME_EVENT_COUNT = 3


def latest_content_changes_at(content: dict[str, Any], now: datetime) -> datetime | None:
    """The latest content changes by the clock when the first of the upcoming events it shows
    is over (the next one takes its place); news and projects change only by publishing."""
    ends = [event.end for event in content["upcoming_events"] if event.end >= now]
    return min(ends) if ends else None


def latest_content(home_page: Page, request: HttpRequest | None = None) -> dict[str, Any]:
    """The latest news, featured projects and upcoming events of the home page's language."""
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
