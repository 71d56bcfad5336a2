"""The review bar over wagtail-localize's translation editor (core/translations.py)."""

from typing import Any

from django import template
from wagtail.models import Page

from core import translations

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_review(context: dict[str, Any], translation: Any, instance: Any) -> dict[str, Any]:
    """What the bar shows: texts left, the review waiting (by whom, since when), who may do what."""
    user = context["request"].user
    total, done = translations.progress(translation)
    page = instance if isinstance(instance, Page) else None
    state = translations.review_state(page) if page is not None else None
    return {
        "total": total,
        "done": done,
        "missing": total - done,
        "state": state,
        "waiting": state is not None and state.status == state.STATUS_IN_PROGRESS,
        "needs_changes": state is not None and state.status == state.STATUS_NEEDS_CHANGES,
        "comment": translations.last_review_comment(state) if state is not None else "",
        "may_publish": page is not None and translations.may_publish(user, page),
    }
