"""The consultation page's paragraphs kept one by one (consultations/kept_paragraphs.py): after
a comment is approved, rejected or answered, the page renders again the paragraph it is on, and
takes the others from the cache; what it shows is what a page rendered from nothing shows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from consultations import draft_html, moderation
from consultations.choices import RejectionReason, Status
from consultations.drafts import _counted_threads_sql
from consultations.models import Comment
from tests.consultations.test_comments import paragraphs
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(consultations, kept_fragments):
    return consultations["open"]


@pytest.fixture
def rendered(monkeypatch):
    """The block ids of the paragraphs rendered (not taken from the cache), request by request."""
    seen: list[str] = []
    add = draft_html.ParagraphRenderer.add

    def spy(self, out, paragraph):
        seen.append(paragraph.block_id)
        return add(self, out, paragraph)

    monkeypatch.setattr(draft_html.ParagraphRenderer, "add", spy)
    return seen


def paragraph_html(html, block_id):
    """The paragraph's part of the page: up to the next paragraph, or to the end."""
    part = html[html.index(f'id="p-{block_id}"') :]
    end = part.find('id="p-', 10)
    return part if end < 0 else part[:end]


def show(page, client=None):
    response = (client or Client()).get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def uncached(page, settings):
    """The page as it renders with nothing kept (the reference)."""
    settings.GLAS_CACHE_FRAGMENTS = False
    try:
        return show(page)
    finally:
        settings.GLAS_CACHE_FRAGMENTS = True


def test_an_approved_comment_renders_its_paragraph_again_and_no_other(page, rendered, settings):
    blocks = [p.block_id for p in paragraphs(page)]
    CommentFactory(consultation=page, paragraph_id=blocks[0], text="Buses to the villages after 18:00.")
    waiting = CommentFactory(
        consultation=page, paragraph_id=blocks[1], status=Status.PENDING, text="Internships should pay."
    )
    show(page)
    assert sorted(rendered) == sorted(blocks)  # the first time, every paragraph
    rendered.clear()
    moderation.approve([waiting], UserFactory())
    html = show(page)
    assert rendered == [blocks[1]]
    assert "Internships should pay." in paragraph_html(html, blocks[1])
    assert "Buses to the villages after 18:00." in paragraph_html(html, blocks[0])
    assert html == uncached(page, settings)


def test_the_comments_read_are_those_of_the_paragraph_that_changed(page):
    blocks = [p.block_id for p in paragraphs(page)]
    for block_id in blocks:
        CommentFactory(consultation=page, paragraph_id=block_id)
    show(page)
    waiting = CommentFactory(consultation=page, paragraph_id=blocks[2], status=Status.PENDING)
    moderation.approve([waiting], UserFactory())
    with CaptureQueriesContext(connection) as queries:
        show(page)
    read = [q["sql"] for q in queries if "consultations_comment" in q["sql"]]
    # One query picks and counts the threads of that paragraph (and of the draft as a whole),
    # naming no other paragraph; one reads the two threads it picked.
    assert len(read) == 2
    assert blocks[2] in read[0]
    assert not any(block_id in read[0] for block_id in blocks if block_id != blocks[2])


def test_counts_stay_whole_when_the_paragraphs_come_from_the_cache(page, settings):
    blocks = [p.block_id for p in paragraphs(page)]
    for n in range(5):
        CommentFactory(consultation=page, paragraph_id=blocks[0], text=f"First paragraph, comment {n}.")
    CommentFactory(consultation=page, paragraph_id="", text="On the whole draft.")
    show(page)
    waiting = CommentFactory(consultation=page, paragraph_id=blocks[1], status=Status.PENDING)
    moderation.approve([waiting], UserFactory())
    html = show(page)
    assert "<dd>7</dd>" in html  # the published comments, all of them
    assert "See all 5 comments on paragraph 1" in html  # from the kept paragraph
    assert html == uncached(page, settings)


def test_a_reply_renders_its_threads_paragraph_again(page, rendered, settings):
    blocks = [p.block_id for p in paragraphs(page)]
    thread = CommentFactory(consultation=page, paragraph_id=blocks[2], text="Free buses for students.")
    show(page)
    rendered.clear()
    reply = CommentFactory(
        consultation=page, parent=thread, paragraph_id=blocks[2], status=Status.PENDING, text="And for pensioners."
    )
    moderation.approve([reply], UserFactory())
    html = show(page)
    assert rendered == [blocks[2]]
    assert "And for pensioners." in paragraph_html(html, blocks[2])
    assert html == uncached(page, settings)


def test_a_comment_on_the_whole_draft_renders_no_paragraph_again(page, rendered, settings):
    show(page)
    rendered.clear()
    waiting = CommentFactory(consultation=page, paragraph_id="", status=Status.PENDING, text="A good plan overall.")
    moderation.approve([waiting], UserFactory())
    html = show(page)
    assert rendered == []
    assert "A good plan overall." in html
    assert html == uncached(page, settings)


