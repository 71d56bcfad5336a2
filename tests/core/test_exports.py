"""Exports read as a person reads them and are safe to open: labels instead of codes, in the
exporter's language; times in the site's time zone as ISO 8601 with the offset; the paragraph an
answer changed; the same columns in CSV and XLSX; and no cell a spreadsheet runs as a formula."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.users.models import UserProfile

from consultations.choices import Channel, Decision, Stance
from consultations.models import Comment
from core import roles
from core.exports import as_text, local_iso
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://evil.example/","Open")'


def comments_url(**query):
    return reverse(Comment.snippet_viewset.get_url_name("list")), query


@pytest.fixture
def moderator(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=roles.MODERATORS))
    client.force_login(user)
    return user


@pytest.fixture
def answered(consultations):
    page = consultations["open"]
    paragraphs = [p.block_id for s in page.sections() for p in s.paragraphs]
    return CommentFactory(
        consultation=page,
        paragraph_id=paragraphs[0],
        stance=Stance.CHANGE,
        channel=Channel.ONLINE,
        decision=Decision.PARTLY,
        response="We changed it.",
        response_paragraph_id=paragraphs[2],
        text=INJECTION,
        created_at=datetime.datetime(2026, 11, 30, 17, 0, tzinfo=datetime.UTC),
    )


def rows_of(response, export):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


def test_the_comments_export_has_labels_local_times_and_the_changed_paragraph(client, moderator, answered):
    path, query = comments_url(export="csv")
    header, row = rows_of(client.get(path, query), "csv")[:2]
    record = dict(zip(header, row, strict=True))
    assert record["Stance"] == "I suggest a change" and record["Channel"] == "Online form"
    assert record["Status"] == "Published" and record["Decision"] == "Partly accepted"
    assert record["Written"] == "2026-11-30T18:00:00+01:00"  # Skopje time, with its offset
    assert record["Changed paragraph in the new version"] == "3"
    assert record["Comment"] == "'" + INJECTION  # text, not a formula


def test_the_same_columns_in_csv_and_xlsx_and_no_formula_in_either(client, moderator, answered):
    path, query = comments_url()
    csv_rows = rows_of(client.get(path, {**query, "export": "csv"}), "csv")
    xlsx_rows = rows_of(client.get(path, {**query, "export": "xlsx"}), "xlsx")
    assert csv_rows[0] == [cell.value for cell in xlsx_rows[0]]
    text = xlsx_rows[1][csv_rows[0].index("Comment")]
    assert text.value == INJECTION and text.data_type == "s"  # shown as text, never run
    assert all(cell.data_type != "f" for row in xlsx_rows for cell in row)


def test_labels_come_in_the_exporters_language(client, moderator, answered):
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "bg"
    profile.save()
    path, query = comments_url(export="csv")
    header, row = rows_of(client.get(path, query), "csv")[:2]
    assert "Частично приет" in row, row
    assert "Decision" not in header and "Решение" in header  # the headings too


def test_the_ranking_export_keeps_a_formula_in_a_title_as_text(client, competitions):
    from tests.essays.test_ranking_pages import close
    from tests.factories import juror, make_entry

    page = competitions["open"]
    page.jury.set([juror("anna")])
    page.save_revision().publish()
    make_entry(page, title=INJECTION)
    close(page)
    coordinator = UserFactory()
    coordinator.groups.add(Group.objects.get(name=roles.COORDINATORS))
    client.force_login(coordinator)
    url = reverse("essays_ranking", args=[page.pk])
    csv_rows = rows_of(client.get(url, {"export": "csv"}), "csv")
    assert ("'" + INJECTION) in csv_rows[1]
    xlsx_rows = rows_of(client.get(url, {"export": "xlsx"}), "xlsx")
    assert all(cell.data_type != "f" for row in xlsx_rows for cell in row)
    assert INJECTION in [cell.value for cell in xlsx_rows[1]]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert as_text(f"{start}1+1") == f"'{start}1+1"
    assert as_text("plain") == "plain"


def test_local_times_keep_their_offset_across_summer_time():
    summer = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=ZoneInfo("UTC"))
    assert local_iso(summer) == "2026-07-01T12:00:00+02:00"
