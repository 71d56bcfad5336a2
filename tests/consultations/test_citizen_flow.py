"""The citizen's side after sending a comment: the "check your e-mail" page (masked address,
send again, correct the address, only for the session that wrote it), their own waiting comments
beside the paragraph for that session only and never in a cached page, the atomic confirmation,
the short link-free quote and the daily limit of confirmation e-mails per address."""

import re
import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from consultations import comments
from consultations.choices import Status
from consultations.models import Comment
from tests.consultations.test_comments import comment_url, confirm_link, in_language, paragraphs, post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_page(consultations):
    return consultations["open"]


@pytest.fixture
def mk_page(open_page):
    return in_language(open_page, "mk")


def sent_url(page):
    return page.url + page.reverse_subpage("comment_sent")


def test_the_address_is_masked():
    assert comments.mask_email("ana@gmail.com") == "a•••@g•••.com"
    assert comments.mask_email("x@localhost") == "x•••@l•••"


def test_check_your_email_names_the_masked_address_not_in_the_url(client, mk_page, mailoutbox):
    response = post_comment(client, mk_page, email="ana.petrovska@gmail.com")
    assert "ana" not in response["Location"] and "gmail" not in response["Location"]
    html = client.get(response["Location"]).content.decode()
    assert "a•••@g•••.com" in html
    assert "ana.petrovska@gmail.com" not in html
    assert 'value="resend"' in html and 'value="correct"' in html


def test_another_browser_sees_only_the_general_message(client, mk_page, mailoutbox):
    post_comment(client, mk_page, email="ana@gmail.com")
    stranger = Client()
    html = stranger.get(sent_url(mk_page)).content.decode()
    assert "a•••@g•••.com" not in html and 'value="correct"' not in html
    response = stranger.post(sent_url(mk_page), {"action": "correct", "email": "evil@example.org"})
    assert Comment.objects.get().email == "ana@gmail.com"
    assert "evil" not in "".join(str(m.to) for m in mailoutbox)
    assert response.status_code == 200


def test_send_the_link_again_renews_the_token_and_only_the_newest_link_works(client, open_page, mailoutbox):
    post_comment(client, open_page)
    first = confirm_link(mailoutbox[0])
    response = client.post(sent_url(open_page), {"action": "resend"})
    assert response.status_code == 302
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["ana@example.org"]
    second = confirm_link(mailoutbox[1])
    assert second != first
    assert "new link" in client.get(sent_url(open_page)).content.decode()
    assert client.post(first).status_code == 400
    assert client.post(second).status_code == 200
    assert Comment.objects.get().status == Status.PENDING


