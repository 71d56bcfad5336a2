"""Citizens comment on a consultation: the form, confirmation by e-mail, what shows where, and
the protections (closed consultation, honeypot, rate limit, escaping, hidden e-mail)."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import Locale

from consultations.choices import Moderation, Stance, Status
from consultations.models import Comment
from consultations.moderation import approve
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "stance": "change",
    "text": "Internships should pay at least the minimum wage.",
    "proposed_wording": "Paid internships, at least at the minimum wage, with local employers.",
    "author_name": "Ana Petrovska",
    "email": "ana@example.org",
    "organisation": "Youth Council Kratovo",
    "municipality": "Kratovo",
    "consent": "on",
}


def in_language(page, code):
    return page.get_translation(Locale.objects.get(language_code=code))


def paragraphs(page):
    return [p for section in page.sections() for p in section.paragraphs]


def comment_url(page):
    return page.url + page.reverse_subpage("comment")


def confirm_link(mail):
    return re.search(r"https?://\S+/confirm/\S+/", mail.body).group(0)


def post_comment(client, page, paragraph_id="", **changes):
    data = {**GOOD, "paragraph": paragraph_id, **changes}
    return client.post(comment_url(page), {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def open_page(consultations):
    return consultations["open"]


@pytest.fixture
def mk_page(open_page):
    return in_language(open_page, "mk")


def test_each_paragraph_offers_a_comment_link_while_open(client, open_page):
    html = client.get(open_page.url).content.decode()
    for paragraph in paragraphs(open_page):
        assert f"comment/?paragraph={paragraph.block_id}#comment-form" in html
    assert "Comment on the whole draft" in html


def test_comment_form_shows_the_paragraph_being_commented(client, open_page):
    target = paragraphs(open_page)[1]
    response = client.get(comment_url(open_page), {"paragraph": target.block_id})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your comment on paragraph 2" in html
    assert "Paid internships with local employers." in html
    assert 'name="proposed_wording"' in html


def test_a_comment_counts_only_after_confirmation_by_the_emailed_link(client, mk_page, mailoutbox):
    target = paragraphs(mk_page)[2]
    response = post_comment(client, mk_page, target.block_id)
    assert response.status_code == 302
    assert response["Location"].endswith("/comment/sent/")
    comment = Comment.objects.get()
    assert comment.status == Status.UNCONFIRMED
    assert comment.language == "mk"
    assert comment.paragraph_number == 3
    assert comment.paragraph_text == "A youth office in every municipality."
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ana@example.org"]
    assert "/mk/" in confirm_link(mailoutbox[0])
    assert comment.token_hash and confirm_link(mailoutbox[0]).rstrip("/").split("/")[-1] not in comment.token_hash

    link = confirm_link(mailoutbox[0])
    page_view = client.get(link)
    assert page_view.status_code == 200
    assert "Internships should pay" in page_view.content.decode()
    assert Comment.objects.get().status == Status.UNCONFIRMED  # a GET (a mail scanner) confirms nothing

    confirmed = client.post(link)
    assert confirmed.status_code == 200
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # pre-moderation by default
    assert comment.confirmed_at is not None
    assert "Ana Petrovska" not in client.get(mk_page.url).content.decode()


def test_the_confirmation_link_works_once(client, open_page, mailoutbox):
    post_comment(client, open_page)
    link = confirm_link(mailoutbox[0])
    client.post(link)
    again = client.post(link)
    assert again.status_code == 400
    assert "already been used" in again.content.decode()


def test_an_expired_confirmation_link_is_refused(client, open_page, mailoutbox):
    post_comment(client, open_page)
    Comment.objects.update(token_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(confirm_link(mailoutbox[0]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert Comment.objects.get().status == Status.UNCONFIRMED


def test_post_moderated_consultation_publishes_on_confirmation(client, open_page, mailoutbox):
    open_page.moderation = Moderation.POST
    open_page.save_revision().publish()
    post_comment(client, open_page, paragraphs(open_page)[0].block_id)
    client.post(confirm_link(mailoutbox[0]))
    assert Comment.objects.get().status == Status.PUBLISHED
    assert "Internships should pay" in client.get(open_page.url).content.decode()


def test_a_comment_written_in_macedonian_shows_beside_the_same_paragraph_in_albanian(client, open_page, mk_page):
    target = paragraphs(mk_page)[2]
    CommentFactory(consultation=mk_page, paragraph_id=target.block_id, text="Канцеларија за млади е добра идеја.")
    sq_page = in_language(open_page, "sq")
    html = client.get(sq_page.url).content.decode()
    paragraph_html = html[html.index(f'id="p-{target.block_id}"') :]
    paragraph_html = paragraph_html[: paragraph_html.index('class="draft-paragraph"', 10)]
    assert "Канцеларија за млади е добра идеја." in paragraph_html
    assert ">MK<" in paragraph_html  # the language badge


def test_errors_are_shown_in_the_visitors_language_and_nothing_typed_is_lost(client, mk_page):
    response = post_comment(client, mk_page, stance=None, email="not-an-address", consent=None)
    html = response.content.decode()
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    assert "Internships should pay at least the minimum wage." in html
    assert "Youth Council Kratovo" in html
    assert 'lang="mk"' in html
    assert "Ве молиме" in html  # the errors are in Macedonian


def test_a_name_or_anonymity_is_required(client, open_page):
    response = post_comment(client, open_page, author_name="")
    assert response.status_code == 400
    assert "Please give your name, or choose to publish your comment anonymously." in response.content.decode()


def test_an_anonymous_comment_hides_the_name_publicly(client, open_page, mailoutbox):
    post_comment(client, open_page, anonymous="on")
    comment = Comment.objects.get()
    assert not comment.show_name
    approve([comment], None)
    html = client.get(open_page.url).content.decode()
    assert "Anonymous" in html
    assert "Ana Petrovska" not in html


def test_comment_length_is_limited(client, open_page, settings):
    response = post_comment(client, open_page, text="x" * (settings.GLAS_COMMENT_MAX_LENGTH + 1))
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    short = post_comment(client, open_page, text="ok")
    assert short.status_code == 400


def test_a_paragraph_that_is_not_in_the_draft_is_refused(client, open_page):
    response = post_comment(client, open_page, "no-such-block")
    assert response.status_code == 400
    assert "no longer in the draft" in response.content.decode()


def test_a_closed_consultation_has_no_form_and_refuses_posts(client, consultations):
    closed = consultations["closed"]
    html = client.get(closed.url).content.decode()
    assert "Comment on this paragraph" not in html
    form_page = client.get(comment_url(closed))
    assert "not open for comments" in form_page.content.decode()
    assert 'name="text"' not in form_page.content.decode()
    response = post_comment(client, closed)
    assert response.status_code == 403
    assert "Your comment was not sent." in response.content.decode()
    assert GOOD["text"] in response.content.decode()  # given back so the visitor can keep it
    assert Comment.objects.count() == 0


def test_the_honeypot_stops_bots(client, open_page, mailoutbox):
    response = post_comment(client, open_page, website="http://spam.example")
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    assert mailoutbox == []


def test_posting_is_rate_limited_per_email_with_a_translated_message(client, mk_page, settings):
    settings.GLAS_COMMENT_RATE_PER_EMAIL = 2
    for _ in range(2):
        assert post_comment(client, mk_page).status_code == 302
    response = post_comment(client, mk_page)
    assert response.status_code == 429
    assert Comment.objects.count() == 2
    assert GOOD["text"] in response.content.decode()
    assert "Испративте" in response.content.decode()


def test_posting_is_rate_limited_per_address(client, open_page, settings):
    settings.GLAS_COMMENT_RATE_PER_IP = 1
    assert post_comment(client, open_page).status_code == 302
    assert post_comment(client, open_page, email="other@example.org").status_code == 429


@pytest.mark.parametrize(
    "payload",
    ['<script>alert("x")</script>', '<img src=x onerror="alert(1)">', "<a href='http://evil.example'>prize</a>"],
)
def test_html_in_comments_is_shown_as_text(client, open_page, payload):
    CommentFactory(consultation=open_page, text=f"Look {payload} http://evil.example", proposed_wording=payload)
    html = client.get(open_page.url).content.decode()
    assert payload not in html
    assert "&lt;" in html
    assert 'href="http://evil.example"' not in html
    assert "href='http://evil.example'" not in html


def test_email_addresses_never_appear_on_the_public_page(client, open_page):
    CommentFactory(consultation=open_page, email="secret.person@example.org", author_name="Secret Person")
    html = client.get(open_page.url).content.decode()
    assert "Secret Person" in html
    assert "secret.person@example.org" not in html


def test_replies_are_threaded_one_level(client, open_page, mailoutbox):
    target = paragraphs(open_page)[1]
    parent = CommentFactory(consultation=open_page, paragraph_id=target.block_id)
    form = client.get(comment_url(open_page), {"reply_to": parent.pk})
    assert "Reply to" in form.content.decode()
    response = post_comment(client, open_page, reply_to=parent.pk, text="I agree, and add transport costs.")
    assert response.status_code == 302
    reply = Comment.objects.get(parent=parent)
    assert reply.paragraph_id == target.block_id
    approve([reply], None)
    html = client.get(open_page.url).content.decode()
    assert html.index("I agree, and add transport costs.") > html.index(parent.text)
    assert post_comment(client, open_page, reply_to=reply.pk).status_code == 400  # no reply to a reply
    assert client.get(comment_url(open_page), {"reply_to": reply.pk}).status_code == 404


def test_unpublished_comments_cannot_be_replied_to(client, open_page):
    pending = CommentFactory(consultation=open_page, status=Status.PENDING)
    assert client.get(comment_url(open_page), {"reply_to": pending.pk}).status_code == 404
    assert post_comment(client, open_page, reply_to=pending.pk).status_code == 400


def test_paragraph_shows_its_comment_count(client, open_page):
    target = paragraphs(open_page)[1]
    CommentFactory.create_batch(3, consultation=open_page, paragraph_id=target.block_id)
    CommentFactory(consultation=open_page, paragraph_id=target.block_id, status=Status.REJECTED)
    html = client.get(open_page.url).content.decode()
    assert "3 comments on paragraph 2" in html


def test_a_comment_on_a_changed_paragraph_says_so_and_keeps_the_old_text(client, open_page):
    target = paragraphs(open_page)[1]
    CommentFactory(consultation=open_page, paragraph_id=target.block_id)
    draft = open_page.draft.raw_data
    for block in draft:
        if block["id"] == target.block_id:
            block["value"] = "<p>Paid internships of at least six months with local employers.</p>"
    open_page.draft = draft
    open_page.save_revision().publish()
    html = client.get(open_page.url).content.decode()
    assert "The paragraph has changed since this comment was written." in html
    assert "Paid internships with local employers." in html  # the text as commented


def test_comments_on_a_removed_paragraph_are_listed_separately(client, open_page):
    target = paragraphs(open_page)[3]
    CommentFactory(consultation=open_page, paragraph_id=target.block_id, text="Hourly buses are too costly.")
    open_page.draft = [block for block in open_page.draft.raw_data if block["id"] != target.block_id]
    open_page.save_revision().publish()
    html = client.get(open_page.url).content.decode()
    removed = html[html.index('id="removed-comments"') :]
    assert "Hourly buses are too costly." in removed
    assert "Buses between villages every hour." in removed


def test_comments_on_the_whole_draft_have_their_own_section(client, open_page):
    CommentFactory(consultation=open_page, text="The strategy needs a budget table.")
    html = client.get(open_page.url).content.decode()
    assert "The strategy needs a budget table." in html[html.index('id="general-comments"') :]


def test_the_official_response_shows_under_the_comment(client, open_page):
    CommentFactory(
        consultation=open_page,
        text="Add evening classes.",
        decision="accepted",
        response="Evening classes are now in measure 4.",
        responded_by=UserFactory(),
    )
    html = client.get(open_page.url).content.decode()
    assert "Official response" in html
    assert "Evening classes are now in measure 4." in html
    assert "Accepted" in html


def test_the_index_shows_each_consultations_comment_count(client, consultations):
    CommentFactory.create_batch(2, consultation=consultations["open"])
    CommentFactory(consultation=consultations["open"], status=Status.PENDING)
    html = client.get("/en/consultations/").content.decode()
    assert "2 comments" in html


def test_stance_choices_are_the_four_positions(client, open_page):
    html = client.get(comment_url(open_page)).content.decode()
    for _value, label in Stance.choices:
        assert str(label) in html


def test_a_busy_paragraph_shows_its_newest_threads_and_links_to_all_of_them(client, open_page):
    target = paragraphs(open_page)[1]
    for n in range(60):
        CommentFactory(consultation=open_page, paragraph_id=target.block_id, text=f"Thread number {n}.")
    html = client.get(open_page.url).content.decode()
    assert "Thread number 59." in html and "Thread number 0." not in html
    assert "See all 60 comments on paragraph 2" in html
    url = open_page.url + open_page.reverse_subpage("paragraph_comments", args=[target.block_id])
    first = client.get(url).content.decode()
    assert "Thread number 0." in first and "Thread number 55." not in first  # 50 a page
    assert "Thread number 55." in client.get(url, {"page": 2}).content.decode()
    missing = open_page.url + open_page.reverse_subpage("paragraph_comments", args=["no-such-paragraph"])
    assert client.get(missing).status_code == 404


def test_comments_on_the_whole_draft_have_their_own_page(client, open_page):
    CommentFactory(consultation=open_page, text="A general remark.")
    url = open_page.url + open_page.reverse_subpage("paragraph_comments", args=["general"])
    response = client.get(url)
    assert response.status_code == 200 and "A general remark." in response.content.decode()


def test_a_kept_page_says_a_paragraph_changed_once_its_translation_is_published(
    client, open_page, mk_page, kept_fragments
):
    """The paragraphs' current words are kept (core/cache.py, until a language version is
    published): a comment decided since reads them from the cache, a translation published
    since reads them anew."""
    from consultations import moderation
    from tests.factories import UserFactory

    target = paragraphs(mk_page)[1]
    CommentFactory(consultation=mk_page, paragraph_id=target.block_id, text="Повеќе автобуси.")
    assert "The paragraph has changed since" not in client.get(open_page.url).content.decode()
    later = CommentFactory(consultation=open_page, status=Status.PENDING, text="Buses to the villages after 18:00.")
    moderation.approve([later], UserFactory())
    html = client.get(open_page.url).content.decode()
    assert "Buses to the villages after 18:00." in html
    assert "The paragraph has changed since" not in html
    draft = mk_page.draft.raw_data
    for block in draft:
        if block["id"] == target.block_id:
            block["value"] = "<p>Платена пракса од најмалку шест месеци.</p>"
    mk_page.draft = draft
    mk_page.save_revision().publish()
    assert "The paragraph has changed since this comment was written." in client.get(open_page.url).content.decode()
