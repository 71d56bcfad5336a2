"""Municipalities as a translatable list per consultation: the comment form offers the list and
"Other", the old free text is kept, the data migration links names written by hand, and the
report counts comments by municipality in the reader's language."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from consultations.models import Comment, Municipality
from consultations.report import report_figures
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

NAMES = {
    "Kratovo": {"mk": "Кратово", "sq": "Kratovë", "bg": "Кратово"},
    "Kumanovo": {"mk": "Куманово", "sq": "Kumanovë", "bg": "Куманово"},
}
GOOD = {
    "stance": "change",
    "text": "Internships should pay at least the minimum wage.",
    "author_name": "Ana Petrovska",
    "email": "ana@example.org",
    "consent": "on",
}


def locale(code):
    return Locale.objects.get(language_code=code)


def make_municipalities():
    made = {}
    for name, translations in NAMES.items():
        source = Municipality.objects.create(locale=locale("en"), name=name, country="North Macedonia")
        for code, translated in translations.items():
            copy = source.copy_for_translation(locale(code))
            copy.name = translated
            copy.save()
        made[name] = source
    return made


@pytest.fixture
def municipalities():
    return make_municipalities()


@pytest.fixture
def open_page(consultations, municipalities):
    page = consultations["open"]
    page.comment_municipalities = list(municipalities.values())
    page.save_revision().publish()
    return page


def mk(page):
    return page.get_translation(locale("mk"))


def comment_url(page):
    return page.url + page.reverse_subpage("comment")


def test_the_form_offers_the_list_in_the_visitors_language_and_other(client, open_page, municipalities):
    html = client.get(comment_url(mk(open_page))).content.decode()
    assert f'<option value="{municipalities["Kratovo"].pk}">Кратово</option>' in html
    assert f'<option value="{municipalities["Kumanovo"].pk}">Куманово</option>' in html
    assert 'value="other"' in html
    assert 'name="municipality_other"' in html
    assert 'for="id_municipality_other"' in html  # the box has its own label


def test_a_municipality_chosen_from_the_list_is_stored_as_the_snippet(client, open_page, municipalities):
    response = client.post(comment_url(mk(open_page)), {**GOOD, "municipality": municipalities["Kratovo"].pk})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.municipality_choice == municipalities["Kratovo"]
    assert comment.municipality == ""
    with translation.override("sq"):
        assert comment.municipality_name == "Kratovë"


def test_other_keeps_the_name_as_written(client, open_page):
    data = {**GOOD, "municipality": "other", "municipality_other": "  Probištip "}
    assert client.post(comment_url(open_page), data).status_code == 302
    comment = Comment.objects.get()
    assert comment.municipality_choice is None
    assert comment.municipality == "Probištip"


def test_a_choice_not_on_the_list_is_refused_and_nothing_typed_is_lost(client, open_page):
    stranger = Municipality.objects.create(locale=locale("en"), name="Bitola")
    response = client.post(comment_url(open_page), {**GOOD, "municipality": stranger.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please choose a municipality from the list" in html
    assert GOOD["text"] in html
    assert not Comment.objects.exists()


def test_without_a_list_the_municipality_stays_free_text(client, consultations):
    page = consultations["open"]
    html = client.get(comment_url(page)).content.decode()
    assert 'name="municipality_other"' not in html
    assert client.post(comment_url(page), {**GOOD, "municipality": "Kratovo"}).status_code == 302
    assert Comment.objects.get().municipality == "Kratovo"


def test_the_public_comment_shows_the_municipality_in_the_readers_language(client, open_page, municipalities):
    CommentFactory(consultation=open_page, municipality_choice=municipalities["Kumanovo"])
    assert "Куманово" in client.get(mk(open_page).url).content.decode()


def test_the_report_counts_by_municipality_in_the_readers_language(open_page, municipalities):
    mk_kratovo = municipalities["Kratovo"].get_translation(locale("mk"))
    CommentFactory(consultation=open_page, municipality_choice=municipalities["Kratovo"])
    CommentFactory(consultation=mk(open_page), municipality_choice=mk_kratovo)  # a translation counts as one
    CommentFactory(consultation=open_page, municipality_choice=municipalities["Kumanovo"])
    CommentFactory(consultation=open_page, municipality="Probištip")
    CommentFactory(consultation=open_page, municipality="Skopje")
    CommentFactory(consultation=open_page, municipality="Skopje")
    CommentFactory(consultation=open_page)
    with translation.override("bg"):
        figures = report_figures(open_page)
        other, not_given = translation.gettext("Other"), translation.gettext("Not given")
    bars = [(bar.label, bar.count) for bar in figures["by_municipality"]]
    assert bars == [("Кратово", 2), ("Куманово", 1), (other, 3), (not_given, 1)]
    assert [(bar.label, bar.count) for bar in figures["other_municipalities"]] == [("Skopje", 2), ("Probištip", 1)]


def test_the_report_page_lists_the_other_names(client, consultations, municipalities):
    page = consultations["closed"]
    page.comment_municipalities = [municipalities["Kratovo"]]
    page.report_published_at = page.closes_at + datetime.timedelta(days=5)
    page.save_revision().publish()
    CommentFactory(consultation=page, municipality_choice=municipalities["Kratovo"])
    CommentFactory(consultation=page, municipality="Skopje")
    html = client.get(page.url + page.reverse_subpage("report")).content.decode()
    assert "Other municipalities, as written by the commenters" in html
    assert "Skopje" in html


def test_the_export_shows_the_municipality_by_name(client, open_page, municipalities):
    import csv
    import io

    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    CommentFactory(consultation=open_page, municipality_choice=municipalities["Kumanovo"])
    response = client.get(reverse(Comment.snippet_viewset.get_url_name("list")), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0]["Municipality"] == "Kumanovo"


# --- The data migration ------------------------------------------------------------------------

migration = importlib.import_module("consultations.migrations.0008_municipalities_from_pages")


def test_the_migration_makes_the_pages_lists_into_municipalities_and_links_comments(consultations):
    page = consultations["open"]
    page.municipalities = [("item", "Kratovo"), ("item", "Kriva Palanka")]
    page.save_revision().publish()
    page.refresh_from_db()
    mk_page = mk(page)
    # The same block ids, as wagtail-localize keeps them in a translation.
    ids = [block.id for block in page.municipalities]
    mk_page.municipalities = [
        {"type": "item", "value": name, "id": block_id}
        for name, block_id in zip(("Кратово", "Крива Паланка"), ids, strict=True)
    ]
    mk_page.save()
    written = {
        "Kratovo": CommentFactory(consultation=page, municipality="kratovo"),
        "Кратово": CommentFactory(consultation=mk_page, municipality=" КРАТОВО "),
        "Kriva": CommentFactory(consultation=page, municipality="Крива паланка"),
        "Skopje": CommentFactory(consultation=page, municipality="Skopje"),
        "none": CommentFactory(consultation=page, municipality=""),
    }

    migration.forwards(django_apps, None)

    kratovo = Municipality.objects.get(locale=locale("en"), name="Kratovo")
    assert kratovo.get_translation(locale("mk")).name == "Кратово"
    assert {m.name for m in page.specific_class.objects.get(pk=page.pk).comment_municipalities.all()} == {
        "Kratovo",
        "Kriva Palanka",
    }
    links = {key: Comment.objects.get(pk=c.pk) for key, c in written.items()}
    assert links["Kratovo"].municipality_choice == kratovo
    assert links["Кратово"].municipality_choice.translation_key == kratovo.translation_key
    assert links["Kriva"].municipality_choice.name in ("Kriva Palanka", "Крива Паланка")
    assert links["Skopje"].municipality_choice is None
    assert links["none"].municipality_choice is None
    # What the authors wrote is kept, matched or not.
    assert [links[key].municipality for key in ("Kratovo", "Кратово", "Skopje")] == ["kratovo", " КРАТОВО ", "Skopje"]

    migration.forwards(django_apps, None)  # safe to run again
    assert Municipality.objects.filter(name="Kratovo").count() == 1


def test_the_migration_reuses_a_municipality_of_the_same_name(consultations, municipalities):
    page = consultations["open"]
    page.municipalities = [("item", "KUMANOVO")]
    page.save_revision().publish()
    migration.forwards(django_apps, None)
    assert Municipality.objects.filter(locale=locale("en")).count() == 2
    assert municipalities["Kumanovo"] in page.specific_class.objects.get(pk=page.pk).comment_municipalities.all()
