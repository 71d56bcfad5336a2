"""Within a request, the site-cached values (the menu, the view restrictions) are read once, in
one round trip to the cache, with what the page read the last time (its kept route and
fragments), and still follow a purge (core/cache.py)."""

import pytest
from django.core.cache import cache

from core import cache as page_cache
from tests.factories import NewsPageFactory, StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_fragments")]


def counted_reads(monkeypatch, counts):
    """Each round trip that reads the cache and asks for keys that `counts(keys)` picks."""
    reads, depth = [], []
    for name in ("get", "get_many"):
        original = getattr(cache, name)

        def counted(keys, *args, _original=original, **kwargs):
            asked = [keys] if isinstance(keys, str) else list(keys)
            if not depth and counts(asked):
                reads.append(asked)
            depth.append(1)  # a backend's get_many may call its own get for each key
            try:
                return _original(keys, *args, **kwargs)
            finally:
                depth.pop()

        monkeypatch.setattr(cache, name, counted)
    return reads


@pytest.fixture
def site_reads(monkeypatch):
    """Each read of the cache that asks for a site-cached value or the site tag's token."""
    site = ("glas:site:", page_cache.TAG_PREFIX + page_cache.SITE)
    return counted_reads(monkeypatch, lambda asked: any(key.startswith(site) for key in asked))


def test_an_article_reads_the_menu_the_restrictions_and_the_site_token_in_one_round_trip(
    client, site_tree, site_reads
):
    article = NewsPageFactory(parent=site_tree.news_index)
    client.get(article.url)  # fills the cache and learns which values pages in English ask for
    site_reads.clear()
    response = client.get(article.url)
    assert response.status_code == 200
    assert len(site_reads) == 1
    assert page_cache.TAG_PREFIX + page_cache.SITE in site_reads[0]
    assert any(key.startswith("glas:site:menu:") for key in site_reads[0])
    assert "glas:site:view-restrictions" in site_reads[0]


def test_a_purge_of_the_site_between_requests_shows_the_new_menu(client, site_tree):
    assert "Our funders" not in client.get(site_tree.about.url).content.decode()
    page = StandardPageFactory(parent=site_tree.home, title="Our funders", slug="funders", show_in_menus=True)
    page.save_revision().publish()
    assert "Our funders" in client.get(site_tree.about.url).content.decode()
    page.unpublish()
    assert "Our funders" not in client.get(site_tree.about.url).content.decode()


def test_a_value_is_built_once_per_request_and_again_after_a_purge():
    builds = []

    def build():
        builds.append(1)
        return len(builds)

    def one_request():
        reset = page_cache._request_memo.set(page_cache._RequestMemo())
        try:
            return page_cache.site_cached("test", build), page_cache.site_cached("test", build)
        finally:
            page_cache._request_memo.reset(reset)

    assert one_request() == (1, 1)
    assert one_request() == (1, 1)
    page_cache.purge(page_cache.SITE)
    assert one_request() == (2, 2)


def test_an_unreachable_cache_still_serves_what_is_built(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", refuse)
    reset = page_cache._request_memo.set(page_cache._RequestMemo())
    try:
        assert page_cache.site_cached("down", lambda: "built") == "built"
    finally:
        page_cache._request_memo.reset(reset)


@pytest.fixture
def all_reads(monkeypatch):
    """Each round trip that reads the cache (the site roots Wagtail keeps itself left out)."""
    return counted_reads(monkeypatch, lambda asked: asked != ["wagtail_site_root_paths"])


@pytest.mark.parametrize("which", ["home", "news_index", "article", "consultation"])
def test_a_page_reads_everything_it_keeps_in_one_round_trip(client, site_tree, consultations, all_reads, which):
    """Its route and its pages' tokens, its kept fragments and their tokens, the menu and the
    site's token: what the page read the last time comes in the request's first round trip."""
    article = NewsPageFactory(parent=site_tree.news_index, title="Library opens on Sundays")
    page = {
        "home": site_tree.home,
        "news_index": site_tree.news_index,
        "article": article,
        "consultation": consultations["open"],
    }[which]
    first = client.get(page.url).content.decode()
    client.get(page.url)
    all_reads.clear()
    assert client.get(page.url).content.decode() == first
    assert len(all_reads) == 1, all_reads


def test_a_purge_within_a_request_is_read_back_by_that_request():
    """What a request purges or stores is what it reads afterwards, not what its first round
    trip read."""
    builds = []

    def build():
        builds.append(1)
        return len(builds)

    reset = page_cache._request_memo.set(page_cache._RequestMemo())
    try:
        assert page_cache.tag_cached("memo-test", "glas:test:memo", build, 60) == 1
        assert page_cache.tag_cached("memo-test", "glas:test:memo", build, 60) == 1
        page_cache.purge("memo-test")
        assert page_cache.tag_cached("memo-test", "glas:test:memo", build, 60) == 2
        assert page_cache.tag_cached("memo-test", "glas:test:memo", build, 60) == 2
    finally:
        page_cache._request_memo.reset(reset)