def test_correcting_the_address_sends_a_new_link_there(client, open_page, mailoutbox):
    post_comment(client, open_page, email="ana@exmaple.org")
    old_link = confirm_link(mailoutbox[0])
    response = client.post(sent_url(open_page), {"action": "correct", "email": "ana@example.org"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.email == "ana@example.org"
    assert mailoutbox[-1].to == ["ana@example.org"]
    assert "a•••@e•••.org" in client.get(sent_url(open_page)).content.decode()
    assert client.post(old_link).status_code == 400
    assert client.post(confirm_link(mailoutbox[-1])).status_code == 200


def test_a_wrong_corrected_address_is_refused_with_the_error_summary(client, open_page, mailoutbox):
    post_comment(client, open_page)
    response = client.post(sent_url(open_page), {"action": "correct", "email": "not-an-address"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_email"' in html and "data-error-summary" in html
    assert Comment.objects.get().email == "ana@example.org"


def test_a_confirmed_comment_can_no_longer_be_corrected(client, open_page, mailoutbox):
    post_comment(client, open_page)
    client.post(confirm_link(mailoutbox[0]))
    client.post(sent_url(open_page), {"action": "correct", "email": "other@example.org"})
    assert Comment.objects.get().email == "ana@example.org"
    assert len(mailoutbox) == 1


def paragraph_html(html, block_id):
    part = html[html.index(f'id="p-{block_id}"') :]
    return part[: part.index('class="draft-paragraph"', 10)]


def test_own_waiting_comment_shows_beside_its_paragraph_to_its_author_only(client, mk_page, mailoutbox, settings):
    settings.GLAS_PAGE_CACHE_SECONDS = 300
    settings.GLAS_CACHE_FRAGMENTS = True
    target = paragraphs(mk_page)[2]
    anonymous = Client()
    assert anonymous.get(mk_page.url)["X-Glas-Cache"] == "miss"  # the public copy is cached
    post_comment(client, mk_page, target.block_id)
    own = client.get(mk_page.url)
    assert "X-Glas-Cache" not in own  # a session's page is never served from or kept in the cache
    mine = paragraph_html(own.content.decode(), target.block_id)
    assert "Internships should pay" in mine and "own-comment" in mine and "status-unconfirmed" in mine
    for response in (anonymous.get(mk_page.url), Client().get(mk_page.url)):
        assert "Internships should pay" not in response.content.decode()
    client.post(confirm_link(mailoutbox[0]))
    pending = paragraph_html(client.get(mk_page.url).content.decode(), target.block_id)
    assert "status-pending" in pending
    # The kept fragment for everyone (rendered now, after the author's visits) carries nothing.
    fresh = Client()
    fresh.cookies.load({"sessionid": "x"})  # past the page cache, through the fragment
    assert "Internships should pay" not in fresh.get(mk_page.url).content.decode()
    assert "Internships should pay" not in Client().get(mk_page.url).content.decode()


def test_own_comment_once_published_shows_once_as_public(client, open_page, mailoutbox):
    post_comment(client, open_page)
    client.post(confirm_link(mailoutbox[0]))
    Comment.objects.update(status=Status.PUBLISHED)
    html = client.get(open_page.url).content.decode()
    assert html.count("Internships should pay") == 1 and "own-comment" not in html


def test_confirmation_is_atomic_a_stale_second_confirmation_is_told_it_was_confirmed(open_page):
    post = Comment.objects.create(
        consultation=open_page, stance="support", text="Hello there, a comment.", language="en", email="a@example.org"
    )
    first, second = Comment.objects.get(pk=post.pk), Comment.objects.get(pk=post.pk)  # both read "unconfirmed"
    assert comments.confirm_comment(open_page, first) is True
    assert comments.confirm_comment(open_page, second) is False
    assert second.status == Status.PENDING and second.confirmed_at == first.confirmed_at


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two real transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_confirmations_on_postgresql_one_wins(consultations):
    page = consultations["open"]
    post = Comment.objects.create(
        consultation=page, stance="support", text="Hello there, a comment.", language="en", email="a@example.org"
    )
    results, barrier = [], threading.Barrier(2)

    def confirm():
        try:
            stale = Comment.objects.get(pk=post.pk)
            barrier.wait()
            results.append(comments.confirm_comment(page, stale))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]


def test_the_losing_one_of_two_simultaneous_confirmations_is_told_it_was_already_confirmed(
    client, open_page, mailoutbox, monkeypatch
):
    post_comment(client, open_page)
    link = confirm_link(mailoutbox[0])
    stale = Comment.objects.get()  # this request read the comment while it was unconfirmed
    monkeypatch.setattr(comments, "comment_for_token", lambda page, token: stale)
    assert comments.confirm_comment(open_page, Comment.objects.get()) is True  # the other request won
    response = client.post(link)
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()
    assert Comment.objects.get().status == Status.PENDING


def test_the_confirmation_email_quotes_a_short_excerpt_without_links(client, open_page, mailoutbox):
    text = "Visit https://spam.example/offer and www.spam.example today. " + "More words follow here. " * 30
    post_comment(client, open_page, text=text)
    body = mailoutbox[0].body
    assert "spam.example" not in body
    assert text[:500] not in body
    quote = re.search(r"“(.+)”", body).group(1)
    assert len(quote) <= 200


def test_confirmations_per_address_per_day_are_limited_and_the_comment_is_kept(
    client, open_page, mailoutbox, settings
):
    settings.GLAS_CONFIRMATIONS_PER_ADDRESS_PER_DAY = 2
    settings.GLAS_COMMENT_RATE_PER_EMAIL = 100
    settings.GLAS_COMMENT_RATE_PER_IP = 100
    for _ in range(2):
        assert post_comment(client, open_page, email="victim@example.org").status_code == 302
    response = post_comment(client, open_page, email="Victim@example.org")
    assert response.status_code == 302
    assert Comment.objects.count() == 3  # kept
    assert len(mailoutbox) == 2
    html = client.get(response["Location"]).content.decode()
    assert "cannot send more e-mails to this address today" in html
    client.post(sent_url(open_page), {"action": "resend"})
    assert len(mailoutbox) == 2


def test_the_textarea_is_not_cut_by_the_browser_and_the_server_says_how_long(client, open_page):
    html = client.get(comment_url(open_page)).content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"text\"[^>]*>", html).group(0)
    assert "maxlength" not in textarea.replace("data-glas-maxlength", "")
    assert 'data-glas-maxlength="5000"' in textarea
    response = post_comment(client, open_page, text="x" * 5001)
    assert response.status_code == 400
    assert "5000 characters (it has 5001)" in response.content.decode()


def test_the_comment_form_opens_with_the_error_summary_linking_to_the_fields(client, open_page):
    response = post_comment(client, open_page, stance=None, email="nope", consent=None)
    html = response.content.decode()
    summary = html[html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))]
    for field in ("id_email", "id_consent"):
        assert f'href="#{field}"' in summary and f'id="{field}"' in html
    assert 'href="#id_stance_0"' in summary and 'id="id_stance_0"' in html
    assert "<title>Error:" in html
    assert "Nothing you wrote has been lost" in summary
