"""Every language's URLs as a reader and a search engine meet them: the switcher and hreflang
keep a page's own routes, the report has its own canonical and is in the sitemap, links name the
request's host or the configured base URL, the brand follows the script, and articles, events
and calendar files describe themselves."""

import json
import re
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from core.tokens import hash_token
from tests.conftest import translate
from tests.factories import EventPageFactory, NewsPageFactory, make_entry

pytestmark = pytest.mark.django_db


def switcher(html):
    return re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)


@pytest.fixture
def reported(consultations):
    page = consultations["closed"]
    page.report_published_at = timezone.now() - timezone.timedelta(days=1)
    page.save_revision().publish()
    translate(page, "mk", title="Стар план")
    return page


def test_the_switcher_and_hreflang_keep_the_report(client, reported):
    html = client.get("/en/consultations/old-plan/report/").content.decode()
    assert 'href="/mk/consultations/old-plan/report/"' in switcher(html)
    assert 'hreflang="mk" href="http://testserver/mk/consultations/old-plan/report/"' in html
    assert "not translated yet" in switcher(html)  # no Albanian version of this consultation


def test_the_switcher_keeps_the_comment_form_on_its_paragraph(client, consultations):
    page = consultations["open"]
    block_id = page.sections()[0].paragraphs[0].block_id
    html = client.get(f"/en/consultations/youth-strategy/comment/?paragraph={block_id}").content.decode()
    for code in ("mk", "sq", "bg"):
        assert f'href="/{code}/consultations/youth-strategy/comment/?paragraph={block_id}"' in switcher(html)


def test_the_switcher_keeps_a_paragraphs_comments(client, consultations):
    block_id = consultations["open"].sections()[0].paragraphs[0].block_id
    html = client.get(f"/sq/consultations/youth-strategy/comments/{block_id}/").content.decode()
    assert f'href="/bg/consultations/youth-strategy/comments/{block_id}/"' in switcher(html)


def test_a_student_switching_language_stays_on_the_entry_form_and_the_receipt(client, competitions):
    html = client.get("/mk/essays/neighbour/enter/").content.decode()
    assert 'href="/sq/essays/neighbour/enter/"' in switcher(html)
    page = competitions["open"]
    entry = make_entry(page)
    entry.edit_token_hash = hash_token("a-secret-link")
    entry.save()
    receipt = client.get("/en/essays/neighbour/entry/a-secret-link/")
    assert receipt.status_code == 200
    assert 'href="/bg/essays/neighbour/entry/a-secret-link/"' in switcher(receipt.content.decode())
    # The secret link works in every language version of the competition.
    assert client.get("/bg/essays/neighbour/entry/a-secret-link/").status_code == 200


def test_the_report_has_its_own_canonical_and_is_in_the_sitemap(client, reported):
    html = client.get("/mk/consultations/old-plan/report/").content.decode()
    assert '<link rel="canonical" href="http://testserver/mk/consultations/old-plan/report/">' in html
    page_html = client.get("/mk/consultations/old-plan/").content.decode()
    assert '<link rel="canonical" href="http://testserver/mk/consultations/old-plan/">' in page_html
    sitemap = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://testserver/en/consultations/old-plan/report/" in locations
    assert "http://testserver/mk/consultations/old-plan/report/" in locations
    assert not any("youth-strategy/report" in url for url in locations)  # no report yet


def test_links_name_the_host_the_visitor_used_not_the_site_record(client, site_tree, settings):
    settings.ALLOWED_HOSTS = ["glas.example.org"]
    assert Site.objects.get().hostname == "localhost"
    html = client.get("/bg/about/", HTTP_HOST="glas.example.org").content.decode()
    assert '<link rel="canonical" href="http://glas.example.org/bg/about/">' in html
    assert "localhost" not in html


def test_the_configured_base_url_makes_every_absolute_link(client, site_tree, settings):
    settings.GLAS_BASE_URL = "https://glas.example.org"
    html = client.get("/sq/about/").content.decode()
    assert '<link rel="canonical" href="https://glas.example.org/sq/about/">' in html
    assert 'hreflang="mk" href="https://glas.example.org/mk/about/"' in html
    assert "https://glas.example.org/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_configure_site_writes_the_base_url_into_wagtails_site(site_tree, settings):
    settings.GLAS_BASE_URL = "https://glas.example.org"
    call_command("configure_site", verbosity=0)
    site = Site.objects.get()
    assert (site.hostname, site.port, site.root_url) == ("glas.example.org", 443, "https://glas.example.org")


