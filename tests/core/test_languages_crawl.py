"""No English on a Macedonian, Albanian or Bulgarian page: the demo site is crawled in each of
them (every kind of page and the forms a visitor opens), and the words a visitor reads — text,
button labels, placeholders, image descriptions, screen-reader labels — are checked against the
English words that leaked before. Text marked as being in another language (`lang`), such as
the language switcher's names or a comment written in English, is left out."""

import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from wagtail.models import Page

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
