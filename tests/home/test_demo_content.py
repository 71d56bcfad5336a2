"""The demo content commands build the site in every language and are safe to run twice.

Loading the demo takes a while, so it is loaded once for this module (on a fresh install, in a
transaction undone at the end) and each test looks at one side of it."""

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from consultations.choices import Status
from consultations.models import Comment, ConsultationPage
from essays.models import Assignment, CompetitionPage
from home.models import EventPage, HomePage, NewsPage, Organisation, ProjectPage

CYRILLIC = set("абвгдѓежзѕијклљмнњопрстќуфхцчџшщъьюяй")
LANGUAGES = ["en", "mk", "sq", "bg"]
DEMO_COMMANDS = ["load_demo_content", "load_demo_consultations", "load_demo_essays"]

ROOT = Path(__file__).resolve().parents[2]
DEMO_JSON = sorted(
    path for app in ("home", "consultations", "essays") for path in (ROOT / app / "demo").glob("*.json")
)
DEMO_COMMAND_FILES = [
    ROOT / app / "management" / "commands" / f"{name}.py"
    for app, name in (
        ("home", "load_demo_content"),
        ("consultations", "load_demo_consultations"),
        ("essays", "load_demo_essays"),
    )
]

# Written in Bulgarian first and translated from Bulgarian (home/demo/bulgarian_first.json).
BULGARIAN_FIRST = {
    ProjectPage: ["your-municipality-works-for-you"],
    NewsPage: ["kyustendil-mayors-meeting", "leader-network-good-practice"],
    EventPage: ["kyustendil-ngo-meeting"],
}
BULGARIAN_FIRST_ORGANISATIONS = [
    "Народно читалище „Братство 1869“",
    "Асоциация „Българска национална Лидер мрежа“",
    "Програма за подкрепа на НПО в България",
]

# The 2023 competition, after the seed's theme "Мојот сограѓанин од соседната улица".
COMPETITION_2023 = {
    "en": "My neighbour from the next street",
    "mk": "Мојот сограѓанин од соседната улица",
    "sq": "Fqinji im nga rruga ngjitur",
    "bg": "Моят съгражданин от съседната улица",
}

