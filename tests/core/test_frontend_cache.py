"""Purging the CDN on publish (core/frontend_cache.py): the same pages as Glas's own page cache,
in every language, after the commit; off unless configured."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Locale

from core import cache, frontend_cache
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """A frontend cache that writes down what it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def cdn(settings):
    PURGED.clear()
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "tests.core.test_frontend_cache.RecordingBackend"}}
    yield PURGED
    PURGED.clear()


@pytest.fixture
def article(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Forum founded in Kratovo", slug="forum")


def full(page):
    return page.get_full_url()


def in_every_language(page):
    return {full(page.get_translation(Locale.objects.get(language_code=code))) for code in ("en", "mk", "sq", "bg")}


def test_publishing_purges_the_page_its_lists_and_the_home_page_in_every_language(
    cdn, site_tree, article, django_capture_on_commit_callbacks
):
    for code in ("mk", "sq", "bg"):
        article.copy_for_translation(Locale.objects.get(language_code=code)).save_revision().publish()
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    expected = in_every_language(article) | in_every_language(site_tree.news_index) | in_every_language(site_tree.home)
    assert set(cdn) == expected
    assert len(cdn) == len(expected)  # each address once
    assert "http://localhost/mk/" in cdn


def test_the_purge_waits_for_the_commit(cdn, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
    assert cdn == []
    for callback in callbacks:
        callback()
    assert full(article) in cdn


def test_the_cdn_purges_the_pages_glas_purges_itself(cdn, site_tree, article, django_capture_on_commit_callbacks):
    with mock.patch.object(cache, "purge") as own_purge:
        cache.purge_page(article)
    # The pages' tags (not the tags of their rows or parts, which end what is kept of a page).
    own_tags = {tag for call in own_purge.call_args_list for tag in call.args if tag.startswith("page:")}
    shown_with = {cache.page_tag(page.pk) for page in frontend_cache.pages_shown_with(article)}
    assert shown_with == own_tags


def test_unpublishing_purges_the_page_and_its_lists(cdn, site_tree, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert {full(article), full(site_tree.news_index), full(site_tree.home)} <= set(cdn)


def test_a_page_in_the_menu_purges_every_page_in_the_menu(cdn, site_tree, django_capture_on_commit_callbacks):
    site_tree.news_index.show_in_menus = True
    site_tree.news_index.save_revision().publish()
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        site_tree.about.save_revision().publish()
    assert full(site_tree.news_index) in cdn
    assert full(site_tree.about.get_translation(Locale.objects.get(language_code="bg"))) in cdn


def test_a_moved_page_is_purged_at_its_old_address_too(cdn, site_tree, article, django_capture_on_commit_callbacks):
    old = full(article)
    with django_capture_on_commit_callbacks(execute=True):
        article.move(site_tree.event_index, pos="last-child")
    article.refresh_from_db()
    assert old in cdn
    assert full(article) in cdn
    assert full(site_tree.event_index) in cdn


def test_a_new_slug_purges_the_old_address(cdn, article, django_capture_on_commit_callbacks):
    old = full(article)
    article.slug = "forum-kratovo"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert old in cdn
    assert old.replace("/forum/", "/forum-kratovo/") in cdn


def test_nothing_is_purged_when_no_frontend_cache_is_configured(article, django_capture_on_commit_callbacks):
    with mock.patch.object(frontend_cache, "purge_urls_from_cache") as purge:
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
    purge.assert_not_called()


def test_a_failing_cdn_does_not_stop_publishing(cdn, article, django_capture_on_commit_callbacks):
    with mock.patch.object(RecordingBackend, "purge", side_effect=OSError("CDN down")):
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
    article.refresh_from_db()
    assert article.live


def settings_in_a_new_process(**env):
    """config.settings as a server started with these variables reads it."""
    code = "from django.conf import settings; print(sorted(settings.WAGTAILFRONTENDCACHE))"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GLAS_FRONTEND", "GLAS_CLOUDFLARE"))}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60)


def test_settings_build_the_backend_from_the_environment():
    http = settings_in_a_new_process(GLAS_FRONTEND_CACHE="http", GLAS_FRONTEND_CACHE_URL="http://127.0.0.1:6081")
    assert http.stdout.strip() == "['http']"
    cloudflare = settings_in_a_new_process(
        GLAS_FRONTEND_CACHE="cloudflare", GLAS_CLOUDFLARE_TOKEN="token", GLAS_CLOUDFLARE_ZONE_ID="zone"
    )
    assert cloudflare.stdout.strip() == "['cloudflare']"
    assert "needs GLAS_CLOUDFLARE_TOKEN" in settings_in_a_new_process(GLAS_FRONTEND_CACHE="cloudflare").stderr
    assert "has no attribute 'WAGTAILFRONTENDCACHE'" in settings_in_a_new_process().stderr