def test_a_rejected_comment_leaves_its_kept_paragraph(page, settings):
    block_id = paragraphs(page)[0].block_id
    comment = CommentFactory(consultation=page, paragraph_id=block_id, text="An insult that slipped through.")
    assert "An insult that slipped through." in show(page)
    moderation.reject([comment], UserFactory(), RejectionReason.values[0])
    html = show(page)
    assert "An insult that slipped through." not in html
    assert html == uncached(page, settings)


def test_a_comment_shows_in_every_language_versions_kept_paragraph(page):
    block_id = paragraphs(page)[0].block_id
    macedonian = page.get_translation(Locale.objects.get(language_code="mk"))
    show(page), show(macedonian)
    waiting = CommentFactory(consultation=page, paragraph_id=block_id, status=Status.PENDING, text="Bus lines.")
    moderation.approve([waiting], UserFactory())
    assert "Bus lines." in paragraph_html(show(macedonian), block_id)
    assert "Bus lines." in paragraph_html(show(page), block_id)


def without_paragraph(page, block_id):
    page.refresh_from_db()
    page.draft = [dict(block) for block in page.draft.raw_data if block["id"] != block_id]
    page.save_revision().publish()
    page.refresh_from_db()


def test_a_comment_approved_on_a_removed_paragraph_shows_under_removed_text(page, settings):
    block_id = paragraphs(page)[1].block_id
    waiting = CommentFactory(
        consultation=page, paragraph_id=block_id, status=Status.PENDING, text="Keep the youth centre open."
    )
    without_paragraph(page, block_id)
    html = show(page)
    assert "Comments on removed text" not in html  # which removed paragraphs have comments: none
    moderation.approve([waiting], UserFactory())
    html = show(page)
    assert "Comments on removed text" in html
    assert "Keep the youth centre open." in html[html.index('id="removed-comments"') :]
    assert html == uncached(page, settings)


def test_publishing_renders_every_paragraph_again(page, rendered):
    blocks = [p.block_id for p in paragraphs(page)]
    show(page)
    rendered.clear()
    page.refresh_from_db()
    draft = [dict(block) for block in page.draft.raw_data]
    next(block for block in draft if block["type"] == "paragraph")["value"] = "<p>Free buses for students.</p>"
    page.draft = draft
    page.save_revision().publish()
    assert "Free buses for students." in show(page)
    assert sorted(rendered) == sorted(blocks)


def test_a_session_with_its_own_waiting_comment_neither_reads_nor_keeps_paragraphs(page, rendered):
    from tests.consultations.test_comments import post_comment

    blocks = [p.block_id for p in paragraphs(page)]
    show(page)
    author = Client()
    post_comment(author, page, blocks[2])
    rendered.clear()
    mine = show(page, author)
    assert sorted(rendered) == sorted(blocks)  # rendered afresh, none from the cache
    assert "Internships should pay" in paragraph_html(mine, blocks[2])
    rendered.clear()
    assert "Internships should pay" not in show(page)  # and nothing of it was kept
    assert rendered == []


def test_the_compiled_query_takes_each_calls_paragraphs():
    """The query's SQL is compiled once per shape with stand-ins: each call's ids take their
    places, and nothing of an earlier call's stays."""
    import uuid

    key = uuid.uuid4()
    caps = (3, 10, 1_000_000_000)
    first_sql, first = _counted_threads_sql(key, ("p1",), caps, None, (), ("", "p1"))
    second_sql, second = _counted_threads_sql(key, ("p2",), caps, None, (), ("", "p2"))
    assert first_sql == second_sql
    assert "p2" in second and "p1" not in second
    assert [value for value in first if value == "p1"] and not any("\x00" in str(value) for value in second)


def test_a_reply_stored_without_a_paragraph_renders_its_threads_paragraph_again(page, settings):
    block_id = paragraphs(page)[2].block_id
    thread = CommentFactory(consultation=page, paragraph_id=block_id, text="Free buses for students.")
    show(page)
    CommentFactory(consultation=page, parent=thread, paragraph_id="", text="And for pensioners.")
    html = show(page)
    assert "And for pensioners." in paragraph_html(html, block_id)
    assert html == uncached(page, settings)


def test_a_comment_moved_to_another_paragraph_leaves_both_kept_paragraphs(page, settings):
    blocks = [p.block_id for p in paragraphs(page)]
    comment = CommentFactory(consultation=page, paragraph_id=blocks[0], text="About the buses, in fact.")
    show(page)
    comment = Comment.objects.get(pk=comment.pk)
    comment.paragraph_id = blocks[3]
    comment.save()
    html = show(page)
    assert "About the buses, in fact." not in paragraph_html(html, blocks[0])
    assert "About the buses, in fact." in paragraph_html(html, blocks[3])
    assert html == uncached(page, settings)


def test_the_kept_version_number_changes_when_a_version_is_published(page, settings):
    from tests.consultations.test_versions import publish_version

    CommentFactory(consultation=page, paragraph_id=paragraphs(page)[0].block_id, text="On the first version.")
    assert "Version 2 of the draft" not in show(page)
    page = publish_version(page, "Bus lines added.", lambda blocks: None)
    html = show(page)
    assert "Version 2 of the draft" in html
    assert "on version 1" in html  # the comment's badge: the page now has more than one version
    assert html == uncached(page, settings)
