"""Anyone signed in, jurors included (who have no admin access), chooses the language of the
site's e-mails on the site; core.i18n.language_of then writes to them in it."""

import pytest

from core.i18n import language_of
from core.models import PersonalSettings
from tests.factories import juror

pytestmark = pytest.mark.django_db


def test_a_juror_chooses_the_language_of_the_e_mails(client, site_tree):
    person = juror("ana")
    client.force_login(person)
    page = client.get("/sq/account/e-mails/")
    assert page.status_code == 200
    saved = client.post("/sq/account/e-mails/", {"email_language": "bg"})
    assert saved.status_code == 200 and 'role="status"' in saved.content.decode()
    person.refresh_from_db()
    assert language_of(person) == "bg"


def test_a_language_the_site_does_not_have_is_refused(client, site_tree):
    person = juror("ana")
    client.force_login(person)
    refused = client.post("/en/account/e-mails/", {"email_language": "xx"})
    assert "data-error-summary" in refused.content.decode()
    assert not PersonalSettings.objects.filter(user=person, email_language="xx").exists()


def test_visitors_are_sent_to_sign_in(client, site_tree):
    response = client.get("/en/account/e-mails/")
    assert response.status_code == 302 and "/login/" in response["Location"]
