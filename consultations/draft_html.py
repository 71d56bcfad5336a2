"""The HTML of the draft's paragraphs on the consultation page: each paragraph with its number,
its newest comments (consultations/comment_html.py), the link to all of them and the link to
comment on it.

Written in Python for the reason comment_html.py is: a draft of forty paragraphs rendered through
the template, with four translated sentences, a page URL and a comment list per paragraph, was
most of the time of rendering the page anew after each approved comment. The words and the
page's URL are looked up once per page; the markup is the one the template had
(tests/consultations/test_draft_html.py compares the two)."""

from typing import Any

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from wagtail.rich_text import RichText, expand_db_html

from consultations.comment_html import CommentRenderer, _text
from consultations.kept_paragraphs import KeptParagraph, keep


class ParagraphRenderer:
    """Renders the paragraphs of one consultation page."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.page = context.get("page")
        self.accepts_comments = bool(context.get("accepts_comments"))
        self.comment_url = _text(context.get("comment_url") or "")
        self.own = context.get("own") or {}
        self.comments = CommentRenderer(self.page, context.get("consultation"), context.get("comment_url", ""))
        self.words = {
            "comment": gettext("Comment on this paragraph"),
            "none": gettext("No comments"),
        }
        self._base_url: str | None = None
        self._plurals: dict[tuple[str, int], str] = {}

    def counted(self, singular: str, plural: str, count: int, number: str) -> str:
        """A sentence with a count and the paragraph's number (ngettext once per sentence and
        count on the page: counts repeat from paragraph to paragraph, and each look-up goes
        through every catalogue of the language)."""
        key = (singular, count)
        if key not in self._plurals:
            self._plurals[key] = ngettext(singular, plural, count)
        return self._plurals[key] % {"counter": _text(count), "number": number}

    @staticmethod
    def text(value: Any) -> str:
        """What {{ paragraph.text }} shows: a rich text's HTML with its links and images expanded
        (what RichText renders through a template of its own, `{{ html|safe }}`)."""
        if isinstance(value, RichText):
            return expand_db_html(value.source)
        return conditional_escape(value)

    def all_comments_url(self, block_id: str) -> str:
        """What {% routablepageurl page 'paragraph_comments' block_id %} gives."""
        if self._base_url is None:
            request = self.context.get("request")
            base = self.page.relative_url(getattr(request, "_wagtail_site", None), request) if self.page else ""
            self._base_url = base if base.endswith("/") else base + "/"
        return _text(self._base_url + self.page.reverse_subpage("paragraph_comments", args=[block_id]))

    def render(self, paragraphs: Any) -> SafeString:
        """The paragraphs' HTML: as the cache kept it where it did, else rendered now (and kept
        where the draft says so, consultations/kept_paragraphs.py)."""
        parts: list[str] = []
        rendered = []
        for paragraph in paragraphs:
            if paragraph.html is not None:
                parts.append(paragraph.html)
                continue
            own: list[str] = []
            self.add(own, paragraph)
            html = "".join(own)
            parts.append(html)
            if paragraph.keeping is not None and not self.own:
                rendered.append((paragraph.keeping, KeptParagraph(html, paragraph.count, paragraph.threads)))
        keep(rendered)
        return mark_safe("".join(parts))

    def add(self, out: list[str], paragraph: Any) -> None:
        block_id, number = _text(paragraph.block_id), _text(paragraph.number)
        out.append(
            f'\n          <div class="draft-paragraph" id="p-{block_id}" data-paragraph>\n'
            f'            <div class="d-flex gap-3">\n'
            f'              <span class="paragraph-number text-body-secondary" aria-hidden="true">{number}</span>\n'
            f'              <div class="paragraph-text flex-grow-1">\n'
            f'                <span class="visually-hidden">{gettext("Paragraph %(number)s") % {"number": number}}'
            f"</span>\n"
            f"                {self.text(paragraph.text)}\n"
            f"              </div>\n"
            f"            </div>\n"
            f'            <div class="paragraph-tools">\n              '
        )
        if paragraph.comments:
            summary = self.counted(
                "%(counter)s comment on paragraph %(number)s",
                "%(counter)s comments on paragraph %(number)s",
                paragraph.count,
                number,
            )
            out.append(
                f'\n              <details class="paragraph-comments">\n'
                f"                <summary>{summary}</summary>\n"
                f"                {self.comments.render(paragraph.shown)}\n                "
            )
            if paragraph.more:
                see_all = self.counted(
                    "See the %(counter)s comment on paragraph %(number)s",
                    "See all %(counter)s comments on paragraph %(number)s",
                    paragraph.threads,
                    number,
                )
                out.append(f'<p class="small"><a href="{self.all_comments_url(paragraph.block_id)}">{see_all}</a></p>')
            out.append("\n              </details>\n              ")
        out.append("\n              ")
        waiting = self.own.get(paragraph.block_id or "", [])
        if waiting:
            out.append(render_to_string("consultations/includes/own_waiting.html", {"waiting": waiting}))
        out.append("\n              ")
        if self.accepts_comments:
            label = gettext("paragraph %(number)s") % {"number": number}
            out.append(
                f'<a class="comment-link small" href="{self.comment_url}?paragraph={block_id}#comment-form">'
                f'{self.words["comment"]}<span class="visually-hidden"> ({label})</span></a>'
            )
        elif not paragraph.comments:
            out.append(f'<span class="small text-body-secondary">{self.words["none"]}</span>')
        out.append("\n            </div>\n          </div>\n          ")


def render_paragraphs(context: Any, paragraphs: Any) -> SafeString:
    return ParagraphRenderer(context).render(paragraphs)
