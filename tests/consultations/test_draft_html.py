"""The draft's paragraphs as the consultation page shows them (consultations/draft_html.py): the
same markup as the template loop they replace, with and without comments, with more threads than
are shown, with comments closed and with this session's own waiting comments, in each language."""

from pathlib import Path

import pytest
from django.template import Context, Engine
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Site

from consultations.choices import Status
from consultations.draft_html import render_paragraphs
from consultations.drafts import THREADS_SHOWN, draft_with_comments
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

# The loop each paragraph was rendered with before (kept here as the reference markup).
REFERENCE = Path(__file__).with_name("paragraph_reference.html").read_text()


def paragraph_ids(page):
    return [p.block_id for section in page.sections() for p in section.paragraphs]


@pytest.fixture
def commented(consultations):
    page = consultations["open"]
    ids = paragraph_ids(page)
    for n in range(THREADS_SHOWN + 2):  # more threads than are shown: the link to all of them
        CommentFactory(consultation=page, paragraph_id=ids[0], author_name=f"Ana <{n}>", text=f"Point {n} & more")
    CommentFactory(consultation=page, paragraph_id=ids[2], author_name="Besa", text="One thought")
    return page


def both(page, language, accepts, own=None):
    request = RequestFactory().get(page.url)
    request._wagtail_site = Site.objects.get()
    with translation.override(language):
        draft = draft_with_comments(page, limit=THREADS_SHOWN)
        values = {
            "request": request,
            "page": page,
            "consultation": page,
            "accepts_comments": accepts,
            "comment_url": page.url + "comment/",
            "own": own or {},
        }
        template = Engine.get_default().from_string(REFERENCE)
        expected, actual = [], []
        for section in draft.sections:
            context = Context({**values, "section": section}, autoescape=True)
            expected.append(template.render(context).removeprefix("          ").removesuffix("\n"))
            actual.append(str(render_paragraphs(Context(values, autoescape=True), section.paragraphs)))
    return expected, actual


@pytest.mark.parametrize("language", ["en", "mk", "sq", "bg"])
@pytest.mark.parametrize("accepts", [True, False])
def test_paragraphs_have_the_markup_of_the_template_they_replace(commented, language, accepts):
    expected, actual = both(commented, language, accepts)
    assert actual == expected
    html = "".join(actual)
    assert "Ana <" not in html  # names are escaped
    assert ("Comment on this paragraph" in html) == (accepts and language == "en")


def test_own_waiting_comments_show_beside_their_paragraph(commented):
    ids = paragraph_ids(commented)
    waiting = CommentFactory(consultation=commented, paragraph_id=ids[1], status=Status.UNCONFIRMED, text="Mine")
    expected, actual = both(commented, "en", True, own={ids[1]: [waiting]})
    assert actual == expected
    assert "Your comment, not public yet" in "".join(actual)
