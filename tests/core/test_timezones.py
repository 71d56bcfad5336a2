"""Times are shown in the time zone of the body that runs the consultation, competition or
event, labelled with its city: a meeting in Kyustendil at 10:00 Sofia time is not "9:00 Skopje
time" for a Bulgarian reader."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.essays.test_entries import enter_url, good_data
from tests.factories import EventPageFactory

pytestmark = pytest.mark.django_db

SOFIA = ZoneInfo("Europe/Sofia")


def test_an_event_in_sofia_shows_sofia_time_in_every_language(client, site_tree):
    start = datetime.datetime(2026, 12, 12, 10, 0, tzinfo=SOFIA)
    EventPageFactory(
        parent=site_tree.event_index,
        title="Meeting in Kyustendil",
        slug="kyustendil",
        start=start,
        end=start + datetime.timedelta(hours=3),
        time_zone="Europe/Sofia",
    )
    html = client.get("/en/events/kyustendil/").content.decode()
    assert "10:00" in html and "13:00" in html and "Sofia time" in html
    assert "Skopje time" not in html
    assert "DTSTART;TZID=Europe/Sofia:20261212T100000" in client.get("/en/events/kyustendil/ics/").content.decode()


def test_a_consultation_in_albania_shows_tirana_time(client, consultations):
    page = consultations["open"]
    page.time_zone = "Europe/Tirane"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Tirana time" in html and "Skopje time" not in html


def test_a_students_receipt_gives_the_deadline_in_the_competitions_time_zone(client, competitions, mailoutbox):
    page = competitions["open"]
    page.time_zone = "Europe/Sofia"
    page.deadline = page.deadline.astimezone(SOFIA).replace(hour=23, minute=59)
    page.save_revision().publish()
    response = client.post(enter_url(page), good_data())
    assert response.status_code == 302
    body = mailoutbox[0].body
    assert "23:59" in body and "(Sofia time)" in body
