"""A translator translates an article into Macedonian and submits it; an editor, told on the
dashboard, approves and publishes it. No English is ever served under /mk/ on the way."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Locale
from wagtail_localize.operations import TranslationCreator

from home.models import NewsPage
from tests.conftest import SiteTree
from tests.e2e.admin import sign_in, translate_each_text
from tests.factories import NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article():
    tree = SiteTree()
    editor = UserFactory(username="elena", first_name="Elena")
    editor.groups.add(Group.objects.get(name="Editors"))
    translator = UserFactory(username="marija", first_name="Marija")
    translator.groups.add(Group.objects.get(name="Translators"))
    page = NewsPageFactory(
        parent=tree.news_index, title="Hearing in Kratovo", slug="hearing", lead="The mayor met forty students."
    )
    page.save_revision(user=editor).publish()
    TranslationCreator(editor, [Locale.objects.get(language_code="mk")]).create_translations(page)
    return page, editor, translator


def test_translator_submits_and_editor_publishes_with_no_english_under_mk(page, article, axe_check):
    source, editor, translator = article
    target = NewsPage.objects.get(translation_key=source.translation_key, locale__language_code="mk")
    assert page.request.get("/mk/news/hearing/").status == 404

    sign_in(page, translator)
    page.goto(f"/admin/pages/{target.pk}/edit/")
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    expect(page.get_by_role("button", name="Submit for review")).to_be_disabled()
    translations = [
        "Расправа во Кратово",
        "Градоначалникот се сретна со четириесет ученици.",
        "Body text in Macedonian: Текстот на статијата.",
    ]
    translate_each_text(page, translations)
    expect(page.get_by_role("button", name="Convert to alias page")).to_have_count(0)
    expect(page.get_by_role("link", name="Convert to alias page")).to_have_count(0)
    expect(page.get_by_role("button", name="Stop Synced translation")).to_have_count(0)
    page.reload()
    expect(page.get_by_text("3 of 3 texts translated.")).to_be_visible()
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("is waiting for review")).to_be_visible()
    assert page.request.get("/mk/news/hearing/").status == 404

    page.context.clear_cookies()
    sign_in(page, editor)
    expect(page.get_by_text("Awaiting your review")).to_be_visible()
    expect(page.get_by_text("Расправа во Кратово").first).to_be_visible()
    page.locator(f"a[href$='/admin/pages/{target.pk}/edit/']").first.click()
    expect(page.get_by_text("Submitted for review by Marija")).to_be_visible()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("“Расправа во Кратово” is published.")).to_be_visible()

    reader = page.context.browser.new_context(base_url=page.url.split("/admin")[0], locale="mk-MK").new_page()
    reader.goto("/mk/news/hearing/")
    expect(reader.locator("html")).to_have_attribute("lang", "mk")
    expect(reader.get_by_role("heading", level=1)).to_have_text(translations[0])
    expect(reader.get_by_text(translations[1])).to_be_visible()
    assert "Body text." not in reader.content()
    axe_check(reader)