# Place names as the seeds and the glossary spell them: what must not appear, in any language
# and in each one.
MISSPELT_EVERYWHERE = ["Кукулиц", "Kukulic", "Крива паланка"]
MISSPELT_IN = {
    "mk": ["Кюстендил", "Кукъс", "Тропоя", "Мојот сосед од соседната"],
    "bg": ["Ќустендил", "Кукъс", "Тропоја", "Моят съсед от съседната"],
    "sq": ["Kyustendil", "Kjustendil", "Kukes", "Tropoja", "rruga tjetër"],
    "en": ["Kjustendil", "Kukes", "Tropoja"],
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        # Start from a fresh install: nothing under the root.
        for page in Page.get_first_root_node().get_children():
            page.delete()
        for command in DEMO_COMMANDS:
            call_command(command, "--quiet")
        yield
        transaction.set_rollback(True)


def test_demo_content_in_every_language(demo, db, client):
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


def untranslated(source, language_code):
    """The segments of a translation source that have no translation into the language (the
    slug excepted: it stays the same in every language)."""
    segments = StringSegment.objects.filter(source=source).exclude(context__path="slug")
    return [
        segment.string.data
        for segment in segments.select_related("string", "context")
        if not StringTranslation.objects.filter(
            translation_of=segment.string, context=segment.context, locale__language_code=language_code
        ).exists()
    ]


def test_bulgarian_first_content_is_translated_from_bulgarian(demo, db):
    for name in BULGARIAN_FIRST_ORGANISATIONS:
        organisation = Organisation.objects.get(locale__language_code="bg", name=name)
        assert TranslationSource.objects.get(object_id=organisation.translation_key).locale.language_code == "bg"
        translations = Organisation.objects.filter(translation_key=organisation.translation_key)
        assert sorted(translations.values_list("locale__language_code", flat=True)) == sorted(LANGUAGES)

    for model, slugs in BULGARIAN_FIRST.items():
        for slug in slugs:
            original = model.objects.get(locale__language_code="bg", slug=slug)
            assert original.live and set(original.title.lower()) & CYRILLIC, original.title
            source = TranslationSource.objects.get(object_id=original.translation_key)
            assert source.locale.language_code == "bg"
            for code in ("en", "mk", "sq"):
                page = model.objects.get(translation_key=original.translation_key, locale__language_code=code)
                assert page.live, (slug, code)
                assert page.title != original.title
                assert untranslated(source, code) == [], (slug, code)
                if code != "mk":
                    assert not set(page.title.lower()) & CYRILLIC, page.title
                if model is ProjectPage:
                    organisations = [
                        page.lead_organisation,
                        page.funder,
                        *(p.organisation for p in page.partners.all()),
                    ]
                    assert {o.locale.language_code for o in organisations} == {code}
                    assert page.currency == "EUR"
                else:
                    assert page.project().locale.language_code == code
                    assert page.project().slug == "your-municipality-works-for-you"
                if model is NewsPage:
                    assert {link.topic.locale.language_code for link in page.topic_links.all()} == {code}
                    assert page.topic_links.exists()
                    assert page.author_organisation.locale.language_code == code

    # The meeting is at ten in Kyustendil, whatever the site's own time zone.
    meeting = EventPage.objects.get(locale__language_code="bg", slug="kyustendil-ngo-meeting")
    assert meeting.start.astimezone(ZoneInfo("Europe/Sofia")).hour == 10
    assert getattr(meeting, "time_zone", "Europe/Sofia") == "Europe/Sofia"
    assert meeting.venue and meeting.address == "Кюстендил"


def demo_strings():
    """(language code or None, text) for every string value in the demo JSON files."""

    def walk(value, language):
        if isinstance(value, dict):
            if value.get("language") in LANGUAGES or value.get("language") in ("tr", "rom", "sr", "bs"):
                language = value["language"]
            for item in value.values():
                yield from walk(item, language)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, language)
        elif isinstance(value, str):
            yield language, value

    for path in DEMO_JSON:
        data = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "bulgarian_first.json":
            for code, part in data.items():
                yield from walk(part, code)
        else:
            yield from walk(data, path.stem if path.stem in LANGUAGES else None)


def test_place_names_are_spelt_as_the_seeds():
    for path in [*DEMO_JSON, *DEMO_COMMAND_FILES]:
        text = path.read_text(encoding="utf-8")
        for wrong in MISSPELT_EVERYWHERE:
            assert wrong not in text, (path.name, wrong)
    strings = list(demo_strings())
    for language, text in strings:
        for wrong in MISSPELT_IN.get(language, []):
            assert wrong not in text, (language, wrong, text[:80])
    assert any("Куклица" in text for language, text in strings if language == "mk")
    assert any("Кюстендил" in text for language, text in strings if language == "bg")
    assert any("Ќустендил" in text for language, text in strings if language == "mk")
    assert any("Qystendil" in text for language, text in strings if language == "sq")


def test_2023_competition_has_one_title_per_language(demo, db):
    english = CompetitionPage.objects.get(locale__language_code="en", slug="my-neighbour-from-the-next-street")
    for code, title in COMPETITION_2023.items():
        page = CompetitionPage.objects.get(translation_key=english.translation_key, locale__language_code=code)
        assert page.title == page.theme == title, code
        announced = NewsPage.objects.get(locale__language_code=code, slug="essay-competition-announced")
        assert title in announced.title, code


def test_every_demo_page_answers(demo, db, client):
    for page in Page.objects.live().exclude(depth=1):
        response = client.get(page.get_url())
        assert response.status_code == 200, page.get_url()


def test_demo_commands_stop_the_second_time(demo, db):
    pages, images = Page.objects.count(), get_image_model().objects.count()
    organisations = Organisation.objects.count()
    for command in DEMO_COMMANDS:
        call_command(command, "--quiet")
    assert Page.objects.count() == pages
    assert get_image_model().objects.count() == images
    assert Organisation.objects.count() == organisations
