"""The full-page cache for anonymous visitors (home/cache.py): what it keeps, what it never keeps,
and the purges when editors publish, moderators approve, or a consultation's phase changes."""

import datetime
import time

import pytest
from django.utils import timezone
from wagtail.models import Locale

from consultations.choices import Status
from core.cache import HEADER
from core.phases import first_after
from tests.factories import CommentFactory, NewsPageFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.GLAS_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def article(site_tree):
    return NewsPageFactory(parent=site_tree.news_index, title="Forum founded in Kratovo", slug="forum")


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


def test_an_anonymous_visitor_gets_the_second_view_from_the_cache(client, article):
    first, first_html = get(client, article.url)
    second, second_html = get(client, article.url)
    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert second_html == first_html
    # The security headers are kept with the page.
    assert "Content-Security-Policy" in second
    assert second["X-Content-Type-Options"] == "nosniff"


def test_each_language_version_has_its_own_entry(client, site_tree):
    get(client, site_tree.home.url)
    response, html = get(client, site_tree.home.get_translation(Locale.objects.get(language_code="mk")).url)
    assert response[HEADER] == "miss"
    assert 'lang="mk"' in html


def test_a_signed_in_visitor_is_never_served_from_the_cache(client, article):
    get(client, article.url)
    client.force_login(UserFactory())
    response, _html = get(client, article.url)
    assert HEADER not in response
    assert response.wsgi_request.user.is_authenticated


def test_a_page_with_a_form_is_not_kept_so_no_one_gets_another_visitors_csrf_token(client, competitions):
    enter = competitions["open"].url + competitions["open"].reverse_subpage("enter")
    first = client.get(enter)
    assert "csrftoken" in first.cookies
    client.cookies.clear()
    second = client.get(enter)
    assert second.get(HEADER) != "hit"
    assert "csrftoken" in second.cookies


def test_publishing_a_page_purges_it_its_list_and_the_home_page(client, site_tree, article):
    for url in (article.url, site_tree.news_index.url, site_tree.home.url):
        get(client, url)
        assert get(client, url)[0][HEADER] == "hit"
    article.title = "Forum founded in Kratovo and Kriva Palanka"
    article.save_revision().publish()
    for url in (article.url, site_tree.news_index.url, site_tree.home.url):
        response, html = get(client, url)
        assert response[HEADER] == "miss", url
        assert "Kriva Palanka" in html, url


def test_publishing_a_page_leaves_unrelated_pages_cached(client, site_tree, article):
    get(client, site_tree.project_index.url)
    article.save_revision().publish()
    assert get(client, site_tree.project_index.url)[0][HEADER] == "hit"


def test_unpublishing_a_page_takes_it_off_the_cached_list(client, site_tree, article):
    _response, html = get(client, site_tree.news_index.url)
    assert "Forum founded in Kratovo" in html
    article.unpublish()
    response, html = get(client, site_tree.news_index.url)
    assert response[HEADER] == "miss"
    assert "Forum founded in Kratovo" not in html
    assert client.get(article.url).status_code == 404


def test_publishing_a_translation_purges_the_other_language_versions(client, site_tree, article):
    from tests.conftest import translate

    get(client, article.url)
    translate(article, "mk", title="Форум основан во Кратово")
    response, html = get(client, article.url)
    assert response[HEADER] == "miss"
    assert 'hreflang="mk"' in html


def test_saving_an_organisation_purges_every_page(client, site_tree, article):
    get(client, article.url)
    OrganisationFactory(name="Izvor")
    assert get(client, article.url)[0][HEADER] == "miss"


def test_approving_a_comment_shows_it_on_the_cached_consultation_page(client, consultations):
    page = consultations["open"]
    comment = CommentFactory(consultation=page, status=Status.PENDING, text="Buses to the villages after 18:00.")
    get(client, page.url)
    assert get(client, page.url)[0][HEADER] == "hit"
    from consultations import moderation

    moderation.approve([comment], UserFactory())
    response, html = get(client, page.url)
    assert response[HEADER] == "miss"
    assert "Buses to the villages after 18:00." in html
    # The list of consultations shows counts, so it is purged too.
    assert get(client, consultations["index"].url)[0][HEADER] == "miss"


