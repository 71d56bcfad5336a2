"""The HTML of published comments (with their replies and official responses), as the
consultation page, a paragraph's page, the report and the comparison of versions show them.

Written in Python rather than as a template included once per comment: a draft shows some 150
comments, and the include with its nested includes, filters and look-ups per comment was most of
the time of rendering the page anew after each approved comment. What a comment needs from
elsewhere is looked up once per list: the municipality names, the language names, the translated
words, and the page's version (one query, and only when a comment carries a version number).
The markup is the one the template had, space for space (tests/consultations check it)."""

from html import escape
from typing import Any

from django.conf import settings
from django.utils.dates import MONTHS_ALT
from django.utils.formats import localize
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.timezone import get_current_timezone, template_localtime
from django.utils.translation import get_language, get_language_info, gettext

from consultations.choices import Channel, Decision, Stance
from consultations.models.municipalities import municipality_table, pick_name


def _text(value: Any) -> str:
    """A value as the template shows it: escaped unless already safe, numbers localised."""
    if isinstance(value, SafeData):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        # As localize() shows a whole number: its digits, grouped only when the site groups them.
        return str(value) if not settings.USE_THOUSAND_SEPARATOR else escape(str(localize(value)))
    if isinstance(value, float):
        return escape(str(localize(value)))
    return escape(str(value))


def _lines(value: Any) -> str:
    """What |linebreaksbr gives, without the filter's wrapping: escaped (unless safe), each line
    ending in <br>."""
    text = normalize_newlines(str(value))
    if not isinstance(value, SafeData):
        text = escape(text)
    return text.replace("\n", "<br>")


# The fixed words and the labels of the choices, translated once per language and process
# (gettext per comment was a good part of the time).
_WORDS: dict[str, dict[str, Any]] = {}


def _words() -> dict[str, Any]:
    language = get_language() or ""
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = {
            "proposed": gettext("Proposed wording"),
            "changed": gettext("The paragraph has changed since this comment was written. Show the text as it was."),
            "response": gettext("Official response"),
            "reply": gettext("Reply"),
            "stance": {value: _text(label) for value, label in Stance.choices},
            "channel": {value: _text(label) for value, label in Channel.choices},
            "decision": {value: _text(label) for value, label in Decision.choices},
        }
    return words


def _label(labels: dict[str, str], value: Any) -> str:
    """What get_FOO_display() shows: the choice's label, or the value itself when unknown."""
    found = labels.get(value)
    return found if found is not None else _text(value)


