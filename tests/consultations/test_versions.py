"""Versions of a consultation's draft: each version's text kept per language when the page is
published, comments marked with their version, the versions page, the comparison (inline and side
by side, readable without colour), the comments behind each change, and the report."""

import copy
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from consultations.choices import Decision, Status
from consultations.models import Comment, ConsultationPage, DraftVersion, DraftVersionText
from consultations.versions import compare, numbered_paragraphs, version_list, word_diff
from home.demo.localize import translate_objects
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def blocks_of(page):
    return [{"type": b["type"], "value": b["value"], "id": b["id"]} for b in page.draft.raw_data]


def publish_version(page, summary, edit):
    """An editor's new version: the draft edited, a version row with its summary, published."""
    page = ConsultationPage.objects.get(pk=page.pk)
    blocks = blocks_of(page)
    edit(blocks)
    page.draft = blocks
    page.draft_versions.add(DraftVersion(summary=summary))
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def paragraph_ids(page):
    return [b["id"] for b in page.draft.raw_data if b["type"] == "paragraph"]


def second_version(page):
    """v2: paragraph 2 reworded, paragraph 3 removed, a paragraph added at the end."""

    def edit(blocks):
        paragraphs = [b for b in blocks if b["type"] == "paragraph"]
        paragraphs[1]["value"] = "<p>Paid internships with local employers and the municipality.</p>"
        blocks.remove(paragraphs[2])
        blocks.append({"type": "paragraph", "value": "<p>Night buses on Fridays.</p>", "id": "new-night-bus"})

    return publish_version(page, "Internships at the municipality too; the youth office moves to the strategy.", edit)


# Word-level differences


def test_word_diff_marks_inserted_and_deleted_words_and_keeps_the_spaces():
    segments = word_diff("Buses every hour.", "Buses every half hour, daily.")
    assert [(s.kind, s.text) for s in segments] == [
        ("same", "Buses every "),
        ("inserted", "half "),
        ("same", "hour"),
        ("inserted", ", daily"),
        ("same", "."),
    ]
    assert "".join(s.text for s in segments if s.kind != "deleted") == "Buses every half hour, daily."
    assert "".join(s.text for s in segments if s.kind != "inserted") == "Buses every hour."


def test_word_diff_treats_cyrillic_words_as_words():
    segments = word_diff("Децата влегуваат бесплатно.", "Жителите и децата влегуваат бесплатно.")
    assert [(s.kind, s.text) for s in segments][:2] == [("deleted", "Децата"), ("inserted", "Жителите и децата")]


def test_kept_paragraphs_are_numbered_as_the_page_numbers_them(consultations):
    paragraphs = numbered_paragraphs(blocks_of(consultations["open"]))
    assert [(p.number, p.section_number, p.text) for p in paragraphs][2:] == [
        (3, 1, "A youth office in every municipality."),
        (4, 2, "Buses between villages every hour."),
    ]


# Keeping each version's text


def test_publishing_keeps_the_draft_as_version_one_in_each_language(consultations):
    page = consultations["open"]
    kept = DraftVersionText.objects.filter(consultation_key=page.translation_key)
    assert sorted(kept.values_list("language", flat=True)) == ["bg", "en", "mk", "sq"]
    assert set(kept.values_list("number", flat=True)) == {1}
    assert kept.get(language="en").blocks == blocks_of(page)


def test_publishing_without_a_new_version_corrects_the_current_one(consultations):
    page = ConsultationPage.objects.get(pk=consultations["open"].pk)
    blocks = blocks_of(page)
    blocks[1]["value"] = "<p>Support for young people who start a firm.</p>"
    page.draft = blocks
    page.save_revision().publish()
    kept = DraftVersionText.objects.get(consultation_key=page.translation_key, language="en")
    assert kept.number == 1 and kept.blocks[1]["value"] == "<p>Support for young people who start a firm.</p>"