def test_approving_a_comment_shows_it_on_each_cached_language_version(client, consultations):
    from consultations import moderation

    page = consultations["open"]
    macedonian = page.get_translation(Locale.objects.get(language_code="mk"))
    comment = CommentFactory(consultation=page, status=Status.PENDING, text="Buses to the villages after 18:00.")
    get(client, macedonian.url)
    assert get(client, macedonian.url)[0][HEADER] == "hit"
    moderation.approve([comment], UserFactory())
    response, html = get(client, macedonian.url)
    assert response[HEADER] == "miss"
    assert "Buses to the villages after 18:00." in html


def test_a_new_unconfirmed_comment_leaves_the_cached_page_alone(client, consultations):
    page = consultations["open"]
    get(client, page.url)
    CommentFactory(consultation=page, status=Status.UNCONFIRMED)
    assert get(client, page.url)[0][HEADER] == "hit"


def test_a_cached_consultation_page_expires_when_the_consultation_closes(client, consultations):
    page = consultations["open"]
    page.closes_at = timezone.now() + datetime.timedelta(seconds=2)
    page.save_revision().publish()
    _response, html = get(client, page.url)
    assert "Closed, report in preparation" not in html
    time.sleep(2.1)
    response, html = get(client, page.url)
    assert response[HEADER] == "miss"
    assert "Closed, report in preparation" in html


def test_the_cache_can_be_turned_off(client, settings, article):
    settings.GLAS_PAGE_CACHE_SECONDS = 0
    get(client, article.url)
    assert HEADER not in get(client, article.url)[0]


def test_the_next_phase_change_is_the_first_moment_still_to_come():
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    assert first_after(now, now - hour, now + 2 * hour, now + hour, None) == now + hour
    assert first_after(now, now - hour, now) is None


def test_rejecting_a_published_comment_takes_it_off_the_cached_page(client, consultations):
    from consultations import moderation
    from consultations.choices import RejectionReason
    from consultations.models import Comment

    page = consultations["open"]
    CommentFactory(consultation=page, status=Status.PUBLISHED, text="An insult that slipped through.")
    assert "An insult that slipped through." in get(client, page.url)[1]
    comment = Comment.objects.get(text="An insult that slipped through.")
    moderation.reject([comment], UserFactory(), RejectionReason.values[0])
    response, html = get(client, page.url)
    assert response[HEADER] == "miss"
    assert "An insult that slipped through." not in html


def test_a_page_stored_by_another_app_server_is_served_and_purged_the_same(client, article):
    from core import cache as page_cache

    get(client, article.url)
    page_cache._known_tags.clear()  # as if another process had stored the entry
    assert get(client, article.url)[0][HEADER] == "hit"
    article.save_revision().publish()
    page_cache._known_tags.clear()
    assert get(client, article.url)[0][HEADER] == "miss"


def test_urls_outside_the_language_prefixes_are_never_cached(client, site_tree):
    assert HEADER not in client.get("/healthz")
    assert HEADER not in client.get("/robots.txt")


def test_the_cached_menu_changes_when_a_page_in_the_menu_is_published_or_unpublished(client, settings, site_tree):
    from tests.factories import StandardPageFactory

    settings.GLAS_PAGE_CACHE_SECONDS = 0  # the menu alone
    settings.GLAS_CACHE_FRAGMENTS = True
    assert "Our funders" not in get(client, site_tree.about.url)[1]
    page = StandardPageFactory(parent=site_tree.home, title="Our funders", slug="funders", show_in_menus=True)
    page.save_revision().publish()
    assert "Our funders" in get(client, site_tree.about.url)[1]
    page.unpublish()
    assert "Our funders" not in get(client, site_tree.about.url)[1]


