"""Faults: a database that refuses connections during a comment gives a translated 503 page, and
nothing partial is stored; a mail server that refuses loses nothing, the mail is retried."""

import pytest
from django.db import OperationalError

from consultations.models import Comment
from tests.consultations.test_comments import GOOD

pytestmark = pytest.mark.django_db


def test_a_database_failure_while_commenting_gives_a_translated_503_and_stores_nothing(
    client, consultations, monkeypatch
):
    page = consultations["open"]
    from wagtail.models import Locale

    mk = page.get_translation(Locale.objects.get(language_code="mk"))

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Comment, "save", refuse)
    response = client.post(mk.url + mk.reverse_subpage("comment"), GOOD)
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    html = response.content.decode()
    assert 'lang="mk"' in html and "Привремено недостапно" in html
    monkeypatch.undo()
    assert Comment.objects.count() == 0


class RefusingBackend:
    """A mail server that cannot be reached."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


def test_a_failing_mail_server_loses_neither_the_comment_nor_its_confirmation_mail(
    client, consultations, settings, mailoutbox
):
    from django.core.management import call_command
    from django.utils import timezone

    from core.models import OutgoingMail
    from tests.consultations.test_comments import confirm_link, post_comment

    page = consultations["open"]
    settings.EMAIL_BACKEND = "tests.core.test_faults.RefusingBackend"
    response = post_comment(client, page)
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    waiting = OutgoingMail.objects.get()
    assert waiting.attempts == 1 and "Connection refused" in waiting.last_error
    assert waiting.recipients == ["ana@example.org"]
    assert waiting.next_attempt_at > timezone.now()

    # The retry is not due yet: nothing is sent.
    call_command("send_queued_mail")
    assert OutgoingMail.objects.get().attempts == 1

    # A minute later the mail server is back and the background task sends the mail.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    call_command("send_queued_mail")
    assert not OutgoingMail.objects.exists()
    assert len(mailoutbox) == 1
    assert client.get(confirm_link(mailoutbox[0])).status_code == 200


def test_an_e_mail_that_keeps_failing_is_given_up_after_the_last_attempt(settings):
    from django.utils import timezone

    from core import mail
    from core.models import OutgoingMail

    settings.EMAIL_BACKEND = "tests.core.test_faults.RefusingBackend"
    settings.GLAS_MAIL_MAX_ATTEMPTS = 3
    mail.send("Receipt", "Your entry has arrived.", ["student@example.org"])
    for _attempt in range(5):
        OutgoingMail.objects.update(next_attempt_at=timezone.now())
        mail.retry_due()
    stored = OutgoingMail.objects.get()
    assert stored.attempts == 3 and stored.gave_up


def test_the_pause_between_attempts_grows():
    import datetime

    from core.mail import pause_after

    pauses = [pause_after(attempts) for attempts in range(1, 8)]
    assert pauses[0] == datetime.timedelta(minutes=1)
    assert pauses == sorted(pauses)
    assert pauses[-1] == datetime.timedelta(hours=4)