def test_a_new_version_gets_the_next_number_and_leaves_the_earlier_text_as_it_was(consultations):
    v1_blocks = copy.deepcopy(blocks_of(consultations["open"]))
    page = second_version(consultations["open"])
    row = page.draft_versions.get()
    assert row.number == 2 and row.published_at is not None
    texts = DraftVersionText.objects.filter(consultation_key=page.translation_key, language="en")
    assert texts.get(number=1).blocks == v1_blocks
    assert texts.get(number=2).blocks == blocks_of(page)


def test_a_version_edited_again_from_its_revision_keeps_its_number(consultations):
    page = second_version(consultations["open"])
    # The editor opens the page again: the form comes from the revision saved before the row
    # had a number, and publishing it must not turn version 2 into version 3.
    draft = page.get_latest_revision().as_object()
    draft.summary = "A clearer summary of the draft."
    draft.save_revision().publish()
    page = ConsultationPage.objects.get(pk=page.pk)
    assert list(page.draft_versions.values_list("number", flat=True)) == [2]
    assert [v.number for v in version_list(page)] == [1, 2]


def test_the_migration_keeps_version_one_of_consultations_published_before(consultations):
    page = consultations["open"]
    DraftVersionText.objects.all().delete()
    comment = CommentFactory(consultation=page)
    Comment.objects.filter(pk=comment.pk).update(draft_version=None)
    migration = importlib.import_module("consultations.migrations.0011_first_draft_versions")
    migration.keep_first_versions(apps, None)
    kept = DraftVersionText.objects.filter(consultation_key=page.translation_key, number=1)
    assert sorted(kept.values_list("language", flat=True)) == ["bg", "en", "mk", "sq"]
    assert kept.get(language="en").blocks == blocks_of(page)
    assert Comment.objects.get(pk=comment.pk).draft_version == 1


# Comments and their versions


def test_a_comment_records_the_version_it_was_written_on(consultations):
    page = consultations["open"]
    first = CommentFactory(consultation=page, paragraph_id=paragraph_ids(page)[0])
    page = second_version(page)
    second = CommentFactory(consultation=page, paragraph_id=paragraph_ids(page)[0])
    assert (first.draft_version, second.draft_version) == (1, 2)


def test_the_page_names_its_version_and_each_comments_version(client, consultations):
    page = consultations["open"]
    kept_id = paragraph_ids(page)[1]
    CommentFactory(consultation=page, paragraph_id=kept_id, text="Internships need a wage.")
    second_version(page)
    html = client.get("/en/consultations/youth-strategy/").content.decode()
    assert "Version 2 of the draft" in html
    assert "on version 1" in html
    assert "The paragraph has changed since this comment was written" in html
    assert 'href="/en/consultations/youth-strategy/versions/compare/"' in html


def test_a_page_with_one_version_does_not_talk_of_versions(client, consultations):
    CommentFactory(consultation=consultations["open"], paragraph_id=paragraph_ids(consultations["open"])[0])
    html = client.get("/en/consultations/youth-strategy/").content.decode()
    assert "of the draft</span>" not in html and "on version 1" not in html


# The comparison


def test_compare_lists_changed_removed_added_and_unchanged_paragraphs_in_order(consultations):
    page = consultations["open"]
    ids = paragraph_ids(page)
    page = second_version(page)
    comparison = compare(page, 1, 2)
    assert [(c.kind, c.block_id) for c in comparison.paragraphs] == [
        ("same", ids[0]),
        ("changed", ids[1]),
        ("removed", ids[2]),
        ("same", ids[3]),
        ("added", "new-night-bus"),
    ]
    assert (comparison.changed, comparison.added, comparison.removed) == (1, 1, 1)
    changed = comparison.paragraphs[1]
    assert [(s.kind, s.text) for s in changed.segments if s.kind != "same"] == [
        ("inserted", " and the municipality"),
    ]


