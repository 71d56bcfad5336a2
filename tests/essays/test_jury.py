"""The jury: balanced assignment, blind entries, scoring with drafts and locked submissions,
conflicts of interest, and who may see what."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from essays.choices import EntryStatus
from essays.jury import assign_jurors
from essays.models import Assignment, Score
from tests.factories import UserFactory, juror, make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury(competitions):
    page = competitions["open"]
    members = [juror(f"juror{n}") for n in range(4)]
    page.jury.set(members)
    page.jurors_per_entry = 2
    page.save_revision().publish()
    return page, members


def entries(page, count, **fields):
    return [make_entry(page, title=f"Essay {n}", **fields) for n in range(count)]


def every_juror_on_every_entry(page, count):
    """`count` submitted entries, each with a score sheet for every juror of the competition."""
    page.jurors_per_entry = 0
    page.save_revision().publish()
    entries(page, count)
    assign_jurors(page)


def test_every_entry_gets_k_jurors_and_loads_differ_by_at_most_one(jury):
    page, members = jury
    entries(page, 7)
    assert assign_jurors(page) == 14
    per_entry = {}
    for assignment in Assignment.objects.all():
        per_entry.setdefault(assignment.entry_id, set()).add(assignment.juror_id)
    assert all(len(jurors) == 2 for jurors in per_entry.values())
    loads = [Assignment.objects.filter(juror=m).count() for m in members]
    assert max(loads) - min(loads) <= 1
    assert assign_jurors(page) == 0  # idempotent


def test_all_jurors_score_every_entry_when_k_is_zero(jury):
    page, members = jury
    every_juror_on_every_entry(page, 3)
    assert Assignment.objects.count() == 12


def test_entries_waiting_for_the_guardian_are_not_assigned(jury):
    page, _members = jury
    make_entry(page, status=EntryStatus.AWAITING_GUARDIAN)
    assert assign_jurors(page) == 0


def score_url(page, entry):
    return reverse("essays:score_entry", args=[page.translation_key, entry.jury_code])


def test_a_juror_sees_assigned_entries_without_the_students_details(client, jury):
    page, members = jury
    [entry] = entries(page, 1)
    assign_jurors(page)
    assignment = Assignment.objects.filter(entry=entry).first()
    client.force_login(assignment.juror)
    home = client.get(reverse("essays:my_competitions")).content.decode()
    assert page.title in home and "0 of 1 entries scored" in home
    listing = client.get(reverse("essays:competition_entries", args=[page.translation_key])).content.decode()
    assert entry.jury_code in listing and "Essay 0" in listing
    html = client.get(score_url(page, entry)).content.decode()
    assert entry.text in html
    for secret in (entry.name, entry.school, entry.email, entry.receipt_code, "Petrovska"):
        assert secret not in html and secret not in listing


def test_a_juror_cannot_open_entries_not_assigned_to_them(client, jury):
    page, members = jury
    [entry] = entries(page, 1)
    assign_jurors(page)
    assigned = set(Assignment.objects.filter(entry=entry).values_list("juror_id", flat=True))
    outsider = next(m for m in members if m.pk not in assigned)
    client.force_login(outsider)
    assert client.get(score_url(page, entry)).status_code == 404
    stranger = juror("not-on-this-jury")
    client.force_login(stranger)
    assert client.get(reverse("essays:competition_entries", args=[page.translation_key])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, jury):
    page, _members = jury
    [entry] = entries(page, 1)
    response = client.get(score_url(page, entry))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_draft_is_saved_and_submitting_needs_every_criterion_then_locks(client, jury):
    page, _members = jury
    [entry] = entries(page, 1)
    assign_jurors(page)
    assignment = Assignment.objects.filter(entry=entry).first()
    client.force_login(assignment.juror)
    ids = [c.id for c in page.criteria()]
    draft = client.post(score_url(page, entry), {f"points_{ids[0]}": "7", "overall_comment": "Lively.", "save": "1"})
    assert draft.status_code == 302
    assert Score.objects.get(assignment=assignment).points == 7
    incomplete = client.post(score_url(page, entry), {f"points_{ids[0]}": "7", "submit": "1"})
    assert incomplete.status_code == 400
    assert "Give points for every criterion" in incomplete.content.decode()
    full = {f"points_{ids[0]}": "7", f"points_{ids[1]}": "8", f"points_{ids[2]}": "4", "submit": "1"}
    assert client.post(score_url(page, entry), full).status_code == 302
    assignment.refresh_from_db()
    assert assignment.is_submitted and assignment.scores.count() == 3
    late = client.post(score_url(page, entry), {**full, f"points_{ids[0]}": "1"})
    assert late.status_code == 403
    assert Score.objects.get(assignment=assignment, criterion_id=ids[0]).points == 7


def test_points_above_the_criterion_maximum_are_refused(client, jury):
    page, _members = jury
    [entry] = entries(page, 1)
    assign_jurors(page)
    assignment = Assignment.objects.filter(entry=entry).first()
    client.force_login(assignment.juror)
    structure = page.criteria()[2]  # at most 5 points
    response = client.post(score_url(page, entry), {f"points_{structure.id}": "9", "save": "1"})
    assert response.status_code == 400
    assert not Score.objects.exists()


def test_other_jurors_scores_stay_hidden_unless_allowed_after_submitting(client, jury):
    page, _members = jury
    [entry] = entries(page, 1)
    assign_jurors(page)
    first, second = Assignment.objects.filter(entry=entry)
    ids = [c.id for c in page.criteria()]
    full = {f"points_{ids[0]}": "9", f"points_{ids[1]}": "9", f"points_{ids[2]}": "5", "submit": "1"}
    client.force_login(first.juror)
    client.post(score_url(page, entry), {**full, "overall_comment": "First juror's view"})
    client.force_login(second.juror)
    html = client.get(score_url(page, entry)).content.decode()
    assert "other jurors" not in html and "First juror" not in html
    client.post(score_url(page, entry), full)
    assert "The other jurors" not in client.get(score_url(page, entry)).content.decode()  # not allowed
    page.jurors_see_scores = True
    page.save_revision().publish()
    assert "The other jurors" in client.get(score_url(page, entry)).content.decode()


def test_a_conflict_of_interest_hands_the_entry_to_another_juror(client, jury):
    page, members = jury
    [entry] = entries(page, 1)
    assign_jurors(page)
    assignment = Assignment.objects.filter(entry=entry).first()
    client.force_login(assignment.juror)
    response = client.post(score_url(page, entry), {"conflict": "1", "reason": "She is my cousin."})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.has_conflict
    assert Assignment.objects.active().filter(entry=entry).count() == 2
    assert client.get(score_url(page, entry)).status_code == 404


def test_a_jurors_list_of_100_entries_needs_a_fixed_number_of_queries(client, jury, django_assert_max_num_queries):
    page, members = jury
    every_juror_on_every_entry(page, 100)
    client.force_login(members[0])
    url = reverse("essays:competition_entries", args=[page.translation_key])
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page_one = response.content.decode()
    assert page_one.count("<tr>") == 51  # the header row and the first 50 score sheets
    assert "0 of 100 entries scored" in page_one  # the counts are for the whole list
    with django_assert_max_num_queries(12):
        last = client.get(url, {"page": "2"}).content.decode()
    assert last.count("<tr>") == 51
    assert 'aria-current="page">2<' in last


def test_a_jurors_list_shows_each_score_sheet_on_exactly_one_page(client, jury):
    page, members = jury
    every_juror_on_every_entry(page, 60)
    client.force_login(members[0])
    url = reverse("essays:competition_entries", args=[page.translation_key])
    codes = set(Assignment.objects.filter(juror=members[0]).values_list("entry__jury_code", flat=True))
    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    on_first = {code for code in codes if f">{code}</a>" in first}
    on_second = {code for code in codes if f">{code}</a>" in second}
    assert len(on_first) == 50 and len(on_second) == 10
    assert on_first | on_second == codes and not on_first & on_second


def test_a_jurors_list_reads_no_essay_text_counts_once_and_scores_only_the_sheets_shown(client, jury):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from essays.jury import save_scores

    page, members = jury
    every_juror_on_every_entry(page, 60)
    sheet = Assignment.objects.filter(juror=members[0]).order_by("entry__jury_code").first()
    first = page.criteria()[0]
    save_scores(sheet, [first], {f"points_{first.id}": 5}, submit=False)
    client.force_login(members[0])
    url = reverse("essays:competition_entries", args=[page.translation_key])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    sql = [query["sql"] for query in queries.captured_queries]
    # At 10,000 entries the texts, a second count of the list and scores of every sheet made
    # this page take 400 ms of database time.
    assert not any('"essays_entry"."text"' in statement for statement in sql)
    assert not any("COUNT(*) FROM (" in statement for statement in sql)
    assert not any('GROUP BY "essays_assignment"."id", "essays_entry"."id"' in statement for statement in sql)
    assert "Draft" in html  # the sheet with a score still says so


def test_a_jurors_counts_are_kept_until_one_of_the_competitions_sheets_changes(client, jury):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from essays.jury import save_scores

    page, members = jury
    every_juror_on_every_entry(page, 60)
    client.force_login(members[0])
    url = reverse("essays:competition_entries", args=[page.translation_key])
    assert "0 of 60 entries scored" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert "0 of 60 entries scored" in client.get(url, {"page": "2"}).content.decode()
    assert not any('FILTER (WHERE "essays_assignment"' in query["sql"] for query in queries.captured_queries)
    sheet = Assignment.objects.filter(juror=members[0]).order_by("entry__jury_code").first()
    save_scores(sheet, page.criteria(), {f"points_{c.id}": 4 for c in page.criteria()}, submit=True)
    assert "1 of 60 entries scored" in client.get(url).content.decode()


@pytest.mark.parametrize("wrong, shown", [("abc", "1"), ("0", "2"), ("999", "2"), ("-3", "2")])
def test_a_page_number_that_is_not_there_shows_the_first_or_last_page(client, jury, wrong, shown):
    page, members = jury
    every_juror_on_every_entry(page, 55)
    client.force_login(members[0])
    response = client.get(reverse("essays:competition_entries", args=[page.translation_key]), {"page": wrong})
    assert response.status_code == 200
    assert f'aria-current="page">{shown}<' in response.content.decode()


def test_a_coordinator_assigns_entries_from_the_admin(client, jury):
    page, _members = jury
    entries(page, 3)
    coordinator = UserFactory(username="coordinator")
    coordinator.groups.add(Group.objects.get(name="Competition coordinators"))
    client.force_login(coordinator)
    url = reverse("essays_assign", args=[page.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Assignment.objects.count() == 6
    client.force_login(juror("curious"))
    assert client.post(url).status_code in (302, 403)


def test_jurors_sign_in_on_the_public_site_in_their_language(client, jury):
    _page, members = jury
    assert client.get("/mk/login/").status_code == 200
    wrong = client.post("/mk/login/", {"username": members[0].username, "password": "nope"})
    assert "Корисничкото име или лозинката не се точни" in wrong.content.decode()
    from tests.factories import PASSWORD

    right = client.post("/mk/login/", {"username": members[0].username, "password": PASSWORD})
    assert right.status_code == 302 and right["Location"].endswith("/jury/")


def test_jurors_download_a_copy_of_the_file_without_the_authors_details(client, jury):
    from django.core.files.base import ContentFile

    from tests.essay_files import make_docx

    page, members = jury
    entry = make_entry(page, file_type="docx", text="")
    entry.file_text = "Every morning the old shoemaker opens his shop."
    entry.save()
    entry.file.save("essay.docx", ContentFile(make_docx(["Every morning..."], author="Ana Petrovska")))
    assign_jurors(page)
    assignment = Assignment.objects.filter(entry=entry).first()
    url = reverse("essays:entry_file", args=[page.translation_key, entry.jury_code])
    assert client.get(url).status_code == 302  # anonymous
    client.force_login(assignment.juror)
    response = client.get(url)
    assert response.status_code == 200
    assert f'filename="{entry.jury_code}.docx"' in response["Content-Disposition"]
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert all(b"Petrovska" not in archive.read(name) for name in archive.namelist())
    outsider = next(m for m in members if not Assignment.objects.filter(entry=entry, juror=m).exists())
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_coordinator_unlocks_a_submitted_score_sheet(client, jury):
    from wagtail.models import ModelLogEntry

    page, _members = jury
    [entry] = entries(page, 1)
    assign_jurors(page)
    assignment = Assignment.objects.filter(entry=entry).first()
    assignment.submitted_at = assignment.assigned_at
    assignment.save()
    coordinator = UserFactory(username="coordinator")
    coordinator.groups.add(Group.objects.get(name="Competition coordinators"))
    client.force_login(coordinator)
    listing = reverse(Assignment.snippet_viewset.get_url_name("list"))
    assert entry.jury_code in client.get(listing).content.decode()
    bulk = reverse("wagtail_bulk_action", args=["essays", "assignment", "unlock"]) + f"?id={assignment.pk}"
    assert client.get(bulk).status_code == 200
    client.post(bulk)
    assignment.refresh_from_db()
    assert assignment.submitted_at is None
    assert ModelLogEntry.objects.filter(action="glas.essays.unlock", user=coordinator).exists()
    client.force_login(assignment.juror)
    assert client.get(listing).status_code in (302, 403)


def test_the_list_names_each_sheets_state_and_links_it_in_the_jurors_language(client, jury):
    from django.utils import timezone, translation

    from essays.jury import save_scores

    page, members = jury
    every_juror_on_every_entry(page, 4)
    submitted, draft, conflict, untouched = Assignment.objects.filter(juror=members[0]).order_by("entry__jury_code")
    first = page.criteria()[0]
    save_scores(draft, [first], {f"points_{first.id}": 5}, submit=False)
    save_scores(submitted, page.criteria(), {f"points_{c.id}": 5 for c in page.criteria()}, submit=True)
    Assignment.objects.filter(pk=conflict.pk).update(conflict_declared_at=timezone.now())
    client.force_login(members[0])
    with translation.override("mk"):
        html = client.get(reverse("essays:competition_entries", args=[page.translation_key])).content.decode()
        links = {sheet.entry.jury_code: score_url(page, sheet.entry) for sheet in (submitted, draft, untouched)}
    rows = {code: html[html.index(f">{code}<") :].split("</tr>")[0] for code in links}
    assert "Предадени" in rows[submitted.entry.jury_code]
    assert "Во изработка" in rows[draft.entry.jury_code]
    assert "Сè уште не се внесени" in rows[untouched.entry.jury_code]
    assert "Пријавен судир на интереси" in html
    for code, url in links.items():
        assert f'href="{url}">{code}<' in html
    assert f'href="{score_url(page, conflict.entry)}"' not in html  # a conflict's sheet is not linked


def test_a_jurors_rows_are_kept_until_a_sheet_changes_and_then_show_the_new_state(client, jury):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from essays.jury import save_scores

    page, members = jury
    every_juror_on_every_entry(page, 3)
    client.force_login(members[0])
    url = reverse("essays:competition_entries", args=[page.translation_key])
    first = Assignment.objects.filter(juror=members[0]).order_by("entry__jury_code").first()
    row = f">{first.entry.jury_code}<"
    html = client.get(url).content.decode()
    assert "Not started" in html[html.index(row) :].split("</tr>")[0]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()
    assert again == html
    assert not any('FROM "essays_assignment"' in query["sql"] for query in queries.captured_queries)
    assert not any('FROM "essays_score"' in query["sql"] for query in queries.captured_queries)
    # A score saved: the kept rows are not served again.
    criterion = page.criteria()[0]
    save_scores(first, [criterion], {f"points_{criterion.id}": 3}, submit=False)
    html = client.get(url).content.decode()
    assert "Draft" in html[html.index(row) :].split("</tr>")[0]
    # Kept for each language: the Macedonian list says it in Macedonian.
    with translation.override("mk"):
        html = client.get(reverse("essays:competition_entries", args=[page.translation_key])).content.decode()
    assert "Во изработка" in html[html.index(row) :].split("</tr>")[0]
