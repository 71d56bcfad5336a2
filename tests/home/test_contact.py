"""The contact form: it sends, refuses bad input with a clear message, and never shows the
addresses it sends to."""

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from home.models import ContactFormField, ContactPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_page(site_tree):
    page = ContactPage(
        title="Contact",
        slug="contact",
        to_address="office@glas.example.org",
        from_address="noreply@glas.example.org",
        subject="Contact form",
        thank_you_text="<p>Thank you, we will answer soon.</p>",
    )
    page.form_fields = [
        ContactFormField(sort_order=0, label="Your name", field_type="singleline", required=True),
        ContactFormField(sort_order=1, label="Your e-mail", field_type="email", required=True),
        ContactFormField(sort_order=2, label="Message", field_type="multiline", required=True),
    ]
    site_tree.home.add_child(instance=page)
    page.save_revision().publish()
    return page


GOOD = {"your_name": "Ана Петровска", "your_e_mail": "ana@example.org", "message": "Кога е следната работилница?"}


def test_contact_page_never_shows_the_receiving_address(client, contact_page):
    html = client.get("/en/contact/").content.decode()
    assert "office@glas.example.org" not in html
    assert "noreply@glas.example.org" not in html


def test_contact_form_sends_the_message_and_thanks(client, contact_page):
    response = client.post("/en/contact/", GOOD)
    assert response.status_code == 200
    assert "Thank you, we will answer soon." in response.content.decode()
    assert FormSubmission.objects.filter(page=contact_page).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["office@glas.example.org"]
    assert "Кога е следната работилница?" in mail.outbox[0].body


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("your_name", "", "This field is required."),
        ("message", "", "This field is required."),
        ("your_e_mail", "not-an-address", "Enter a valid email address."),
        ("your_name", "x" * 201, "Ensure this value has at most 200 characters"),
        ("message", "x" * 5001, "Ensure this value has at most 5000 characters"),
        ("message", "Hello\x07 there", "invisible control characters"),
    ],
)
def test_bad_contact_input_gets_a_clear_message_and_keeps_what_was_typed(client, contact_page, field, value, message):
    data = {**GOOD, field: value}
    response = client.post("/en/contact/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Ана Петровска" in html or field == "your_name"
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_null_character_is_refused_not_a_500(client, contact_page):
    response = client.post("/en/contact/", {**GOOD, "message": "abc\x00def"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert FormSubmission.objects.count() == 0


def test_markup_in_a_message_is_escaped_when_shown_again(client, contact_page):
    response = client.post("/en/contact/", {**GOOD, "your_e_mail": "bad", "message": "<img src=x onerror=alert(1)>"})
    html = response.content.decode()
    assert "<img src=x onerror=alert(1)>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_honeypot_filled_in_by_a_bot_is_refused(client, contact_page):
    response = client.post("/en/contact/", {**GOOD, "website": "http://spam.example"})
    assert "Your message could not be sent." in response.content.decode()
    assert FormSubmission.objects.count() == 0


def test_contact_errors_are_in_the_visitors_language(client, contact_page, site_tree):
    from tests.conftest import translate

    translate(contact_page, "mk", title="Контакт")
    response = client.post("/mk/contact/", {**GOOD, "your_name": ""})
    assert "Ова поле е задолжително." in response.content.decode()


def test_a_huge_request_gets_a_clear_400_page_not_a_500(client, contact_page):
    response = client.post("/en/contact/", {**GOOD, "message": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert FormSubmission.objects.count() == 0
