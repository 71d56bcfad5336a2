"""Error pages render whatever went wrong: a request for a host the site does not serve gets the
plain 400 page (not a 500 from the page's own tags asking the host again) and one warning in the
log, no error with a traceback; every error page is in the visitor's language and uses neither
the database nor the request's host."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.views import defaults
from django.views.csrf import csrf_failure

from core import views as core_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_hosts(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["glas.example"]


@pytest.mark.parametrize("url", ["/en/", "/mk/no-such-page/", "/healthz", "/admin/"])
def test_a_wrong_host_gets_the_plain_400_page_and_no_error_in_the_log(
    client, site_tree, production_hosts, caplog, url
):
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        response = client.get(url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The request could not be handled" in html or "Барањето не можеше да се обработи" in html
    assert "evil.example" not in html
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert errors == [], [(r.name, r.levelname, r.getMessage()) for r in errors]
    host_warnings = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(host_warnings) == 1 and host_warnings[0].levelno == logging.WARNING


def bad_host_request(path="/mk/x/"):
    return RequestFactory().get(path, HTTP_HOST="evil.example")


PAGES = {
    "400": lambda r: defaults.bad_request(r, Exception("bad")),
    "403": lambda r: defaults.permission_denied(r, PermissionDenied()),
    "403_csrf": lambda r: csrf_failure(r, reason="CSRF cookie not set."),
    "404": lambda r: defaults.page_not_found(r, Http404()),
    "500": lambda r: core_views.server_error(r),
}


@pytest.mark.parametrize("name", PAGES)
def test_each_error_page_renders_with_a_bad_host_without_the_database_in_the_visitors_language(
    site_tree, production_hosts, name
):
    request = bad_host_request()
    with translation.override("mk"), CaptureQueriesContext(connection) as queries:
        response = PAGES[name](request)
    html = response.content.decode()
    assert response.status_code == int(name[:3])
    assert '<html lang="mk">' in html
    assert "Глас" in html and 'href="/mk/"' in html
    assert "/static/css/glas.css" in html
    assert len(queries) == 0


def test_the_503_page_renders_with_a_bad_host_without_the_database(site_tree, production_hosts):
    from django.db import OperationalError

    from core.middleware import DatabaseUnavailableMiddleware

    request = bad_host_request()
    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    with translation.override("sq"), CaptureQueriesContext(connection) as queries:
        response = middleware.process_exception(request, OperationalError("gone"))
    assert response.status_code == 503
    assert '<html lang="sq">' in response.content.decode()
    assert len(queries) == 0


def test_the_404_page_still_offers_the_search(client, site_tree):
    response = client.get("/mk/no-such-page/")
    assert response.status_code == 404
    assert 'href="/mk/search/"' in response.content.decode()