@pytest.mark.parametrize("language,brand", [("mk", "Глас"), ("bg", "Глас"), ("sq", "Glas"), ("en", "Glas")])
def test_the_brand_follows_the_script_of_the_page(client, site_tree, language, brand):
    html = client.get(f"/{language}/about/").content.decode()
    assert re.search(rf"<title>[^<]* · {brand}</title>", html)
    assert f'<meta property="og:site_name" content="{brand}">' in html
    assert f">{brand}</a>" in html  # the navbar


@pytest.mark.parametrize("language,og_locale", [("mk", "mk_MK"), ("sq", "sq_AL"), ("bg", "bg_BG"), ("en", "en_GB")])
def test_every_page_has_og_locale_a_description_an_icon_and_the_news_feed(client, site_tree, language, og_locale):
    html = client.get(f"/{language}/").content.decode()
    assert f'<meta property="og:locale" content="{og_locale}">' in html
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert 'rel="icon"' in html
    assert '<link rel="alternate" type="application/rss+xml" title="' in html
    assert f'href="/{language}/news/feed/rss/"' in html
    assert client.get("/favicon.ico").status_code == 301


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "the page describes itself for search engines"
    return json.loads(match.group(1))


def test_an_article_is_a_schema_org_news_article(client, site_tree):
    NewsPageFactory(parent=site_tree.news_index, title="Forum </script> founded", slug="forum", lead="A lead.")
    data = json_ld(client.get("/en/news/forum/").content.decode())
    assert data["@type"] == "NewsArticle" and data["headline"] == "Forum </script> founded"
    assert data["inLanguage"] == "en" and data["url"] == "http://testserver/en/news/forum/"


def test_an_event_is_a_schema_org_event_with_its_place_and_time_zone(client, site_tree):
    EventPageFactory(parent=site_tree.event_index, title="Debate", slug="debate", venue="Hall", address="Kratovo")
    data = json_ld(client.get("/en/events/debate/").content.decode())
    assert data["@type"] == "Event"
    assert data["location"] == {"@type": "Place", "name": "Hall", "address": "Kratovo"}
    assert re.search(r"[+-]0[12]:00$", data["startDate"])  # Skopje's offset, not UTC


def test_the_calendar_file_carries_the_time_zone_it_names(client, site_tree):
    EventPageFactory(parent=site_tree.event_index, title="Debate", slug="debate")
    response = client.get("/en/events/debate/ics/")
    calendar = icalendar.Calendar.from_ical(response.content)
    zones = [component["TZID"] for component in calendar.walk("VTIMEZONE")]
    event = calendar.walk("VEVENT")[0]
    assert zones == ["Europe/Skopje"]
    assert event["DTSTART"].params["TZID"] == "Europe/Skopje"
    assert event["URL"] == "http://testserver/en/events/debate/"
    assert event["DTSTAMP"].dt.utcoffset().total_seconds() == 0


def test_a_page_is_described_by_its_own_summary_field_whatever_its_type(client, site_tree, consultations):
    """The description comes from the first field a page type has: an article's lead, a
    consultation's summary; the search description, when an editor wrote one, before both."""
    article = NewsPageFactory(parent=site_tree.news_index, lead="Buses run to the villages again.")
    html = client.get(article.url).content.decode()
    assert '<meta name="description" content="Buses run to the villages again.">' in html
    assert '<meta property="og:description" content="Buses run to the villages again.">' in html
    consultation = consultations["open"]
    consultation.search_description = "Say what the youth strategy should do."
    consultation.save_revision().publish()
    html = client.get(consultation.url).content.decode()
    assert '<meta name="description" content="Say what the youth strategy should do.">' in html
    consultation.search_description = ""
    consultation.save_revision().publish()
    html = client.get(consultation.url).content.decode()
    assert f'<meta name="description" content="{consultation.summary[:199]}' in html


def test_the_search_box_keeps_the_words_searched_for(client, site_tree):
    html = client.get("/en/search/", {"q": 'library "open" <Sunday>'}).content.decode()
    assert 'value="library &quot;open&quot; &lt;Sunday&gt;"' in html
    assert 'id="site-search-q" name="q" maxlength="200" value=""' in client.get("/en/").content.decode()
