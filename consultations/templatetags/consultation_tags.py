from django import template

from consultations.models import ConsultationPage
from home.services import private_pages_q

register = template.Library()

HOME_CONSULTATION_COUNT = 3


@register.inclusion_tag("consultations/includes/home_section.html", takes_context=True)
def open_consultations(context, home_page):
    """The open consultations of the home page's language, for the home page (one query)."""
    consultations = list(
        ConsultationPage.objects.live()
        .exclude(private_pages_q(context.get("request")))
        .open_now()
        .filter(locale_id=home_page.locale_id)
        .select_related("organiser")
        .order_by("closes_at")[:HOME_CONSULTATION_COUNT]
    )
    return {"consultations": consultations}
