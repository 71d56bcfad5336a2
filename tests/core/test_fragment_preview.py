"""An editor's preview never reads nor leaves a kept fragment (core/templatetags/glas_tags.py):
the preview shows the draft, and the public keeps seeing what is published."""

import pytest

from core import cache as page_cache
from tests.factories import NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_fragments")]


def body(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture
def article(site_tree):
    page = NewsPageFactory(parent=site_tree.news_index, body=body("The published words."))
    page.save_revision().publish()
    return page


def test_a_preview_shows_the_draft_not_the_kept_article(client, article):
    assert "The published words." in client.get(article.url).content.decode()  # kept from here on
    article.body = body("The words of the draft.")
    preview = article.make_preview_request().render()
    assert "The words of the draft." in preview.content.decode()


def test_a_preview_leaves_nothing_for_the_public(client, article):
    page_cache.purge(page_cache.page_tag(article.pk))  # nothing kept: the preview renders first
    article.body = body("The words of the draft.")
    article.make_preview_request().render()
    public = client.get(article.url).content.decode()
    assert "The published words." in public
    assert "The words of the draft." not in public
