"""A citizen finds an open consultation and reads the draft; axe checks each page."""

import re

import pytest
from playwright.sync_api import expect

from consultations.models import ConsultationIndexPage
from tests.conftest import SiteTree, translate
from tests.integration.test_consultation_pages import make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_reads_an_open_consultation_in_macedonian(page, axe_check):
    tree = SiteTree()
    index = ConsultationIndexPage(title="Consultations", slug="consultations", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    consultation = make_consultation(index, "youth-strategy", -5, title="Youth strategy")
    translate(index, "mk", title="Консултации")
    translate(consultation, "mk", title="Стратегија за младите")

    page.goto("/mk/")
    axe_check(page)
    page.get_by_role("link", name="Стратегија за младите").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Стратегија за младите")
    axe_check(page)
    page.get_by_role("navigation", name=re.compile("Содржина")).get_by_role("link").nth(1).click()
    expect(page).to_have_url(re.compile(r"#s-"))

    page.get_by_role("navigation", name="Главна навигација").get_by_role("link", name="Консултации").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Консултации")
    axe_check(page)
