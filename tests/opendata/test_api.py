"""The open-data API, endpoint by endpoint: what each shows, its filters and pages, its errors
as JSON, its caching headers, its rate limit, and a query count that does not grow with the
number of rows."""

import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.choices import Status
from opendata.paragraphs import PARAGRAPH_COLUMNS, consultation_paragraphs
from tests.factories import CommentFactory, EventPageFactory, NewsPageFactory, ProjectPageFactory, make_consultation

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


def ok(client, path, **params):
    response = get(client, path, **params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def key(page):
    return str(page.translation_key)


# Consultations


def test_a_consultation_is_one_item_with_its_titles_in_every_language(client, open_data):
    found = {item["id"]: item for item in ok(client, "consultations/")["results"]}
    item = found[key(open_data["open"])]
    assert item["languages"] == ["en", "mk", "sq", "bg"]
    assert item["title"]["mk"] == "Youth strategy [mk]"
    assert item["url"]["mk"].endswith("/mk/consultations/youth-strategy/")
    assert item["phase"] == "open"
    assert item["organiser"] == "Association Izvor"
    assert item["report_url"] is None


def test_the_consultation_list_counts_published_comments_only(client, open_data):
    item = ok(client, f"consultations/{key(open_data['reported'])}/")
    # Two top-level comments and one reply are public; rejected, pending, spam and the reply
    # under a rejected comment are not.
    assert item["comment_count"] == 3
    assert item["answered_count"] == 1
    assert item["phase"] == "report"
    assert item["report_published_at"] is not None
    assert item["report_url"].endswith(f"/api/v1/consultations/{key(open_data['reported'])}/report/")


def test_a_restricted_consultation_is_not_in_the_api(client, open_data):
    ids = [item["id"] for item in ok(client, "consultations/")["results"]]
    assert key(open_data["hidden"]) not in ids
    response = get(client, f"consultations/{key(open_data['hidden'])}/")
    assert response.status_code == 404


def test_consultations_filter_by_language_and_phase(client, open_data):
    in_mk = [item["id"] for item in ok(client, "consultations/", language="mk")["results"]]
    assert in_mk == [key(open_data["open"])]
    reported = [item["id"] for item in ok(client, "consultations/", phase="report")["results"]]
    assert reported == [key(open_data["reported"])]
    assert ok(client, "consultations/", phase="upcoming")["count"] == 1


def test_consultations_filter_by_date(client, open_data):
    after = (timezone.now() - datetime.timedelta(days=10)).isoformat()
    found = ok(client, "consultations/", opens_after=after, opens_before=timezone.now().isoformat())["results"]
    assert [item["id"] for item in found] == [key(open_data["open"])]


def test_a_bad_filter_value_is_a_400_naming_the_parameter(client, open_data):
    for params, name in (
        ({"opens_after": "last tuesday"}, "opens_after"),
        ({"opens_after": ""}, "opens_after"),
        ({"language": "de"}, "language"),
        ({"phase": "finished"}, "phase"),
        ({"page": "two"}, "page"),
        ({"page": "0"}, "page"),
        ({"page_size": "100000"}, "page_size"),
    ):
        response = get(client, "consultations/", **params)
        assert response.status_code == 400, params
        assert name in response.json(), response.json()


def test_a_page_past_the_last_is_a_json_404_not_a_redirect(client, open_data):
    response = get(client, "consultations/", page=9)
    assert response.status_code == 404
    assert "last page is 1" in response.json()["detail"]


def test_an_unknown_or_malformed_consultation_id_is_a_json_404(client, open_data):
    for path in ("consultations/not-a-uuid/", "consultations/00000000-0000-0000-0000-000000000000/paragraphs/"):
        response = get(client, path)
        assert response.status_code == 404
        assert "detail" in response.json()


def test_pages_of_consultations_with_page_size(client, open_data):
    first = ok(client, "consultations/", page_size=1)
    assert first["count"] == 3 and len(first["results"]) == 1
    assert "page=2" in first["next"]
    second = ok(client, "consultations/", page_size=1, page=2)
    assert second["results"][0]["id"] != first["results"][0]["id"]


def test_the_consultation_list_does_a_fixed_number_of_queries(client, consultations):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            ok(client, "consultations/")
        return len(captured)

    queries()  # the first request fills the caches (site root paths, view restrictions)
    before = queries()
    for n in range(4):
        page = make_consultation(consultations["index"], f"extra-{n}", -2)
        CommentFactory(consultation=page)
        CommentFactory(consultation=page, decision="noted", response="Noted.")
    assert queries() == before


# Paragraphs


def test_paragraphs_are_the_draft_in_the_language_asked_for(client, open_data):
    page = open_data["open"]
    english = ok(client, f"consultations/{key(page)}/paragraphs/")
    assert english["language"] == "en"
    assert english["results"] == consultation_paragraphs(page)
    assert list(english["results"][0]) == list(PARAGRAPH_COLUMNS)
    assert english["results"][1]["section_heading"] == "Young people and work"
    assert english["results"][1]["text"] == "Paid internships with local employers."
    macedonian = ok(client, f"consultations/{key(page)}/paragraphs/", language="mk")
    assert macedonian["language"] == "mk"
    # The block ids are the same in every language: comments join on them.
    assert [r["paragraph_id"] for r in macedonian["results"]] == [r["paragraph_id"] for r in english["results"]]


def test_paragraphs_in_a_language_the_consultation_lacks_are_a_404(client, open_data):
    response = get(client, f"consultations/{key(open_data['reported'])}/paragraphs/", language="mk")
    assert response.status_code == 404
    assert "has no version in 'mk'" in response.json()["detail"]
    assert get(client, f"consultations/{key(open_data['reported'])}/paragraphs/", language="xx").status_code == 400


# Versions of the draft


def second_version(page):
    """v2 of a consultation's draft: its second paragraph reworded, published with a summary."""
    from consultations.models import ConsultationPage, DraftVersion

    page = ConsultationPage.objects.get(pk=page.pk)
    blocks = [dict(b) for b in page.draft.raw_data]
    paragraphs = [b for b in blocks if b["type"] == "paragraph"]
    paragraphs[1]["value"] = "<p>Paid internships with local employers and the municipality.</p>"
    page.draft = blocks
    page.draft_versions.add(DraftVersion(summary="Internships at the municipality too."))
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def test_a_consultation_lists_the_versions_of_its_draft(client, open_data):
    page = second_version(open_data["open"])
    record = ok(client, f"consultations/{key(page)}/")
    assert record["current_version"] == 2
    first, second = record["versions"]
    assert first["number"] == 1 and first["summary"] == {} and first["published_at"]
    assert first["languages"] == ["en", "mk", "sq", "bg"]
    assert second["summary"] == {"en": "Internships at the municipality too."}
    assert second["languages"] == ["en"]  # the translations have not been published again yet
    assert second["paragraphs_url"]["en"].endswith(f"/consultations/{key(page)}/paragraphs/?language=en&version=2")


def test_paragraphs_of_an_earlier_version_and_of_the_current_one(client, open_data):
    page = second_version(open_data["open"])
    current = ok(client, f"consultations/{key(page)}/paragraphs/")
    assert current["version"] == 2
    assert {row["version"] for row in current["results"]} == {2}
    assert current["results"][1]["text"] == "Paid internships with local employers and the municipality."
    earlier = ok(client, f"consultations/{key(page)}/paragraphs/", version="1")
    assert earlier["version"] == 1
    assert earlier["results"][1]["text"] == "Paid internships with local employers."
    assert [r["paragraph_id"] for r in earlier["results"]] == [r["paragraph_id"] for r in current["results"]]
    assert list(earlier["results"][0]) == list(PARAGRAPH_COLUMNS)


@pytest.mark.parametrize(("version", "status"), [("0", 400), ("two", 400), ("-1", 400), ("9", 404)])
def test_a_version_that_is_not_there_is_a_json_error(client, open_data, version, status):
    page = second_version(open_data["open"])
    response = get(client, f"consultations/{key(page)}/paragraphs/", version=version)
    assert response.status_code == status
    assert "version" in response.content.decode()


def test_comments_say_which_version_they_were_written_on(client, open_data):
    page = open_data["open"]
    CommentFactory(consultation=page, text="Written on the first draft.")
    page = second_version(page)
    CommentFactory(consultation=page, text="Written on the second draft.")
    rows = {row["text"]: row["draft_version"] for row in ok(client, "comments/", consultation=key(page))["results"]}
    assert rows == {"Written on the first draft.": 1, "Written on the second draft.": 2}


def test_the_download_has_every_version_of_the_draft(client, open_data):
    page = second_version(open_data["open"])
    archive = zipfile.ZipFile(io.BytesIO(client.get(API + f"consultations/{key(page)}/download.zip").content))
    paragraphs = archive.read("paragraphs-en.csv").decode("utf-8-sig").splitlines()
    assert paragraphs[0].split(",") == list(PARAGRAPH_COLUMNS)
    assert [line.split(",")[0] for line in paragraphs[1:]] == ["1"] * 4 + ["2"] * 4
    versions = archive.read("versions.csv").decode("utf-8-sig")
    assert "2," in versions and "Internships at the municipality too." in versions
    assert "versions.csv" in archive.read("README.txt").decode()
    assert archive.read("versions.csv").startswith(b"\xef\xbb\xbf")  # spreadsheets read it as UTF-8


def test_the_version_lists_do_a_fixed_number_of_queries(client, consultations):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            ok(client, "consultations/")
        return len(captured)

    queries()
    before = queries()
    for n in range(3):
        second_version(make_consultation(consultations["index"], f"versioned-{n}", -2))
    assert queries() == before


# Comments and answers


def test_comments_are_the_published_ones_with_names_only_when_shown(client, open_data):
    comments = ok(client, "comments/", consultation=key(open_data["reported"]))["results"]
    texts = [comment["text"] for comment in comments]
    assert texts == ["Internships should be paid.", "A youth office costs [removed].", "A published reply."]
    shown, anonymous, reply = comments
    assert shown["author_name"] == "Ana Shown"
    assert shown["organisation"] == "Association Izvor"
    assert anonymous["author_name"] is None
    assert anonymous["edited_by_moderator"] is True
    assert reply["reply_to"] == shown["id"]
    assert shown["paragraph_id"] == open_data["shown"].paragraph_id
    assert "email" not in shown and "rejection_reason" not in shown


def test_comments_filter_by_date(client, open_data):
    CommentFactory(
        consultation=open_data["open"], text="An old comment.", created_at=timezone.now() - datetime.timedelta(days=3)
    )
    cutoff = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    before = ok(client, "comments/", created_before=cutoff)["results"]
    assert [comment["text"] for comment in before] == ["An old comment."]
    after = ok(client, "comments/", created_after=cutoff)["results"]
    assert "An old comment." not in [comment["text"] for comment in after]
    response = get(client, "comments/", created_after="2026-13-45")
    assert response.status_code == 400
    assert response.json() == {"created_after": ["Enter a valid date/time."]}


@pytest.mark.parametrize(
    ("moment", "status"),
    [("2026-01-01T00:00:00+18:17", 200), ("0307-02-04T01:04:20-16:45", 200), ("0001-01-01T00:30:00+01:00", 400)],
)
def test_a_moment_with_any_offset_is_compared_in_utc_or_refused(client, open_data, moment, status):
    # PostgreSQL refuses offsets beyond ±15:59 that Python reads: they reach it in UTC.
    response = get(client, "comments/", created_after=moment)
    assert response.status_code == status
    if status == 400:
        assert "created_after" in response.json()


def test_answers_are_the_responses_to_published_comments(client, open_data):
    CommentFactory(consultation=open_data["reported"], status=Status.REJECTED, response="An answer to a rejection.")
    answers = ok(client, "answers/")["results"]
    assert len(answers) == 1
    assert answers[0]["comment"] == open_data["shown"].pk
    assert answers[0]["decision"] == "accepted"
    assert answers[0]["response"] == "They will be paid from the first month."
    assert set(answers[0]) == {
        "comment",
        "consultation",
        "language",
        "decision",
        "response",
        "response_paragraph_id",
        "responded_at",
    }


def test_the_comment_list_does_a_fixed_number_of_queries(client, consultations):
    page = consultations["open"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            ok(client, "comments/")
            ok(client, "answers/")
        return len(captured)

    CommentFactory(consultation=page, municipality="Kratovo", response="An answer.")
    queries()
    before = queries()
    for _n in range(5):
        parent = CommentFactory(consultation=page, response="An answer.", decision="noted")
        CommentFactory(consultation=page, parent=parent)
    assert queries() == before


# The report


def test_report_figures_only_once_the_report_is_published(client, open_data):
    assert get(client, f"consultations/{key(open_data['open'])}/report/").status_code == 404
    figures = ok(client, f"consultations/{key(open_data['reported'])}/report/")
    assert figures["total"] == 2
    assert figures["answered"] == 1
    stances = {bar["label"]: bar["count"] for bar in figures["by_stance"]}
    assert stances["I support this"] == 2


# Competitions


def test_competition_results_show_names_only_with_consent(client, open_data):
    competition = open_data["competition"]
    assert ok(client, f"competitions/{key(competition)}/")["phase"] == "results"
    results = ok(client, f"competitions/{key(competition)}/results/")["results"]
    assert [(r["place"], r["student_name"], r["school"]) for r in results] == [
        (1, "Elif Aliu", "Gymnasium Kratovo"),
        (2, None, None),
    ]
    assert results[0]["prize"] == "First prize"
    assert results[1]["entry_code"]


def test_competition_results_are_a_404_before_they_are_published(client, open_data):
    response = get(client, f"competitions/{key(open_data['upcoming_competition'])}/results/")
    assert response.status_code == 404
    assert "not published yet" in response.json()["detail"]


# News, projects, events


def test_news_lists_live_public_articles_with_language_and_date_filters(client, open_data, site_tree):
    NewsPageFactory(parent=site_tree.news_index, title="Draft news", slug="draft-news", live=False)
    NewsPageFactory(parent=site_tree.news_index, title="Old news", slug="old-news", date=datetime.date(2020, 1, 1))
    titles = [item["title"] for item in ok(client, "news/")["results"]]
    assert "Public news" in titles and "Old news" in titles
    assert "Draft news" not in titles
    old = ok(client, "news/", date_before="2020-12-31")["results"]
    assert [item["title"] for item in old] == ["Old news"]
    assert ok(client, "news/", language="mk")["count"] == 0
    assert get(client, "news/", date_after="yesterday").status_code == 400


def test_projects_and_events_are_listed_per_language_version(client, site_tree):
    ProjectPageFactory(parent=site_tree.project_index, title="Youth hub", slug="youth-hub")
    EventPageFactory(parent=site_tree.event_index, title="Open day", slug="open-day")
    project = ok(client, "projects/")["results"][0]
    assert project["title"] == "Youth hub" and project["language"] == "en" and project["budget"] == "400000.00"
    event = ok(client, "events/", language="en")["results"][0]
    assert event["title"] == "Open day" and event["venue"] == "Cultural centre"


def test_the_news_list_does_a_fixed_number_of_queries(client, site_tree):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            ok(client, "news/")
            ok(client, "projects/")
            ok(client, "events/")
        return len(captured)

    NewsPageFactory(parent=site_tree.news_index)
    ProjectPageFactory(parent=site_tree.project_index)
    EventPageFactory(parent=site_tree.event_index)
    queries()
    before = queries()
    for _n in range(4):
        NewsPageFactory(parent=site_tree.news_index)
        ProjectPageFactory(parent=site_tree.project_index)
        EventPageFactory(parent=site_tree.event_index)
    assert queries() == before


# Caching headers and the rate limit


def test_an_unchanged_answer_is_a_304_by_etag_and_by_date(client, open_data):
    path = API + "comments/"
    first = client.get(path)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    CommentFactory(consultation=open_data["open"], text="A new comment.")
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_too_many_requests_from_one_address_get_429(client, settings, site_tree):
    settings.GLAS_API_RATE = "3/min"
    statuses = [client.get(API + "news/").status_code for _n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "detail" in client.get(API + "news/").json()


# The download


def test_the_download_has_the_api_columns_and_a_readme(client, open_data):
    page = open_data["reported"]
    response = client.get(API + f"consultations/{key(page)}/download.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {
        "comments.csv",
        "answers.csv",
        "paragraphs-en.csv",
        "versions.csv",
        "figures.csv",
        "README.txt",
    }
    api_comment = ok(client, "comments/", consultation=key(page))["results"][0]
    header = archive.read("comments.csv").decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == list(api_comment)
    assert archive.read("paragraphs-en.csv").decode("utf-8-sig").splitlines()[0].split(",") == list(PARAGRAPH_COLUMNS)
    assert "Internships should be paid." in archive.read("comments.csv").decode("utf-8-sig")
    assert ",false\r\n" in archive.read("comments.csv").decode("utf-8-sig")  # edited_by_moderator, as JSON spells it
    assert "comments.csv" in archive.read("README.txt").decode()


def test_an_open_consultation_downloads_without_figures(client, open_data):
    response = client.get(API + f"consultations/{key(open_data['open'])}/download.zip")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "figures.csv" not in names
    assert {"paragraphs-en.csv", "paragraphs-mk.csv", "paragraphs-sq.csv", "paragraphs-bg.csv"} <= set(names)


# Schema and documentation


def test_the_schema_and_the_docs_page_list_every_endpoint(client):
    schema = client.get(API + "schema/", {"format": "json"}).json()
    paths = list(schema["paths"])
    assert all(path.startswith("/api/v1/") for path in paths)
    assert "/api/v1/consultations/{key}/paragraphs/" in paths
    docs = client.get(API).content.decode()
    for path in paths:
        assert path in docs
    assert "<script" not in docs


# The licence and the links to the download


def test_the_licence_is_in_the_api_and_the_readme(client, open_data):
    page = open_data["reported"]
    page.licence = "CC0-1.0"
    page.save_revision().publish()
    item = ok(client, f"consultations/{key(page)}/")
    assert item["licence"] == "CC0-1.0"
    assert item["licence_url"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    response = client.get(API + f"consultations/{key(page)}/download.zip")
    readme = zipfile.ZipFile(io.BytesIO(response.content)).read("README.txt").decode()
    assert "Creative Commons Zero 1.0 Universal (CC0 1.0)" in readme


def test_a_new_consultation_is_under_cc_by(client, open_data):
    assert ok(client, f"consultations/{key(open_data['open'])}/")["licence"] == "CC-BY-4.0"


def test_the_consultation_page_and_its_report_link_to_the_download(client, open_data):
    page = open_data["reported"]
    link = f"/api/v1/consultations/{key(page)}/download.zip"
    assert link in client.get(page.url).content.decode()
    assert link in client.get(page.url + page.reverse_subpage("report")).content.decode()
