"""Data for the open-data API's tests: public things to find, and private ones that must never
show (see test_privacy.py)."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from consultations.choices import RejectionReason, Status
from consultations.models import CommentRedaction
from essays.models import Award
from tests.conftest import translate
from tests.factories import (
    CommentFactory,
    NewsPageFactory,
    UserFactory,
    make_consultation,
    make_entry,
)

# What may never appear in any answer of the API.
PRIVATE = [
    "hidden.author@example.org",
    "Hidden Author",
    "TOKENHASH-0123456789",
    "SUBMISSIONKEY-0123456789",
    "PENDING-COMMENT-TEXT",
    "UNCONFIRMED-COMMENT-TEXT",
    "REJECTED-COMMENT-TEXT",
    "SPAM-COMMENT-TEXT",
    "REPLY-TO-A-REJECTED-COMMENT",
    "ORIGINAL-TEXT-BEFORE-REDACTION",
    "REDACTION-REASON-PHONE",
    "moderator-with-a-name",
    "COMMENT-ON-A-PRIVATE-CONSULTATION",
    "PRIVATE-CONSULTATION-TITLE",
    "PRIVATE-NEWS-TITLE",
    "Secret Student",
    "Secret School",
    "student.secret@example.org",
    "guardian.secret@example.org",
    "WITHDRAWN-ENTRY-TITLE",
]


def paragraph_ids(page):
    return [p.block_id for section in page.sections() for p in section.paragraphs]


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    """Tests call the API many times; test_api.py turns the limit on where it is the subject."""
    settings.GLAS_API_RATE = None


@pytest.fixture
def open_data(consultations, competitions, site_tree):
    """A consultation whose report is published, with comments in every status and every private
    field filled; a restricted consultation and news article; a competition with results."""
    reported = consultations["closed"]
    reported.report_published_at = reported.closes_at + datetime.timedelta(days=5)
    reported.save_revision().publish()
    moderator = UserFactory(username="moderator-with-a-name", email="moderator@example.org")
    ids = paragraph_ids(reported)
    private_fields = {
        "email": "hidden.author@example.org",
        "token_hash": "TOKENHASH-0123456789",
        "submission_key": "SUBMISSIONKEY-0123456789",
        "moderated_by": moderator,
        "moderated_at": timezone.now(),
        "responded_by": moderator,
    }
    shown = CommentFactory(
        consultation=reported,
        paragraph_id=ids[1],
        author_name="Ana Shown",
        organisation="Association Izvor",
        text="Internships should be paid.",
        decision="accepted",
        response="They will be paid from the first month.",
        responded_at=timezone.now(),
        **{**private_fields, "email": "ana.shown@example.org", "submission_key": None},
    )
    anonymous = CommentFactory(
        consultation=reported,
        paragraph_id=ids[2],
        author_name="Hidden Author",
        show_name=False,
        text="A youth office is too expensive.",
        **private_fields,
    )
    CommentRedaction.record(anonymous, moderator, "A youth office costs [removed].", "", "REDACTION-REASON-PHONE")
    anonymous.refresh_from_db()
    CommentRedaction.objects.filter(comment=anonymous).update(original_text="ORIGINAL-TEXT-BEFORE-REDACTION")
    rejected = CommentFactory(
        consultation=reported,
        text="REJECTED-COMMENT-TEXT",
        status=Status.REJECTED,
        rejection_reason=RejectionReason.ABUSIVE,
        author_name="Hidden Author",
        email="hidden.author@example.org",
    )
    CommentFactory(consultation=reported, parent=rejected, text="REPLY-TO-A-REJECTED-COMMENT", author_name="Ana Shown")
    CommentFactory(consultation=reported, parent=shown, text="A published reply.", author_name="Marko Replies")
    for status in (Status.PENDING, Status.UNCONFIRMED, Status.SPAM):
        CommentFactory(
            consultation=reported,
            text=f"{status.upper()}-COMMENT-TEXT",
            status=status,
            author_name="Hidden Author",
            email="hidden.author@example.org",
        )
    hidden = make_consultation(consultations["index"], "board-only", -3, title="PRIVATE-CONSULTATION-TITLE")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    CommentFactory(consultation=hidden, text="COMMENT-ON-A-PRIVATE-CONSULTATION")
    news = NewsPageFactory(parent=site_tree.news_index, title="PRIVATE-NEWS-TITLE", slug="board-minutes")
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    NewsPageFactory(parent=site_tree.news_index, title="Public news", slug="public-news")

    judged = competitions["closed"]
    judged.results_published_at = timezone.now()
    judged.save_revision().publish()
    consenting = make_entry(judged, name="Elif Aliu", school="Gymnasium Kratovo", publish_name=True, title="The baker")
    secret = make_entry(
        judged,
        name="Secret Student",
        school="Secret School",
        email="student.secret@example.org",
        guardian_email="guardian.secret@example.org",
        title="The shoemaker",
    )
    withdrawn = make_entry(judged, name="Secret Student", title="WITHDRAWN-ENTRY-TITLE", status="withdrawn")
    Award.objects.create(entry=consenting, place=1)
    Award.objects.create(entry=secret, place=2)
    Award.objects.create(entry=withdrawn, honourable_mention=True)
    translate(judged, "mk", title="Минатогодишен конкурс")
    return {
        "reported": reported,
        "open": consultations["open"],
        "hidden": hidden,
        "shown": shown,
        "anonymous": anonymous,
        "rejected": rejected,
        "competition": judged,
        "upcoming_competition": competitions["upcoming"],
    }
