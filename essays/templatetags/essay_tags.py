from django import template

from essays.models import CompetitionPage
from home.services import private_pages_q

register = template.Library()

HOME_COMPETITION_COUNT = 3


@register.inclusion_tag("essays/includes/home_section.html", takes_context=True)
def open_competitions(context, home_page):
    """The competitions of the home page's language that accept entries (one query)."""
    competitions = list(
        CompetitionPage.objects.live()
        .exclude(private_pages_q(context.get("request")))
        .open_now()
        .filter(locale_id=home_page.locale_id)
        .order_by("deadline")[:HOME_COMPETITION_COUNT]
    )
    return {"competitions": competitions}