def test_compare_shows_the_answered_comments_that_led_to_a_change(consultations):
    page = consultations["open"]
    ids = paragraph_ids(page)
    accepted = CommentFactory(
        consultation=page,
        paragraph_id=ids[1],
        author_name="Vesna",
        decision=Decision.ACCEPTED,
        response="Added.",
        response_paragraph_id=ids[1],
    )
    CommentFactory(
        consultation=page, paragraph_id=ids[1], decision=Decision.NOT_ACCEPTED, response_paragraph_id=ids[1]
    )
    CommentFactory(
        consultation=page,
        paragraph_id=ids[1],
        decision=Decision.ACCEPTED,
        response_paragraph_id=ids[1],
        status=Status.REJECTED,
    )
    page = second_version(page)
    CommentFactory(consultation=page, paragraph_id=ids[1], decision=Decision.ACCEPTED, response_paragraph_id=ids[1])
    comparison = compare(page, 1, 2)
    assert comparison.paragraphs[1].comments == [accepted]
    assert comparison.comment_count == 1


def test_versions_page_lists_each_version_with_its_summary_and_changes(client, consultations):
    second_version(consultations["open"])
    response = client.get("/en/consultations/youth-strategy/versions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Version 2") < html.index("Version 1")
    assert "Internships at the municipality too" in html
    assert "1 paragraph changed · 1 added · 1 removed" in html
    assert "/en/consultations/youth-strategy/versions/compare/?from=1&amp;to=2" in html


def test_compare_page_marks_changes_with_ins_and_del_and_words_for_screen_readers(client, consultations):
    second_version(consultations["open"])
    response = client.get("/en/consultations/youth-strategy/versions/compare/?from=1&to=2")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<ins><span class="visually-hidden">[inserted: </span> and the municipality'
        '<span class="visually-hidden">]</span></ins>' in html
    )
    assert '<del><span class="visually-hidden">[deleted: </span>A youth office in every municipality.' in html
    assert "Night buses on Fridays." in html
    assert "From version 1 to version 2" in html
    assert '<option value="1" selected>Version 1</option><option value="2">Version 2</option>' in html
    assert '<option value="1">Version 1</option><option value="2" selected>Version 2</option>' in html


def test_compare_side_by_side_shows_the_earlier_text_left_and_the_later_right(client, consultations):
    second_version(consultations["open"])
    html = client.get("/en/consultations/youth-strategy/versions/compare/?from=1&to=2&layout=side").content.decode()
    assert html.count('class="col-md-6"') == 2  # the one changed paragraph, in two columns
    left, right = html.split('class="col-md-6"')[1:3]
    right = right.split("</section>")[0]
    assert "<ins>" not in left and "<del>" not in right
    assert "and the municipality" in right and "and the municipality" not in left


