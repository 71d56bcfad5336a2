"""The demo content command builds the site in every language and is safe to run twice."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from home.models import EventPage, HomePage, NewsPage, Organisation, ProjectPage

pytestmark = pytest.mark.django_db

CYRILLIC = set("абвгдѓежзѕијклљмнњопрстќуфхцчџшъьюяй")


@pytest.fixture
def demo(site_tree):
    # The demo replaces the test tree with its own.
    call_command("load_demo_content", "--quiet")


def test_demo_content_exists_in_every_language(demo):
    for code in ("en", "mk", "sq", "bg"):
        assert HomePage.objects.filter(locale__language_code=code, live=True).count() == 1
        assert NewsPage.objects.filter(locale__language_code=code, live=True).count() >= 6
        assert EventPage.objects.filter(locale__language_code=code, live=True).count() >= 3
        assert ProjectPage.objects.filter(locale__language_code=code, live=True).count() >= 2
        assert Organisation.objects.filter(locale__language_code=code).exists()


@pytest.mark.parametrize("code", ["mk", "bg"])
def test_demo_translations_are_real_cyrillic_text(demo, code):
    for article in NewsPage.objects.filter(locale__language_code=code):
        assert set(article.title.lower()) & CYRILLIC, article.title
        assert set(article.lead.lower()) & CYRILLIC, article.lead
        english = NewsPage.objects.get(locale__language_code="en", translation_key=article.translation_key)
        assert article.lead != english.lead


def test_demo_albanian_text_differs_from_english(demo):
    for article in NewsPage.objects.filter(locale__language_code="sq"):
        english = NewsPage.objects.get(locale__language_code="en", translation_key=article.translation_key)
        assert article.title != english.title
        assert article.body.raw_data[0]["value"] != english.body.raw_data[0]["value"]
        assert article.topic_links.first().topic.locale.language_code == "sq"
        assert article.project().locale.language_code == "sq"


def test_demo_content_is_safe_to_run_twice(demo):
    pages, images = Page.objects.count(), get_image_model().objects.count()
    call_command("load_demo_content", "--quiet")
    assert Page.objects.count() == pages
    assert get_image_model().objects.count() == images


@pytest.mark.parametrize("code", ["en", "mk", "sq", "bg"])
def test_demo_pages_render(client, demo, code):
    for page in Page.objects.live().filter(locale__language_code=code).exclude(depth=1).specific():
        response = client.get(page.get_url())
        assert response.status_code == 200, page.get_url()
