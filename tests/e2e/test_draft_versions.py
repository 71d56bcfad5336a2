"""An editor publishes a second version of a draft; a Macedonian citizen on a phone sees which
version the page shows and compares the two, inline and side by side; a visitor downloads the
consultation's open data and reads the API's page; axe checks each page."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Locale

from consultations.models import ConsultationIndexPage, ConsultationPage, DraftVersion, DraftVersionText
from home.demo.localize import translate_objects
from tests.conftest import SiteTree, translate
from tests.e2e.admin import sign_in
from tests.factories import CommentFactory, UserFactory, make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


def consultation_in_macedonian():
    tree = SiteTree()
    index = ConsultationIndexPage(title="Consultations", slug="consultations", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    page = make_consultation(index, "youth-strategy", -5, title="Youth strategy")
    translate(index, "mk", title="Консултации")
    translate(page, "mk", title="Стратегија за младите")
    return tree, page


def test_editor_publishes_a_second_version_with_its_summary(page, axe_check):
    _tree, consultation = consultation_in_macedonian()
    user = UserFactory(username="elena")
    user.groups.add(Group.objects.get(name="Editors"))
    sign_in(page, user)
    page.goto(f"/admin/pages/{consultation.pk}/edit/")
    page.get_by_role("button", name=re.compile("Add version", re.IGNORECASE)).click()
    page.locator("textarea[name='draft_versions-0-summary']").fill("Internships at the municipality too.")
    page.locator("button.dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("has been published")).to_be_visible()

    version = DraftVersion.objects.get(page=consultation)
    assert version.number == 2 and version.summary == "Internships at the municipality too."
    assert DraftVersionText.objects.filter(consultation_key=consultation.translation_key, language="en").count() == 2
    page.goto("/en/consultations/youth-strategy/versions/")
    expect(page.get_by_text("Internships at the municipality too.")).to_be_visible()
    axe_check(page)


def test_citizen_on_a_phone_compares_two_versions_in_macedonian(browser, live_server, axe_check):
    _tree, consultation = consultation_in_macedonian()
    ids = [b["id"] for b in consultation.draft.raw_data if b["type"] == "paragraph"]
    CommentFactory(
        consultation=consultation,
        paragraph_id=ids[1],
        author_name="Vesna",
        decision="accepted",
        response="Added.",
        response_paragraph_id=ids[1],
    )
    source = ConsultationPage.objects.get(pk=consultation.pk)
    blocks = [dict(b) for b in source.draft.raw_data]
    blocks[2]["value"] = "<p>Paid internships with local employers and the municipality.</p>"
    source.draft = blocks
    source.draft_versions.add(DraftVersion(summary="Internships at the municipality too."))
    source.save_revision().publish()
    translate_objects(
        [source],
        Locale.objects.get(language_code="mk"),
        {
            "Paid internships with local employers and the municipality.": (
                "Платена пракса кај локалните работодавци и во општината."
            ),
            "Internships at the municipality too.": "Пракса и во општината.",
        },
    )

    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="mk-MK")
    page = phone.new_page()
    page.goto("/mk/consultations/youth-strategy/")
    expect(page.get_by_text("Верзија 2 на нацртот")).to_be_visible()
    page.get_by_role("link", name="Споредете ги верзиите").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Споредете ги верзиите на нацртот")
    expect(page.get_by_role("heading", name="Од верзија 1 до верзија 2")).to_be_visible()
    expect(page.locator("ins").filter(has_text="во општината")).to_be_visible()
    expect(page.get_by_text("Сменет поради 1 коментар")).to_be_visible()
    axe_check(page)

    page.get_by_label("една до друга").check()
    page.get_by_role("button", name="Спореди").click()
    expect(page).to_have_url(re.compile(r"layout=side"))
    expect(page.locator(".col-md-6")).to_have_count(2)
    axe_check(page)

    page.get_by_role("link", name="Верзии на нацртот").click()
    expect(page.get_by_text("Пракса и во општината.")).to_be_visible()
    axe_check(page)
    phone.close()


def test_a_visitor_downloads_the_open_data_and_reads_the_api_page(page, axe_check):
    import io
    import zipfile

    _tree, consultation = consultation_in_macedonian()
    page.goto("/mk/consultations/youth-strategy/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Отворени податоци")).click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
    assert {"comments.csv", "paragraphs-mk.csv", "versions.csv", "README.txt"} <= set(archive.namelist())
    page.goto("/api/v1/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("/api/v1/consultations/").first).to_be_visible()
    axe_check(page)