def test_compare_without_numbers_shows_the_last_two_versions(client, consultations):
    second_version(consultations["open"])
    html = client.get("/en/consultations/youth-strategy/versions/compare/").content.decode()
    assert "From version 1 to version 2" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=1&to=9", "Choose two versions of the draft from the lists."),
        ("?from=x&to=2", "Choose two versions of the draft from the lists."),
        ("?from=2&to=2", "Choose two different versions to compare."),
    ],
)
def test_compare_with_wrong_versions_says_so_and_shows_the_last_two(client, consultations, query, message):
    second_version(consultations["open"])
    response = client.get(f"/en/consultations/youth-strategy/versions/compare/{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'role="alert"' in html
    assert "From version 1 to version 2" in html


def test_compare_in_reverse_order_compares_the_earlier_with_the_later(client, consultations):
    second_version(consultations["open"])
    html = client.get("/en/consultations/youth-strategy/versions/compare/?from=2&to=1").content.decode()
    assert "From version 1 to version 2" in html


def test_compare_with_one_version_says_there_is_nothing_to_compare(client, consultations):
    response = client.get("/en/consultations/youth-strategy/versions/compare/")
    assert response.status_code == 200
    assert "only one version" in response.content.decode()


def test_compare_reads_a_fixed_number_of_queries(client, consultations, django_assert_max_num_queries):
    page = consultations["open"]
    ids = paragraph_ids(page)
    for _n in range(10):
        CommentFactory(
            consultation=page, paragraph_id=ids[1], decision=Decision.ACCEPTED, response_paragraph_id=ids[1]
        )
    second_version(page)
    client.get("/en/consultations/youth-strategy/versions/compare/")  # warm the site's own look-ups
    with CaptureQueriesContext(connection) as few:
        client.get("/en/consultations/youth-strategy/versions/compare/?from=1&to=2&c=1")
    for _n in range(10):
        CommentFactory(
            consultation=page, paragraph_id=ids[1], decision=Decision.ACCEPTED, response_paragraph_id=ids[1]
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/en/consultations/youth-strategy/versions/compare/?from=1&to=2&c=2")
    assert len(many) == len(few)


# Languages


def test_a_translated_version_is_compared_in_its_own_language(client, consultations):
    page = consultations["open"]
    ids = paragraph_ids(page)
    second_version(page)
    mk = Locale.objects.get(language_code="mk")
    # Before the translator has translated version 2, the Macedonian page lists it as not there yet.
    html = client.get("/mk/consultations/youth-strategy/versions/").content.decode()
    assert "Оваа верзија сè уште не е достапна на овој јазик." in html
    assert "Пракса и во општината." not in html
    source = ConsultationPage.objects.get(pk=page.pk)
    translate_objects(
        [source],
        mk,
        {
            "Paid internships with local employers and the municipality.": (
                "Платена пракса кај локалните работодавци и во општината."
            ),
            "Night buses on Fridays.": "Ноќни автобуси во петок.",
            "Internships at the municipality too; the youth office moves to the strategy.": "Пракса и во општината.",
        },
    )
    macedonian = ConsultationPage.objects.get(translation_key=page.translation_key, locale=mk)
    assert macedonian.draft_versions.get().summary == "Пракса и во општината."
    kept = DraftVersionText.objects.get(consultation_key=page.translation_key, number=2, language="mk")
    assert [b["id"] for b in kept.blocks if b["type"] == "paragraph"] == [ids[0], ids[1], ids[3], "new-night-bus"]
    html = client.get("/mk/consultations/youth-strategy/versions/").content.decode()
    assert "Пракса и во општината." in html
    html = client.get("/mk/consultations/youth-strategy/versions/compare/?from=1&to=2").content.decode()
    assert "Ноќни автобуси во петок." in html


def test_a_version_not_yet_translated_says_so(client, consultations):
    second_version(consultations["open"])
    page = ConsultationPage.objects.get(
        translation_key=consultations["open"].translation_key, locale__language_code="sq"
    )
    assert [(v.number, v.available) for v in version_list(page)] == [(1, True), (2, False)]
    response = client.get("/sq/consultations/youth-strategy/versions/compare/")
    assert response.status_code == 200


# The report


def test_report_lists_what_changed_in_each_version_because_of_comments(client, consultations):
    page = consultations["closed"]
    ids = paragraph_ids(page)
    CommentFactory(
        consultation=page,
        paragraph_id=ids[1],
        author_name="Vesna Petrova",
        decision=Decision.PARTLY,
        response="The municipality takes interns too.",
        response_paragraph_id=ids[1],
    )
    page = second_version(page)
    page.report_published_at = page.closes_at
    page.save_revision().publish()
    html = client.get("/en/consultations/old-plan/report/").content.decode()
    assert "What changed in each version of the draft" in html
    section = html[html.index("What changed in each version") : html.index("The comments and the answers")]
    assert "Internships at the municipality too" in section
    assert "Vesna Petrova" in section and "Partly accepted" in section
    assert "and the municipality" in section
