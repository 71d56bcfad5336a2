"""A double click on "Send comment" (two posts of one rendered form) stores one comment and sends
one confirmation e-mail; both posts land on the same "check your e-mail" page."""

import re

import pytest
from django.test import RequestFactory

from consultations import comments
from consultations.models import Comment
from tests.consultations.test_comments import post_comment


@pytest.fixture
def open_page(consultations):
    return consultations["open"]


def form_token(client, page):
    html = client.get(page.url + page.reverse_subpage("comment")).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def test_two_posts_of_one_form_store_one_comment_and_send_one_e_mail(client, open_page, mailoutbox):
    token = form_token(client, open_page)
    first = post_comment(client, open_page, form_token=token)
    second = post_comment(client, open_page, form_token=token)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1
    assert len(mailoutbox) == 1


def test_each_rendered_form_has_its_own_key(client, open_page, mailoutbox):
    post_comment(client, open_page, form_token=form_token(client, open_page))
    post_comment(client, open_page, form_token=form_token(client, open_page))
    assert Comment.objects.count() == 2


def test_two_posts_at_the_same_instant_meet_at_the_database(client, open_page, mailoutbox):
    """The second post missed the first one's row when it looked (both looked at once): the
    unique key stops it at the database, and it sends nothing."""
    post_comment(client, open_page, form_token="same-key")
    request = RequestFactory().post("/")
    request.session = client.session
    late = Comment(
        text="A second copy of the same comment.", stance="support", email="ana@example.org", author_name="Ana"
    )
    first = Comment.objects.get()
    late.email = first.email
    assert comments.submit_comment(request, open_page, late, "same-key") is True
    assert Comment.objects.count() == 1
    assert len(mailoutbox) == 1
