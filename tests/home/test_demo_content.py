"""The demo content command builds the site in every language and is safe to run twice.

Loading the demo takes a while, so one test checks all of it."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from consultations.choices import Status
from consultations.models import Comment, ConsultationPage
from essays.models import Assignment, CompetitionPage
from home.models import EventPage, HomePage, NewsPage, Organisation, ProjectPage

pytestmark = pytest.mark.django_db

CYRILLIC = set("абвгдѓежзѕијклљмнњопрстќуфхцчџшщъьюяй")
LANGUAGES = ["en", "mk", "sq", "bg"]


def test_demo_content_in_every_language_safe_to_run_twice(client, site_tree):
    # Start from a fresh install: nothing under the root.
    for page in Page.get_first_root_node().get_children():
        page.delete()
    call_command("load_demo_content", "--quiet")
    call_command("load_demo_consultations", "--quiet")
    call_command("load_demo_essays", "--quiet")

    for code in LANGUAGES:
        assert HomePage.objects.filter(locale__language_code=code, live=True).count() == 1
        assert NewsPage.objects.filter(locale__language_code=code, live=True).count() >= 6
        assert EventPage.objects.filter(locale__language_code=code, live=True).count() >= 3
        assert ProjectPage.objects.filter(locale__language_code=code, live=True).count() >= 2
        assert Organisation.objects.filter(locale__language_code=code).count() >= 4
        assert ConsultationPage.objects.filter(locale__language_code=code, live=True).count() == 2

    # One open consultation with a draft of at least 6 sections and 25 paragraphs, one closed
    # with its report; comments in several languages, replies and answers, shared across languages.
    open_now = ConsultationPage.objects.open_now().get(locale__language_code="mk")
    sections = open_now.sections()
    assert len(sections) >= 6 and sum(len(s.paragraphs) for s in sections) >= 25
    assert set(open_now.draft.raw_data[1]["value"].lower()) & CYRILLIC
    reported = ConsultationPage.objects.get(locale__language_code="sq", report_published_at__isnull=False)
    assert reported.report_is_published
    comments = Comment.objects.filter(status=Status.PUBLISHED)
    assert {c.language for c in comments} >= {"mk", "sq", "bg", "en"}
    assert comments.exclude(parent=None).exists()
    closed_comments = comments.filter(consultation_key=reported.translation_key, parent=None)
    assert closed_comments.count() >= 6 and not closed_comments.filter(response="").exists()
    assert Comment.objects.filter(status=Status.PENDING).exists()
    report = client.get(reported.url + reported.reverse_subpage("report"))
    assert report.status_code == 200

    # Three competitions in every language: open, in judging with partial scores, with results.
    for code in LANGUAGES:
        phases = sorted(p.phase for p in CompetitionPage.objects.filter(locale__language_code=code, live=True))
        assert phases == ["judging", "open", "results"], code
    judging = CompetitionPage.objects.get(locale__language_code="en", slug="a-language-i-heard-on-my-street")
    sheets = Assignment.objects.filter(entry__competition_key=judging.translation_key)
    assert sheets.filter(submitted_at__isnull=False).exists() and sheets.filter(submitted_at=None).exists()
    results = CompetitionPage.objects.get(locale__language_code="mk", slug="my-neighbour-from-the-next-street")
    html = client.get(results.url).content.decode()
    assert "Elif Aliu" in html and "Пофалници" not in html

    # Real text in each language, not English with a prefix.
    for article in NewsPage.objects.exclude(locale__language_code="en"):
        english = NewsPage.objects.get(locale__language_code="en", translation_key=article.translation_key)
        code = article.locale.language_code
        assert article.title != english.title
        assert article.lead != english.lead
        assert article.body.raw_data[0]["value"] != english.body.raw_data[0]["value"]
        if code in ("mk", "bg"):
            assert set(article.title.lower()) & CYRILLIC, article.title
        # Links point at the same language's topic and project.
        assert {link.topic.locale.language_code for link in article.topic_links.all()} == {code}
        assert article.project().locale.language_code == code

    pages, images = Page.objects.count(), get_image_model().objects.count()
    call_command("load_demo_content", "--quiet")
    call_command("load_demo_consultations", "--quiet")
    call_command("load_demo_essays", "--quiet")
    assert Page.objects.count() == pages
    assert get_image_model().objects.count() == images

    for page in Page.objects.live().exclude(depth=1):
        response = client.get(page.get_url())
        assert response.status_code == 200, page.get_url()
