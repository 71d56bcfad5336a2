"""Steps in the Wagtail admin that several browser tests take."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD


def sign_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def translate_each_text(page, texts):
    """In wagtail-localize's editor, translate the texts of the open tab in order."""
    for text in texts:
        page.get_by_role("button", name="Translate", exact=True).first.click()
        page.locator("textarea").first.fill(text)
        page.get_by_role("button", name="Save", exact=True).first.click()
        expect(page.get_by_text(text)).to_be_visible()


def fill_date(page, field, value):
    """Type a date into a Wagtail date field, then tab out of it.

    Wagtail's date picker opens a tenth of a second after the field takes focus, even if the
    focus has moved on by then, and covers what lies below it (the Save button, on short
    forms). A person tabs out of the field; Tab closes the picker.
    """
    page.locator(field).fill(value)
    picker = page.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    page.locator(field).press("Tab")
    expect(picker).to_have_count(0)
