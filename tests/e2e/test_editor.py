"""An editor writes an article in English, translates it into Macedonian with
wagtail-localize and publishes it; a visitor then switches language on it."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from home.models import NewsPage
from tests.conftest import SiteTree
from tests.e2e.admin import fill_date, sign_in, translate_each_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor():
    tree = SiteTree()
    user = UserFactory(username="elena", first_name="Elena")
    user.groups.add(Group.objects.get(name="Editors"))
    return tree, user


def test_editor_creates_translates_and_publishes_an_article(page, editor, axe_check):
    tree, user = editor
    sign_in(page, user)

    page.goto(f"/admin/pages/add/home/newspage/{tree.news_index.pk}/")
    page.locator("#id_title").fill("Young people of Kratovo debate migration")
    fill_date(page, "#id_date", "2026-11-20")
    page.locator("#id_lead").fill("Forty secondary-school students met the mayor.")
    page.locator("#panel-child-content-body-section button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Paragraph").click()
    editor_box = page.locator(".public-DraftEditor-content").first
    editor_box.click()
    editor_box.press_sequentially("The debate was held in the municipal cultural centre.")
    page.locator("#id_lead").click()  # Draftail writes its hidden input on blur
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile("cultural centre"))
    page.locator("button.dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("published")).to_be_visible()
    article = NewsPage.objects.get(title="Young people of Kratovo debate migration")
    assert article.live

    page.goto(f"/admin/localize/submit/page/{article.pk}/")
    page.get_by_label("Macedonian").check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    translations = [
        "Младите од Кратово дебатираат за миграцијата",
        "Четириесет средношколци се сретнаа со градоначалникот.",
        "Дебатата се одржа во општинскиот културен центар.",
    ]
    translate_each_text(page, translations)
    page.get_by_role("button", name="Publish in Macedonian").click()
    expect(page.get_by_text(f"“{translations[0]}” is published.")).to_be_visible()

    translated = NewsPage.objects.get(locale__language_code="mk", translation_key=article.translation_key)
    assert translated.live
    assert translated.title == translations[0]

    # A visitor reads the article in English and switches to Macedonian.
    visitor = page.context.browser.new_context(base_url=page.url.split("/admin")[0], locale="en-GB")
    reader = visitor.new_page()
    reader.goto(article.url)
    axe_check(reader)
    reader.get_by_role("navigation", name="Languages").get_by_role("link", name="Македонски").click()
    expect(reader.locator("html")).to_have_attribute("lang", "mk")
    expect(reader.get_by_role("heading", level=1)).to_have_text(translations[0])
    expect(reader.get_by_text(translations[2])).to_be_visible()
    axe_check(reader)
    visitor.close()
