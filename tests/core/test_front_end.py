"""Front-end delivery: gzip only for pages without secrets (BREACH), favicons and theme colour."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.test import RequestFactory

from core.cache import HEADER
from core.compression import SafeGZipMiddleware, carries_secret, mark_secret
from tests.factories import NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def article(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Форум во Кратово", slug="forum")


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return gzip.decompress(content) if response.get("Content-Encoding") == "gzip" else content


def test_an_anonymous_page_is_compressed_and_varies_on_accept_encoding(client, article):
    response = client.get(article.url, **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "Форум во Кратово" in body(response).decode()
    plain = client.get(article.url)
    assert not plain.has_header("Content-Encoding")
    assert body(response) == plain.content


def test_a_page_with_a_csrf_form_is_not_compressed(client, site_tree):
    response = client.get("/mk/login/", **GZIP)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")
    assert "Accept-Encoding" in response["Vary"]


def test_a_signed_in_visitor_gets_no_compression(client, article):
    client.force_login(UserFactory())
    response = client.get(article.url, **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert "Форум во Кратово" in response.content.decode()


def test_a_session_cookie_alone_turns_compression_off(client, article, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "whatever"
    response = client.get(article.url, **GZIP)
    assert not response.has_header("Content-Encoding")


def test_marked_private_or_cookie_setting_responses_stay_plain(settings):
    request = RequestFactory().get("/mk/", **GZIP)
    page = "<p>" + "тајна " * 200 + "</p>"
    middleware = SafeGZipMiddleware(lambda request: HttpResponse(page))
    assert middleware(request)["Content-Encoding"] == "gzip"
    assert carries_secret(request, mark_secret(HttpResponse(page)))
    marked = SafeGZipMiddleware(lambda request: mark_secret(HttpResponse(page)))(request)
    assert not marked.has_header("Content-Encoding")
    private = HttpResponse(page, headers={"Cache-Control": "private"})
    assert not SafeGZipMiddleware(lambda request: private)(request).has_header("Content-Encoding")
    with_cookie = HttpResponse(page)
    with_cookie.set_cookie("token", "s3cret")
    assert not SafeGZipMiddleware(lambda request: with_cookie)(request).has_header("Content-Encoding")
    settings.GLAS_GZIP = False
    assert not middleware(request).has_header("Content-Encoding")


def test_a_page_cache_hit_serves_correct_compressed_bytes(client, article, settings):
    settings.GLAS_PAGE_CACHE_SECONDS = 300
    first = client.get(article.url, **GZIP)
    second = client.get(article.url, **GZIP)
    plain = client.get(article.url)
    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert second["Content-Encoding"] == "gzip"
    assert int(second["Content-Length"]) == len(second.content)
    assert body(second) == body(first) == plain.content
    assert plain[HEADER] == "hit"
    assert not plain.has_header("Content-Encoding")


@pytest.mark.parametrize("name", ["favicon.svg", "favicon-32.png", "apple-touch-icon.png"])
def test_favicons_are_linked_and_resolve(client, site_tree, name):
    html = client.get("/mk/").content.decode()
    assert f"/static/{name}" in html
    assert finders.find(name)
    assert '<meta name="theme-color" content="#1b4965">' in html


def test_favicon_png_sizes():
    from PIL import Image

    with Image.open(finders.find("favicon-32.png")) as small, Image.open(finders.find("apple-touch-icon.png")) as big:
        assert small.size == (32, 32)
        assert big.size == (180, 180)


def template_classes():
    """Every plain class name written in a class attribute of the project's templates."""
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    names = set()
    for path in [*base.glob("templates/**/*.html"), *base.glob("*/templates/**/*.html")]:
        for attribute in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8")):
            attribute = re.sub(r"{%.*?%}|{{.*?}}", " ", attribute)
            names.update(name for name in attribute.split() if re.fullmatch(r"[a-z][\w-]*", name))
    return names


@pytest.fixture(scope="module")
def trimmed():
    from core.css_build import SOURCE, build

    return build(force=True).read_text(encoding="utf-8"), SOURCE.read_text(encoding="utf-8")


def bootstrap_classes(css):
    return set(re.findall(r"\.([a-z][\w-]*)", re.sub(r"url\([^)]*\)|\d+\.\d+", "", css)))


def test_the_trimmed_css_keeps_every_bootstrap_class_the_templates_use(trimmed):
    built, full = trimmed
    used = template_classes() & bootstrap_classes(full)
    assert {"container", "btn", "navbar"} <= used
    assert used - bootstrap_classes(built) == set()


def test_the_trimmed_css_drops_unused_components_and_is_far_smaller(trimmed):
    built, full = trimmed
    for unused in ("carousel-item", "toast-header", "offcanvas-start", "placeholder-wave", "spinner-grow"):
        assert f".{unused}" in full
        assert f".{unused}" not in built
    assert len(built) < len(full) * 0.3, "at least 70% smaller than Bootstrap"
    assert ":root" in built and "--bs-body-font-family" in built


def test_the_trimmed_css_is_found_as_a_static_file_and_linked(client, site_tree):
    from core.css_build import TRIMMED_PATH

    assert finders.find(TRIMMED_PATH).endswith("bootstrap.trimmed.css")
    html = client.get("/mk/").content.decode()
    assert f"/static/{TRIMMED_PATH}" in html
    assert "bootstrap.min.css" not in html


def test_images_have_width_height_srcset_and_the_hero_loads_first(client, site_tree, settings, tmp_path):
    from wagtail_factories import ImageFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    picture = ImageFactory(width=1600, height=900)
    NewsPageFactory(parent=site_tree.news_index, title="Со слика", slug="with-picture", image=picture)
    html = client.get(site_tree.news_index.url + "with-picture/").content.decode()
    tags = re.findall(r"<img [^>]*>", html)
    assert tags
    for tag in tags:
        assert re.search(r'width="\d+"', tag) and re.search(r'height="\d+"', tag), tag
        assert "srcset=" in tag and "sizes=" in tag, tag
    assert 'fetchpriority="high"' in tags[0]
    listing = client.get(site_tree.news_index.url).content.decode()
    cards = re.findall(r"<img [^>]*>", listing)
    assert cards and all('loading="lazy"' in tag and "srcset=" in tag for tag in cards)
