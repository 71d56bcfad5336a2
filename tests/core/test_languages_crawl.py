"""No English on a Macedonian, Albanian or Bulgarian page or e-mail: the demo site is crawled in each of
them (every kind of page and the forms a visitor opens), and the words a visitor reads — text,
button labels, placeholders, image descriptions, screen-reader labels — are checked against the
English words that leaked before. Text marked as being in another language (`lang`), such as
the language switcher's names or a comment written in English, is left out."""

import re
from collections import deque
from html import escape as html_escape
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page

from consultations.choices import Status
from consultations.moderation import send_moderation_digest
from core import roles
from core.models import PersonalSettings
from tests.consultations.test_comments import comment_url, in_language
from tests.essays.test_entries import enter_url, good_data, minor_birth_date
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

LEAKS = {
    "the",
    "and",
    "of",
    "your",
    "with",
    "search",
    "comment",
    "comments",
    "read",
    "more",
    "next",
    "previous",
    "submit",
    "send",
    "back",
    "skip",
    "submitted",
    "published",
    "deadline",
    "jury",
    "anonymous",
    "page",
    "download",
    "share",
    "languages",
    "language",
    "menu",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "noon",
    "midnight",
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "open",
    "closed",
    "upcoming",
    "report",
    "reply",
    "entry",
    "entries",
    "prize",
    "winners",
    "results",
    "municipality",
    "organisation",
    "required",
    "optional",
    "characters",
    "words",
    "error",
    "please",
    "enter",
    "valid",
    "email",
    "address",
}
# What Django's American formats write: abbreviated months, a.m. and p.m.
AMERICAN = re.compile(r"\b(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.|\b[ap]\.m\.")
# Words that these languages write too (loans, names, formats).
ALLOWED = {"sq": {"draft", "page"}, "mk": set(), "bg": set()}  # sq "page": of a wage (pagë)
ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
WORD = re.compile(r"[^\W\d_]+")
SKIP = re.compile(r"/(feed|ics|documents|media|static|admin|jury)/|\.(xml|ics|pdf|docx|odt)$")


class VisibleText(HTMLParser):
    """The text a visitor reads in the page's language: outside <script>, <style>, the <head>,
    and any element whose lang says it is in another language."""

    def __init__(self, language):
        super().__init__()
        self.language, self.stack, self.words = language, [], []

    def _shown(self):
        return all(
            lang in (None, self.language) and tag not in ("script", "style", "head") for tag, lang in self.stack
        )

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source"):
            self.stack.append((tag, lang))
        if self._shown() and lang in (None, self.language):
            for name in ATTRIBUTES:
                if attrs.get(name):
                    self.words.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.words.append(attrs["value"])

    def handle_endtag(self, tag):
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                del self.stack[position:]
                break

    def handle_data(self, data):
        if self._shown():
            self.words.append(data)


def english_words(html, language):
    parser = VisibleText(language)
    parser.feed(html)
    found = set()
    for chunk in parser.words:
        found.update(AMERICAN.findall(chunk))
        for word in WORD.findall(chunk):  # whole words: "janë" is Albanian, not "jan"
            if word.isascii() and word.lower() in LEAKS and word.lower() not in ALLOWED[language]:
                found.add(word)
    return found


def crawl(client, language, limit=80):
    """Every page reachable from the language's home page by the links a visitor follows."""
    seen, queue, leaks = set(), deque([f"/{language}/"]), {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        words = english_words(html, language)
        if words:
            leaks[url] = sorted(words)
        for link in re.findall(r'href="(/[^"#]*)"', html):
            if link.startswith(f"/{language}/") and link not in seen:
                queue.append(link.replace("&amp;", "&"))
    return seen, leaks


def test_no_english_word_on_any_page_of_the_demo_site_in_mk_sq_bg(client, site_tree):
    for page in Page.get_first_root_node().get_children():
        page.delete()
    for command in ("load_demo_content", "load_demo_consultations", "load_demo_essays"):
        call_command(command, "--quiet")
    report = {}
    for language in ("mk", "sq", "bg"):
        seen, leaks = crawl(client, language)
        # The forms a visitor opens and the pages no link leads to.
        extra = [
            f"/{language}/search/?q=xyzzy",
            f"/{language}/search/?q=",
            f"/{language}/login/",
            f"/{language}/no-such-page/",
        ]
        for url in extra:
            response = client.get(url)
            words = english_words(response.content.decode(), language)
            if words:
                leaks[url] = sorted(words)
        assert len(seen) > 30, f"the crawl reached only {len(seen)} pages in {language}"
        report.update(leaks)
    assert not report, "\n".join(f"{url}: {words}" for url, words in sorted(report.items()))


@pytest.mark.parametrize("language", ["mk", "sq", "bg"])
def test_no_english_word_in_the_e_mails_of_mk_sq_bg(client, consultations, competitions, language, mailoutbox):
    """The e-mails a citizen, a student, a guardian and a moderator get, in their language:
    what the visitor typed and the pages' own titles (the test's pages are in English) aside."""
    consultation = in_language(consultations["open"], language)
    competition = in_language(competitions["open"], language)
    typed = {"text": "Текст на коментарот.", "proposed_wording": "", "author_name": "Ana"}
    client.post(
        comment_url(consultation),
        {"stance": "change", "email": "ana@example.org", "consent": "on", "paragraph": "", **typed},
    )
    client.post(consultation.url + consultation.reverse_subpage("notify"), {"email": "b@example.org", "consent": "on"})
    client.post(
        enter_url(competition),
        good_data(
            title="Чевларот",
            text="Секое утро " * 30,
            language="mk",
            birth_date=minor_birth_date().isoformat(),
            guardian_name="Marija",
            guardian_email="parent@example.org",
            guardian_consent="on",
        ),
    )
    CommentFactory(consultation=consultation, status=Status.PENDING, text="Уште еден коментар.")
    moderator = UserFactory(email="moderator@example.org")
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    PersonalSettings.objects.create(user=moderator, email_language=language)
    send_moderation_digest("http://testserver/admin/")
    assert len(mailoutbox) >= 5, [message.subject for message in mailoutbox]
    titles = [consultation.title, competition.title, "Youth strategy", "My neighbour"]
    leaks = {}
    for message in mailoutbox:
        text = f"{message.subject}\n{message.body}"
        for title in titles:
            text = text.replace(title, "")
        text = re.sub(r"https?://\S+", "", text)
        words = english_words(f"<p>{html_escape(text)}</p>", language)
        if words:
            leaks[message.subject] = sorted(words)
    assert not leaks, leaks