def test_a_signed_in_visitor_reads_the_menu_from_the_cache_too(client, settings, site_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import StandardPageFactory, UserFactory

    settings.GLAS_PAGE_CACHE_SECONDS = 0
    settings.GLAS_CACHE_FRAGMENTS = True
    client.force_login(UserFactory())
    get(client, site_tree.about.url)
    with CaptureQueriesContext(connection) as captured:
        assert "About" in get(client, site_tree.about.url)[1]
    in_menu = '"wagtailcore_page"."live" AND "wagtailcore_page"."show_in_menus")'
    assert not any(in_menu in query["sql"] for query in captured)
    page = StandardPageFactory(parent=site_tree.home, title="Our funders", slug="funders", show_in_menus=True)
    page.save_revision().publish()
    assert "Our funders" in get(client, site_tree.about.url)[1]


@pytest.fixture
def fragments_only(settings):
    settings.GLAS_PAGE_CACHE_SECONDS = 0
    settings.GLAS_CACHE_FRAGMENTS = True


def test_a_signed_in_visitor_gets_the_draft_from_the_cache_until_a_comment_is_approved(
    client, consultations, fragments_only
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consultations import moderation

    page = consultations["open"]
    comment = CommentFactory(consultation=page, status=Status.PENDING, text="Buses to the villages after 18:00.")
    client.force_login(UserFactory())
    first_html = get(client, page.url)[1]
    with CaptureQueriesContext(connection) as queries:
        second_html = get(client, page.url)[1]
    assert second_html == first_html
    assert not any("consultations_comment" in query["sql"] for query in queries)
    assert "Buses to the villages after 18:00." not in second_html

    moderation.approve([comment], UserFactory())
    assert "Buses to the villages after 18:00." in get(client, page.url)[1]


def test_an_approved_comment_leaves_what_the_page_keeps_of_itself(client, consultations, fragments_only, monkeypatch):
    """A comment changes the draft's comments (and the counts in the lists above), not the
    page's links to its translations: those stay kept until the page is published."""
    from consultations import moderation
    from core import i18n

    page = consultations["open"]
    comment = CommentFactory(consultation=page, status=Status.PENDING, text="Buses to the villages after 18:00.")
    get(client, page.url)
    built = []
    named = i18n.language_name
    monkeypatch.setattr(i18n, "language_name", lambda code: built.append(code) or named(code))
    moderation.approve([comment], UserFactory())
    assert "Buses to the villages after 18:00." in get(client, page.url)[1]
    assert built == []
    page.save_revision().publish()
    assert "Buses to the villages after 18:00." in get(client, page.url)[1]
    assert sorted(built) == ["bg", "en", "mk", "sq"]


def test_publishing_a_consultation_ends_its_kept_draft(client, consultations, fragments_only):
    page = consultations["open"]
    assert "Comment on this paragraph" in get(client, page.url)[1]
    page.title = "Youth strategy 2027"
    page.save_revision().publish()
    assert "Youth strategy 2027" in get(client, page.url)[1]
    page.refresh_from_db()
    draft = [dict(block) for block in page.draft.raw_data]
    next(block for block in draft if block["type"] == "paragraph")["value"] = "<p>Free buses for students.</p>"
    page.draft = draft
    page.save_revision().publish()
    assert "Free buses for students." in get(client, page.url)[1]


def test_a_kept_fragment_is_ended_by_one_page_or_one_part_not_both():
    from django.template import Template, TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="purged_by or part"):
        Template(
            '{% load glas_tags %}{% page_fragment "x" page purged_by=page part="comments" %}{% endpage_fragment %}'
        )


def test_the_kept_draft_follows_the_phase_and_the_language(client, consultations, fragments_only):
    from consultations.models import ConsultationPage

    page = consultations["open"]
    assert "Comment on this paragraph" in get(client, page.url)[1]
    macedonian = get(client, page.get_translation(Locale.objects.get(language_code="mk")).url)[1]
    assert "Коментирајте го овој пасус" in macedonian
    assert "Comment on this paragraph" not in macedonian
    # Closed without anything published: only the clock moved on.
    ConsultationPage.objects.filter(pk=page.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    html = get(client, page.url)[1]
    assert "Comment on this paragraph" not in html
    assert "Closed, report in preparation" in html


def test_a_purge_while_a_kept_value_is_built_for_the_first_time_is_not_lost():
    """The tag's token is made before building: a purge during the build (data changed while it
    was read) must make the next call build again, not serve what was read before."""
    from core import cache as page_cache

    builds = []

    def build():
        builds.append(1)
        if len(builds) == 1:
            page_cache.purge("race")
        return len(builds)

    assert page_cache.tag_cached("race", "glas:test:race", build, 60) == 1
    assert page_cache.tag_cached("race", "glas:test:race", build, 60) == 2
    assert page_cache.tag_cached("race", "glas:test:race", build, 60) == 2
