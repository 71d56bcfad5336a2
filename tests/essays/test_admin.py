"""Coordinators see and manage the entries in the admin; other roles do not."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from essays.choices import EntryStatus
from essays.models import Entry
from tests.factories import UserFactory, make_entry

pytestmark = pytest.mark.django_db


def login(client, group):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def url(name, *args):
    return reverse(Entry.snippet_viewset.get_url_name(name), args=args)


def test_a_coordinator_lists_entries_with_the_students_names(client, competitions):
    login(client, "Competition coordinators")
    make_entry(competitions["open"])
    html = client.get(url("list")).content.decode()
    assert "Ana Petrovska" in html and "The shoemaker" in html


@pytest.mark.parametrize("group", ["Editors", "Moderators", "Jury", "Translators"])
def test_other_roles_cannot_see_entries(client, competitions, group):
    login(client, group)
    entry = make_entry(competitions["open"])
    assert client.get(url("list")).status_code in (302, 403)
    assert client.get(url("inspect", entry.pk)).status_code in (302, 403)


def test_a_coordinator_disqualifies_an_entry_with_a_reason(client, competitions):
    login(client, "Competition coordinators")
    entry = make_entry(competitions["open"])
    data = {
        "status": EntryStatus.DISQUALIFIED,
        "status_reason": "Copied from a published article.",
        "title": entry.title,
        "language": entry.language,
        "text": entry.text,
        "name": entry.name,
        "email": entry.email,
        "school": entry.school,
        "grade": entry.grade,
        "municipality": entry.municipality,
    }
    assert client.post(url("edit", entry.pk), data).status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DISQUALIFIED and entry.status_reason.startswith("Copied")


def test_entries_export_as_csv_filtered_by_competition(client, competitions):
    login(client, "Competition coordinators")
    make_entry(competitions["open"])
    make_entry(competitions["closed"], title="Last year's essay")
    response = client.get(url("list"), {"export": "csv", "competition_key": str(competitions["open"].translation_key)})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row["Title"] for row in rows] == ["The shoemaker"]
    assert rows[0]["Name"] == "Ana Petrovska"


def test_the_original_file_is_served_only_to_coordinators(client, competitions):
    from django.core.files.base import ContentFile

    from tests.essay_files import make_docx

    entry = make_entry(competitions["open"], file_type="docx")
    entry.file.save("essay.docx", ContentFile(make_docx(["Text"])))
    file_url = reverse("essays_entry_file", args=[entry.pk])
    assert client.get(file_url).status_code == 302  # anonymous: to the login page
    for group in ("Jury", "Editors", "Moderators", "Translators"):
        login(client, group)
        assert client.get(file_url).status_code in (302, 403), group
    login(client, "Competition coordinators")
    response = client.get(file_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert entry.receipt_code in response["Content-Disposition"]
    response.close()
    assert "/media/" not in entry.file.path


def test_an_entry_anonymised_after_the_retention_period_is_listed_with_why_it_has_no_title(client, competitions):
    """Not as "(blank)": the coordinator reads, as the link to the entry, that its title, name
    and school were deleted (essays/retention.py); the list still sorts by title."""
    from essays.retention import anonymise

    login(client, "Competition coordinators")
    kept = make_entry(competitions["open"], title="The shoemaker")
    gone = make_entry(competitions["open"], title="The baker")
    gone.refresh_from_db()
    anonymise(gone)
    html = client.get(url("list")).content.decode()
    deleted = "Title, name and school deleted after the retention period"
    assert f'<span id="snippet_{gone.pk}_title">{deleted}</span>' in html
    assert "(blank)" not in html and "The baker" not in html
    assert f"{gone.jury_code} · {deleted}" in html  # its menu's label
    by_title = client.get(url("list"), {"ordering": "title"})
    assert by_title.status_code == 200
    assert [entry.pk for entry in by_title.context["object_list"]] == [gone.pk, kept.pk]  # "" sorts first