class CommentRenderer:
    """Renders comments for one page and one list; what every comment needs is read once."""

    def __init__(self, page: Any = None, consultation: Any = None, comment_url: Any = "") -> None:
        self.page = page
        self.accepts_comments = bool(getattr(consultation, "accepts_comments", False)) if consultation else False
        self.comment_url = _text(comment_url or "")
        self._newer_versions: bool | None = None
        self._municipalities: dict[int, Any] | None = None
        self._languages: dict[str, str] = {}
        self._days: dict[tuple[int, int, int], str] = {}
        self.words = _words()
        # The visitor's time zone, once: what template_localtime() looks up for each comment.
        self.zone = get_current_timezone() if settings.USE_TZ else None

    def newer_versions(self) -> bool:
        """Whether the page has more than one version (asked only when a comment has a version)."""
        if self._newer_versions is None:
            number = getattr(self.page, "latest_version_number", None) if self.page is not None else None
            try:
                self._newer_versions = number is not None and number > 1
            except TypeError:
                self._newer_versions = False
        return self._newer_versions

    def municipality(self, comment: Any) -> str:
        if comment.municipality_choice_id:
            if self._municipalities is None:
                self._municipalities = municipality_table()
            entry = self._municipalities.get(comment.municipality_choice_id)
            return (pick_name(entry[1]) if entry else "") or comment.municipality
        return comment.municipality

    def language_name(self, code: str) -> str:
        if code not in self._languages:
            self._languages[code] = _text(get_language_info(code)["name_local"])
        return self._languages[code]

    def day(self, moment: Any) -> str:
        key = (moment.year, moment.month, moment.day)
        if key not in self._days:
            self._days[key] = escape(f"{moment.day} {MONTHS_ALT[moment.month]} {moment.year:04d}")
        return self._days[key]

    def render(self, comments: Any) -> SafeString:
        parts: list[str] = []
        for comment in comments or ():
            self.add(parts, comment)
        return mark_safe("".join(parts))

    def add(self, out: list[str], comment: Any) -> None:  # noqa: C901 (one branch per part of the markup)
        pk = _text(comment.pk)
        language = _text(comment.language)
        name = _text(comment.public_name)
        out.append(
            f'\n<article class="comment{" comment-reply" if comment.parent_id else ""}" id="c-{pk}" '
            f'aria-labelledby="c-{pk}-by">\n  <header class="comment-meta small">\n'
            f'    <span class="badge stance-badge stance-{_text(comment.stance)}">'
            f"{_label(self.words['stance'], comment.stance)}</span>\n"
            f'    <strong id="c-{pk}-by"><bdi>{name}</bdi></strong>'
        )
        if comment.organisation:
            out.append(f", <bdi>{_text(comment.organisation)}</bdi>")
        municipality = self.municipality(comment)
        if municipality:
            out.append(f" · {_text(municipality)}")
        created = comment.created_at
        created = (
            created.astimezone(self.zone) if self.zone is not None and created.tzinfo else template_localtime(created)
        )
        # What the date filter gives for "c" and "j E Y", without its look-ups per call.
        when, day = escape(created.isoformat()), self.day(created)
        out.append(
            f'\n    · <time datetime="{when}">{day}</time>\n'
            f'    · <span class="badge language-badge"><abbr title="{self.language_name(comment.language)}">'
            f"{escape(str(comment.language).upper())}</abbr></span>\n    "
        )
        if comment.draft_version and self.newer_versions():
            version = gettext("on version %(number)s") % {"number": _text(comment.draft_version)}
            out.append(f'· <span class="comment-version">{version}</span> ')
        out.append("\n    ")
        if comment.channel != "online":
            out.append(f'· <span class="comment-channel">{_label(self.words["channel"], comment.channel)}</span>')
        out.append(f'\n  </header>\n  <div class="comment-text" lang="{language}">{_lines(comment.text)}</div>\n  ')
        if comment.redaction_reason:
            edited = gettext("Edited by the moderator: %(reason)s") % {"reason": _text(comment.redaction_reason)}
            out.append(f'<p class="comment-redacted small text-body-secondary mb-1"><em>{edited}</em></p>')
        out.append("\n  ")
        if comment.proposed_wording:
            out.append(
                '\n  <div class="proposed-wording">\n'
                f'    <p class="small fw-semibold mb-1">{self.words["proposed"]}</p>\n'
                f'    <blockquote class="mb-0" lang="{language}">{_lines(comment.proposed_wording)}</blockquote>\n'
                "  </div>\n  "
            )
        out.append("\n  ")
        if getattr(comment, "paragraph_changed", False):
            out.append(
                f'\n  <details class="paragraph-was small">\n    <summary>{self.words["changed"]}</summary>\n'
                f'    <blockquote class="mb-0" lang="{language}">{_text(comment.paragraph_text)}</blockquote>\n'
                "  </details>\n  "
            )
        out.append("\n  ")
        if comment.response:
            to_whom = gettext("to the comment by %(name)s (no. %(number)s)") % {
                "name": f"<bdi>{name}</bdi>",
                "number": pk,
            }
            out.append(
                f'\n  <section class="official-response" aria-labelledby="c-{pk}-response">\n'
                f'    <p class="small mb-1"><strong id="c-{pk}-response">{self.words["response"]}'
                f'<span class="visually-hidden"> {to_whom}</span></strong>'
            )
            if comment.decision:
                out.append(
                    f' <span class="badge decision-badge decision-{_text(comment.decision)}">'
                    f"{_label(self.words['decision'], comment.decision)}</span>"
                )
            out.append(f'</p>\n    <div lang="{language}">{_lines(comment.response)}</div>\n    ')
            number = getattr(comment, "response_paragraph_number", None)
            if number:
                see = gettext("See paragraph %(number)s of the new version") % {"number": _text(number)}
                out.append(
                    f'<p class="small mb-0 mt-1"><a href="#p-{_text(comment.response_paragraph_id)}">{see}</a></p>'
                )
            out.append("\n  </section>\n  ")
        out.append("\n  ")
        for reply in getattr(comment, "thread_replies", None) or ():
            self.add(out, reply)
        out.append("\n  ")
        if not comment.parent_id and self.accepts_comments:
            to_name = gettext("to %(name)s") % {"name": f"<bdi>{name}</bdi>"}
            out.append(
                f'\n  <p class="small mb-0"><a href="{self.comment_url}?reply_to={pk}#comment-form">'
                f'{self.words["reply"]}<span class="visually-hidden"> {to_name}</span></a></p>\n  '
            )
        out.append("\n</article>\n")


def render_comments(comments: Any, page: Any = None, consultation: Any = None, comment_url: Any = "") -> SafeString:
    """The comments of a list, each with its replies, as one piece of HTML."""
    return CommentRenderer(page, consultation, comment_url).render(comments)
