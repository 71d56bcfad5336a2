"""Faults: a database that refuses connections during a comment gives a translated 503 page, and
nothing partial is stored."""

import pytest
from django.db import OperationalError

from consultations.models import Comment
from tests.integration.test_comments import GOOD

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
