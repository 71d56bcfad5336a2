"""Template tags of a citizen's own view of a consultation.

Own waiting comments (waiting for e-mail confirmation or for moderation) show beside their
paragraph to the browser that wrote them, and to nobody else. How this stays out of every cached
copy: the session that wrote them has a session cookie, and core/cache.py never serves or stores
a page for a request with a session cookie; and when there are own waiting comments (`own`,
ConsultationPage.get_context), consultation_page.html renders the draft without its kept
fragment ({% page_fragment %}, shared by every visitor) and without its kept paragraphs
(consultations/kept_paragraphs.py), so that what is shared never carries them. Visitors without
them (nearly all) keep every cache; a session without own comments costs no query
(consultations.comments.own_waiting).
"""

from typing import Any

from django import template
from django.utils.html import format_html

from consultations.comment_html import render_comments
from consultations.draft_html import render_paragraphs

register = template.Library()


@register.filter
def waiting_on(own: dict[str, list[Any]] | None, block_id: str) -> list[Any]:
    return (own or {}).get(block_id or "", [])


@register.filter
def bdi(value: Any) -> str:
    """A name someone wrote, isolated from the text around it (an Arabic or Hebrew name must not
    turn a Macedonian sentence around): <bdi>name</bdi>, escaped, usable inside blocktranslate."""
    return format_html("<bdi>{}</bdi>", value)


@register.simple_tag(takes_context=True)
def comment_list(context: template.Context, comments: Any) -> str:
    """{% comment_list comments %}: the comments, each with its replies (consultations/comment_html.py),
    for the page, the consultation (whether it takes replies) and `comment_url` of the context."""
    return render_comments(comments, context.get("page"), context.get("consultation"), context.get("comment_url", ""))


@register.simple_tag(takes_context=True)
def one_comment(context: template.Context, comment: Any) -> str:
    """{% one_comment comment %}: one comment with its replies, as in {% comment_list %}."""
    return comment_list(context, [comment])


@register.simple_tag(takes_context=True)
def draft_paragraphs(context: template.Context, paragraphs: Any) -> str:
    """{% draft_paragraphs section.paragraphs %}: the paragraphs with their comments and links
    (consultations/draft_html.py), for the page, `accepts_comments`, `comment_url` and this
    session's own waiting comments (`own`) of the context."""
    return render_paragraphs(context, paragraphs)
