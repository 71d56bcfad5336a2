"""Consultation index and pages: phases, the numbered draft, anchors shared across languages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationPage
from tests.conftest import LANGUAGES, translate
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DRAFT = [
    {"type": "paragraph", "value": "<p>This strategy covers 2027 to 2031.</p>"},
    {"type": "section", "value": "Young people and work"},
    {"type": "paragraph", "value": "<p>Paid internships with local employers.</p>"},
    {"type": "paragraph", "value": "<p>A youth office in every municipality.</p>"},
    {"type": "section", "value": "Transport"},
    {"type": "paragraph", "value": "<p>Buses between villages every hour.</p>"},
]


def make_consultation(parent, slug, opens_in_days, lasts_days=30, **fields):
    opens_at = timezone.now() + datetime.timedelta(days=opens_in_days)
    page = ConsultationPage(
        title=fields.pop("title", f"Consultation {slug}"),
        slug=slug,
        summary="A local strategy on youth employment and migration.",
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=lasts_days),
        draft=DRAFT,
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def consultations(site_tree):
    index = ConsultationIndexPage(title="Consultations", slug="consultations", show_in_menus=True)
    site_tree.home.add_child(instance=index)
    index.save_revision().publish()
    organiser = OrganisationFactory(name="Association Izvor")
    pages = {
        "open": make_consultation(index, "youth-strategy", -5, title="Youth strategy", organiser=organiser),
        "upcoming": make_consultation(index, "tourism-plan", 10, title="Tourism plan"),
        "closed": make_consultation(index, "old-plan", -60, title="Old plan"),
    }
    for code in ("mk", "sq", "bg"):
        translate(index, code, title=f"Consultations [{code}]")
        translate(pages["open"], code, title=f"Youth strategy [{code}]")
    return {"index": index, **pages}


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
