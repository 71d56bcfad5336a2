"""Language switcher, hreflang alternates, sitemap and feeds."""

import re
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import LANGUAGES, translate
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def switcher(html):
    match = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    assert match, "every page has a language switcher"
    return match.group(0)


def test_switcher_links_to_the_same_page_in_each_language(client, site_tree):
    html = client.get("/en/about/").content.decode()
    nav = switcher(html)
    for code in ("mk", "sq", "bg"):
        assert f'href="/{code}/about/"' in nav
    assert 'aria-current="true" lang="en"' in nav


def test_switcher_says_when_a_page_is_not_translated_yet(client, site_tree):
    article = NewsPageFactory(parent=site_tree.news_index, title="Only in English", slug="only-english")
    translate(article, "mk", title="Само на македонски")
    nav = switcher(client.get("/en/news/only-english/").content.decode())
    assert 'href="/mk/news/only-english/"' in nav
    assert "/sq/news/only-english/" not in nav
    assert "not translated yet" in nav


def test_switcher_message_is_in_the_visitors_language(client, site_tree):
    article = NewsPageFactory(parent=site_tree.news_index, title="Only here", slug="only-here")
    translate(article, "mk", title="Само тука")
    nav = switcher(client.get("/mk/news/only-here/").content.decode())
    assert "not translated yet" not in nav
    assert "сè уште не е преведено" in nav


def test_hreflang_alternates_with_x_default(client, site_tree):
    html = client.get("/sq/about/").content.decode()
    for code in LANGUAGES:
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}/about/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/en/about/">' in html


def test_open_graph_and_twitter_meta(client, site_tree):
    html = client.get("/bg/about/").content.decode()
    assert '<meta property="og:title" content="За нас">' in html
    assert '<meta property="og:locale" content="bg_BG">' in html
    assert 'name="twitter:card"' in html


def test_switcher_on_search_page_keeps_the_query(client, site_tree):
    nav = switcher(client.get("/en/search/?q=forum").content.decode())
    assert 'href="/mk/search/?q=forum"' in nav


def test_sitemap_covers_every_language_with_alternates(client, site_tree):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    for code in LANGUAGES:
        assert f"http://testserver/{code}/about/" in locations
        assert f"http://testserver/{code}/" in locations
    about = next(url for url in root.findall("s:url", ns) if url.find("s:loc", ns).text.endswith("/mk/about/"))
    alternates = {link.get("hreflang") for link in about.findall("x:link", ns)}
    assert alternates == set(LANGUAGES)


def test_robots_txt_points_to_the_sitemap(client, site_tree):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.parametrize("kind,marker", [("rss", "<rss"), ("atom", "<feed")])
def test_news_feeds_per_language(client, site_tree, kind, marker):
    article = NewsPageFactory(parent=site_tree.news_index, title="Forum founded", slug="forum")
    translate(article, "mk", title="Основан форум")
    response = client.get(f"/mk/news/feed/{kind}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert marker in body
    assert "Основан форум" in body
    assert "Forum founded" not in body
    english = client.get(f"/en/news/feed/{kind}/").content.decode()
    assert "Forum founded" in english


def test_news_index_links_its_feeds(client, site_tree):
    html = client.get("/en/news/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert "/en/news/feed/rss/" in html
