"""A competition's page keeps what is the same for every visitor in a phase (the call, the rules,
the rubric, the dates, the results) rendered in the cache, while the countdown is rendered on
each request (essays/templates/essays/competition_page.html, core/templatetags/glas_tags.py
page_fragment)."""

import datetime

import pytest
from django.db import connection
from django.template import defaultfilters
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from essays import results
from essays.models import CompetitionPage
from tests.factories import UserFactory, make_entry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_fragments")]


def page_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_call_is_kept_and_the_countdown_is_not(client, competitions, monkeypatch):
    page = competitions["open"]
    built = []
    names = CompetitionPage._language_names
    monkeypatch.setattr(CompetitionPage, "_language_names", lambda self: built.append(1) or names(self))
    first = page_html(client, page)
    assert "Entries close in" in first and "How the jury scores" in first
    assert built == [1]
    # Three days later (the filter's own clock).
    monkeypatch.setattr(defaultfilters, "timeuntil", lambda value, arg=None: "3\xa0days")
    later = page_html(client, page)
    assert built == [1]  # the languages, the rubric and the dates came from the cache
    assert "Entries close in 3\xa0days." in later
    assert "Entries close in 3\xa0days." not in first


def test_publishing_the_competition_shows_its_new_rules_at_once(client, competitions):
    page = competitions["open"]
    page_html(client, page)
    page.rules = "<p>One essay per student.</p>"
    page.save_revision().publish()
    assert "One essay per student." in page_html(client, page)


def test_the_page_changes_with_the_phase(client, competitions, monkeypatch):
    page = competitions["open"]
    assert "Enter the competition" in page_html(client, page)
    after = page.deadline + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: after)
    html = page_html(client, page)
    assert "Enter the competition" not in html
    assert "Entries are closed; the jury is reading them." in html


def test_winners_decided_again_after_the_results_are_out_show_at_once(client, competitions):
    page = competitions["open"]
    first, second = make_entry(page, title="The bridge"), make_entry(page, title="The well")
    page.opens_at = timezone.now() - datetime.timedelta(days=40)
    page.deadline = timezone.now() - datetime.timedelta(days=10)
    page.jury_deadline = timezone.now() - datetime.timedelta(days=2)
    page.results_at = timezone.now() - datetime.timedelta(days=1)
    page.save_revision().publish()
    coordinator = UserFactory()
    results.confirm_winners(page, coordinator, {first.pk: 1}, "", [first.pk, second.pk])
    results.publish_results(page, coordinator)
    page.refresh_from_db()
    html = page_html(client, page)
    assert "The bridge" in html and "The well" not in html
    with CaptureQueriesContext(connection) as captured:
        assert page_html(client, page) == html
    assert not any("essays_award" in query["sql"] for query in captured)
    results.confirm_winners(page, coordinator, {second.pk: 1}, "The jury read again.", [first.pk, second.pk])
    html = page_html(client, page)
    assert "The well" in html and "The bridge" not in html
