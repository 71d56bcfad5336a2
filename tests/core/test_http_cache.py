"""Cache-Control for a CDN in front (core/http_cache.py): public pages get a shared cache's age,
everything that belongs to one person stays out of shared caches, and nothing changes while
GLAS_CDN_MAX_AGE is 0."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone
from wagtail.models import Locale

from core.cache import HEADER
from core.http_cache import FRESH_UNTIL, PRIVATE, is_personal
from tests.factories import NewsPageFactory, UserFactory, juror

pytestmark = pytest.mark.django_db


@pytest.fixture
def cdn_on(settings):
    settings.GLAS_CDN_MAX_AGE = 600
    settings.GLAS_BROWSER_MAX_AGE = 60


@pytest.fixture
def article(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Forum founded in Kratovo", slug="forum")


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def test_an_anonymous_page_may_be_kept_by_a_cdn(client, cdn_on, article):
    response = client.get(article.url)
    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=60", "s-maxage=600"}
    assert "cookie" in vary(response)
    assert FRESH_UNTIL not in response


def test_a_page_served_from_glass_own_cache_gets_the_same_headers(client, cdn_on, settings, article):
    settings.GLAS_PAGE_CACHE_SECONDS = 300
    client.get(article.url)
    second = client.get(article.url)
    assert second[HEADER] == "hit"
    assert directives(second) == {"public", "max-age=60", "s-maxage=600"}
    assert FRESH_UNTIL not in second


def test_a_language_version_is_public_under_its_own_address(client, cdn_on, site_tree):
    macedonian = site_tree.news_index.get_translation(Locale.objects.get(language_code="mk"))
    response = client.get(macedonian.url)
    assert macedonian.url.startswith("/mk/")
    assert "public" in directives(response)


def test_the_shared_age_stops_at_the_next_phase_change(client, cdn_on, consultations):
    page = consultations["open"]
    closes_in = (page.next_change(timezone.now()) - timezone.now()).total_seconds()
    page.closes_at = timezone.now() + datetime.timedelta(seconds=120)
    page.save_revision().publish()
    assert closes_in > 120
    response = client.get(page.url)
    shared = next(int(d.split("=")[1]) for d in directives(response) if d.startswith("s-maxage="))
    assert 100 <= shared <= 120


def test_nothing_is_added_while_the_cdn_age_is_zero(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    assert "Cache-Control" not in response
    assert FRESH_UNTIL not in response


def test_a_signed_in_visitor_gets_private_no_store(client, cdn_on, article):
    client.force_login(UserFactory())
    response = client.get(article.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_a_page_with_a_form_and_its_csrf_token_is_private(client, cdn_on, competitions):
    enter = competitions["open"].url + competitions["open"].reverse_subpage("enter")
    response = client.get(enter)
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    assert response["Cache-Control"] == PRIVATE


def test_a_post_answer_is_private(client, cdn_on, consultations):
    page = consultations["open"]
    response = client.post(page.url + page.reverse_subpage("comment"), {"text": ""})
    assert response["Cache-Control"] == PRIVATE


def test_the_admin_is_private(client, cdn_on):
    assert client.get("/admin/")["Cache-Control"] == PRIVATE
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_the_jury_pages_are_private_for_everyone(client, cdn_on, competitions):
    anonymous = client.get("/en/jury/")
    assert anonymous.status_code == 302
    assert anonymous["Cache-Control"] == PRIVATE
    client.force_login(juror("juror-cdn"))
    response = client.get("/en/jury/")
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_a_secret_link_is_private_even_without_a_cookie(cdn_on, settings):
    from django.http import HttpResponse

    request = RequestFactory().get("/en/my-comments/some-token/")
    request.resolver_match = resolve("/en/account/e-mails/")
    request.resolver_match.kwargs["token"] = "secret"
    settings.GLAS_CDN_PRIVATE_PATHS = []
    assert is_personal(request, HttpResponse("ok"))
    plain = RequestFactory().get("/en/news/")
    plain.resolver_match = resolve("/en/account/e-mails/")
    assert not is_personal(plain, HttpResponse("ok"))


def test_a_missing_page_is_revalidated_not_kept(client, cdn_on, site_tree):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-cache"


def test_an_answer_that_sets_a_cookie_is_private_whatever_the_view_said(client, cdn_on, site_tree):
    # The language switcher's redirect from "/" sets no cookie; signing in does, on a POST.
    user = UserFactory(username="cookie-person")
    user.set_password("a-long-password-1")
    user.save()
    response = client.post("/en/login/", {"username": "cookie-person", "password": "a-long-password-1"})
    assert response.status_code == 302
    assert "sessionid" in response.cookies
    assert response["Cache-Control"] == PRIVATE
