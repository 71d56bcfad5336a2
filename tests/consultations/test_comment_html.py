"""The comments as the pages show them (consultations/comment_html.py): the same markup as the
template they replace, whatever a comment carries, and a fixed cost per list rather than per
comment (queries, municipality look-ups) on the consultation page."""

import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.template import Context, Engine
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale

from consultations.choices import Channel, Decision, Stance
from consultations.comment_html import render_comments
from consultations.models import Comment, Municipality
from consultations.models import municipalities as municipality_module
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

# The template each comment was rendered with before (kept here as the reference markup).
REFERENCE = Path(__file__).with_name("comment_reference.html").read_text()


def reference_html(comments, page, consultation, comment_url):
    engine = Engine.get_default()
    template = engine.from_string(REFERENCE.replace('"consultations/includes/comment.html"', "comment_template"))
    context = Context(
        {"page": page, "consultation": consultation, "comment_url": comment_url, "comment_template": template},
        autoescape=True,
    )
    parts = []
    for comment in comments:
        with context.push(comment=comment):
            parts.append(template.render(context))
    return "".join(parts)


def paragraph_ids(page):
    return [p.block_id for section in page.sections() for p in section.paragraphs]


@pytest.fixture
def varied(consultations):
    """Comments with each part of the markup: organisation, municipality from the list and as
    written, replies, an answer pointing at a paragraph, proposed wording, a redaction, a changed
    paragraph, another channel and language, and names that need escaping."""
    page = consultations["open"]
    ids = paragraph_ids(page)
    place = Municipality.objects.create(locale=Locale.objects.get(language_code="en"), name="Kratovo")
    first = CommentFactory(
        consultation=page,
        paragraph_id=ids[1],
        author_name='Ana "<b>" & Co',
        organisation="Youth <Council>",
        municipality_choice=place,
        proposed_wording="Paid internships.\nFrom the first month.",
        decision=Decision.ACCEPTED,
        response="Accepted.\nSee the new text.",
        response_paragraph_id=ids[2],
        redaction_reason="A telephone number",
        draft_version=1,
    )
    first.response_paragraph_number = 3
    first.paragraph_changed = True
    reply = CommentFactory(consultation=page, parent=first, paragraph_id=ids[1], show_name=False)
    second = CommentFactory(
        consultation=page,
        municipality="Kriva Palanka",
        channel=Channel.MEETING,
        language="mk",
        stance=Stance.OPPOSE,
        text="Line one\n\nLine 'two'",
        created_at=timezone.now() - datetime.timedelta(days=400),
    )
    first.thread_replies = [reply]
    second.thread_replies = []
    return page, [first, second]


@pytest.mark.parametrize("language", ["en", "mk", "sq"])
@pytest.mark.parametrize("accepts", [True, False])
def test_comments_have_the_markup_of_the_template_they_replace(varied, language, accepts):
    page, comments = varied
    consultation = page if accepts else None
    with translation.override(language):
        expected = reference_html(comments, page, consultation, "/en/c/comment/")
        page.__dict__.pop("latest_version_number", None)
        assert str(render_comments(comments, page, consultation, "/en/c/comment/")) == expected
    assert "on version 1" not in expected  # one version only: no version shown


def test_comments_name_their_version_once_the_draft_has_a_second_one(varied):
    page, comments = varied
    page.latest_version_number = 2  # the cached property, as if version 2 were published
    expected = reference_html(comments, page, page, "/c/")
    assert "on version 1" in expected
    assert str(render_comments(comments, page, page, "/c/")) == expected


def test_the_municipality_names_are_read_once_per_list_not_once_per_comment(client, consultations, monkeypatch):
    page = consultations["open"]
    place = Municipality.objects.create(locale=Locale.objects.get(language_code="en"), name="Kratovo")
    for n in range(8):
        CommentFactory(consultation=page, municipality_choice=place, text=f"General remark {n}.")
    reads = []
    real = municipality_module.cache.get

    def counting_get(key, *args, **kwargs):
        if key == municipality_module.TABLE_CACHE_KEY:
            reads.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(municipality_module.cache, "get", counting_get)
    html = client.get(page.url).content.decode()
    assert html.count(" · Kratovo") == 8
    assert len(reads) == 1


def comment_queries(client, page):
    client.get(page.url)  # the per-process caches (site, root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries), sum("consultations_comment" in query["sql"] for query in queries)


def add_threads(page, count):
    """`count` threads spread over the paragraphs and the whole draft, in two languages, each
    with a published reply, all with the paragraph's snapshot."""
    ids = [*paragraph_ids(page), ""]
    mk = page.get_translation(Locale.objects.get(language_code="mk"))
    for n in range(count):
        top = CommentFactory(consultation=page if n % 2 else mk, paragraph_id=ids[n % len(ids)], text=f"Thread {n}")
        CommentFactory(consultation=page, parent=top, paragraph_id=top.paragraph_id, text=f"Reply {n}")


def test_the_consultation_page_reads_its_comments_in_two_queries_however_many_there_are(client, consultations):
    page = consultations["open"]
    add_threads(page, 3)
    few_total, few = comment_queries(client, page)
    add_threads(page, 40)
    many_total, many = comment_queries(client, page)
    # The threads shown with the counts of threads and replies (one query), and those threads
    # whole with their replies.
    assert few == many == 2
    assert many_total == few_total
    assert Comment.objects.filter(parent__isnull=False).count() == 43
