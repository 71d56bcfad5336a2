"""Consultation index and pages: phases, the numbered draft, anchors shared across languages."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from consultations.models import ConsultationPage
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.django_db


def test_index_groups_consultations_by_phase(client, consultations):
    html = client.get("/en/consultations/").content.decode()
    open_at, coming_at, closed_at = (html.index(t) for t in ("Youth strategy", "Tourism plan", "Old plan"))
    assert open_at < coming_at < closed_at
    assert "Open for comments" in html
    assert "Association Izvor" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_consultation_page_renders_in_every_language(client, consultations, language):
    response = client.get(f"/{language}/consultations/youth-strategy/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_draft_shows_numbered_sections_paragraphs_and_contents(client, consultations):
    html = client.get("/en/consultations/youth-strategy/").content.decode()
    assert "1. Young people and work" in html
    assert "2. Transport" in html
    assert "Contents of the draft" in html
    page = consultations["open"]
    sections = page.sections()
    assert [s.heading for s in sections] == ["", "Young people and work", "Transport"]
    assert [p.number for s in sections for p in s.paragraphs] == [1, 2, 3, 4]
    for section in sections[1:]:
        assert f'href="#s-{section.block_id}"' in html


def test_paragraph_anchors_are_the_same_in_every_language(client, consultations):
    english = consultations["open"]
    albanian = ConsultationPage.objects.get(translation_key=english.translation_key, locale__language_code="sq")
    english_ids = [p.block_id for s in english.sections() for p in s.paragraphs]
    assert english_ids == [p.block_id for s in albanian.sections() for p in s.paragraphs]
    html = client.get("/sq/consultations/youth-strategy/").content.decode()
    for block_id in english_ids:
        assert f'id="p-{block_id}"' in html


def test_phase_badges(client, consultations):
    assert consultations["open"].phase == "open"
    assert consultations["upcoming"].phase == "upcoming"
    assert consultations["closed"].phase == "closed"
    assert "Report published" not in client.get("/en/consultations/old-plan/").content.decode()


def test_home_page_invites_to_open_consultations_only(client, consultations):
    html = client.get("/en/").content.decode()
    assert "Have your say" in html
    assert "Youth strategy" in html
    assert "Tourism plan" not in html
    assert "Youth strategy [mk]" in client.get("/mk/").content.decode()


def test_consultation_must_close_after_it_opens(consultations):
    page = consultations["open"]
    page.closes_at = page.opens_at
    with pytest.raises(ValidationError):
        page.full_clean()
    page.closes_at = page.opens_at + datetime.timedelta(days=1)
    page.report_published_at = page.opens_at
    with pytest.raises(ValidationError):
        page.full_clean()


def test_open_now_is_the_vocabulary_of_views(consultations):
    assert list(ConsultationPage.objects.open_now().filter(locale__language_code="en")) == [consultations["open"]]
