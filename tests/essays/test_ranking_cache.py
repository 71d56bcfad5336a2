"""The ranking page reads the ranking from the cache until something it is made of changes, a
hundred entries to a page with the counts for the whole ranking; the permission check runs on
every request and the exports and the winners' page compute it afresh."""

import csv
import io
import pickle

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from essays import jury
from essays.models import Assignment, Entry, RankingSettings, Score
from essays.ranking import rank_entries, ranking_page
from tests.factories import UserFactory, juror

pytestmark = pytest.mark.django_db


def build(page, entries, jurors=3):
    """`entries` submitted entries, each scored by every juror on every criterion (in bulk, as a
    large competition is loaded), with points that differ between entries and jurors."""
    members = [juror(f"juror{n}") for n in range(jurors)]
    page.jury.set(members)
    page.key_criterion = 1
    page.save_revision().publish()
    made = Entry.objects.bulk_create(
        [
            Entry(
                competition=page,
                competition_key=page.translation_key,
                receipt_code=f"R{n:06d}",
                jury_code=f"C{n:04d}",
                status="submitted",
                name=f"Student {n}",
                email=f"student{n}@example.org",
                birth_date="2008-01-01",
                school="School",
                grade="3",
                municipality="Kratovo",
                title=f"Essay {n}",
                language="mk",
                text="Text",
                word_count=500,
                consent_version="1",
                edit_token_hash=f"{n:064d}",
            )
            for n in range(entries)
        ]
    )
    now = timezone.now()
    sheets = Assignment.objects.bulk_create(
        [Assignment(entry=entry, juror=member, submitted_at=now) for entry in made for member in members]
    )
    criteria = page.criteria()
    Score.objects.bulk_create(
        [
            Score(assignment=sheet, criterion_id=c.id, points=(sheet.entry_id * 7 + sheet.juror_id * 3 + i) % 6)
            for sheet in sheets
            for i, c in enumerate(criteria)
        ]
    )
    return made, members


def coordinator():
    user = UserFactory(username="coordinator")
    user.groups.add(Group.objects.get(name="Competition coordinators"))
    return user


class Cached:
    """The ranking as the ranking page reads it: its summary and every page of its entries."""

    def __init__(self, summary, entries):
        self.summary, self.entries = summary, entries
        self.alpha, self.max_total, self.jurors = summary.alpha, summary.max_total, summary.jurors
        self.normalised, self.missing = summary.normalised, summary.missing


def cached_ranking(page):
    summary, page_obj = ranking_page(page, 1)
    entries = list(page_obj.object_list)
    for number in range(2, page_obj.paginator.num_pages + 1):
        entries += ranking_page(page, number)[1].object_list
    return Cached(summary, entries)


def figures(ranking):
    """Everything the ranking says, to compare two rankings."""
    return (
        ranking.alpha,
        ranking.max_total,
        ranking.jurors,
        ranking.normalised,
        [
            (
                item.entry.pk,
                item.rank,
                item.tied,
                item.totals,
                item.mean,
                item.median,
                item.normalised,
                item.key_criterion,
                item.spread,
                item.large_spread,
                item.missing,
            )
            for item in ranking.entries
        ],
    )


def mean_of(ranking, entry):
    return next(item.mean for item in ranking.entries if item.entry.pk == entry.pk)


@pytest.fixture
def competition(competitions):
    return competitions["open"]


def test_the_cached_ranking_is_the_ranking_computed_afresh(competition):
    build(competition, 40)
    RankingSettings.objects.create(
        competition_key=competition.translation_key, normalisation="zscore", min_scores_for_normalisation=5
    )
    ranking = rank_entries(competition)
    fresh = figures(ranking)
    assert figures(cached_ranking(competition)) == fresh  # computed and stored
    cached = cached_ranking(competition)  # read back from the cache
    assert figures(cached) == fresh and cached.summary == ranking.summary()
    assert fresh[0] is not None and all(row[6] is not None for row in fresh[4])


def test_the_second_request_reads_the_ranking_from_the_cache(competition):
    build(competition, 10)
    ranking_page(competition, 1)
    with CaptureQueriesContext(connection) as queries:
        summary, page_obj = ranking_page(competition, 1)
    assert len(queries) == 0
    assert summary.count == len(page_obj.object_list) == 10


def test_a_saved_score_reaches_the_cached_ranking(competition):
    entries, members = build(competition, 5)
    before = mean_of(cached_ranking(competition), entries[0])
    score = Score.objects.filter(assignment__entry=entries[0], assignment__juror=members[0]).first()
    score.points += 3
    score.save()
    after = cached_ranking(competition)
    assert mean_of(after, entries[0]) != before
    assert figures(after) == figures(rank_entries(competition))


def test_a_deleted_score_reaches_the_cached_ranking(competition):
    entries, members = build(competition, 5)
    before = mean_of(cached_ranking(competition), entries[0])
    Score.objects.filter(assignment__entry=entries[0], assignment__juror=members[0]).first().delete()
    after = cached_ranking(competition)
    assert mean_of(after, entries[0]) != before
    assert figures(after) == figures(rank_entries(competition))


def test_scores_saved_by_a_juror_in_bulk_reach_the_cached_ranking(competition):
    """save_scores writes with bulk_create, which sends no signal to the cache."""
    entries, members = build(competition, 5)
    before = mean_of(cached_ranking(competition), entries[1])
    sheet = Assignment.objects.select_related("entry").get(entry=entries[1], juror=members[1])
    criteria = competition.criteria()
    points = {f"points_{c.id}": c.max_points for c in criteria}
    jury.save_scores(sheet, criteria, points, submit=True)
    assert mean_of(cached_ranking(competition), entries[1]) > before


def test_new_score_sheets_from_the_assignment_reach_the_cached_ranking(competition):
    """assign_jurors creates the sheets in bulk: the new, unsubmitted ones count as missing."""
    entries, members = build(competition, 3, jurors=2)
    assert cached_ranking(competition).missing == 0
    late = juror("late")
    competition.jury.add(late)
    assert jury.assign_jurors(competition) == 3
    assert cached_ranking(competition).missing == 3


def test_an_unlocked_sheet_and_a_withdrawn_entry_reach_the_cached_ranking(competition):
    entries, members = build(competition, 4)
    assert len(cached_ranking(competition).entries) == 4
    sheet = Assignment.objects.get(entry=entries[0], juror=members[0])
    sheet.submitted_at = None
    sheet.save(update_fields=["submitted_at"])
    assert cached_ranking(competition).missing == 1
    entries[1].status = "withdrawn"
    entries[1].save()
    assert [item.entry.pk for item in cached_ranking(competition).entries if item.entry.pk == entries[1].pk] == []


def test_new_ranking_settings_reach_the_cached_ranking(competition):
    build(competition, 6)
    assert not cached_ranking(competition).normalised
    RankingSettings.objects.create(
        competition_key=competition.translation_key, normalisation="zscore", min_scores_for_normalisation=2
    )
    assert cached_ranking(competition).normalised


def test_the_cached_ranking_holds_nothing_about_who_asked(client, competition):
    build(competition, 3)
    client.force_login(coordinator())
    client.get(reverse("essays_ranking", args=[competition.pk]))
    stored = [cache.get(f"glas:ranking:{competition.pk}"), cache.get(f"glas:ranking:{competition.pk}:1")]
    assert None not in stored
    raw = pickle.dumps(stored)
    assert b"coordinator" not in raw and b"sessionid" not in raw and b"csrf" not in raw.lower()


def test_a_cached_ranking_page_needs_the_same_few_queries_whatever_the_size(client, competition):
    entries, _members = build(competition, 30)
    client.force_login(coordinator())
    url = reverse("essays_ranking", args=[competition.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    Entry.objects.filter(pk=entries[0].pk).update(title="Essay zero")  # no signal: still cached
    with CaptureQueriesContext(connection) as again:
        assert client.get(url, {"page": "1"}).status_code == 200
    sql = " ".join(query["sql"] for query in small.captured_queries)
    assert "essays_score" not in sql and "essays_assignment" not in sql and "essays_entry" not in sql
    assert len(small) == len(again) <= 12


def test_the_ranking_comes_a_hundred_entries_to_a_page_each_entry_once(client, competition):
    entries, _members = build(competition, 230, jurors=2)
    client.force_login(coordinator())
    url = reverse("essays_ranking", args=[competition.pk])
    seen = []
    for number, size in ((1, 100), (2, 100), (3, 30)):
        html = client.get(url, {"page": number}).content.decode()
        codes = [entry.jury_code for entry in entries if f"<strong>{entry.jury_code}</strong>" in html]
        assert len(codes) == size
        seen += codes
        assert f"Page {number} of 3" in html
    assert sorted(seen) == sorted(entry.jury_code for entry in entries)
    first = client.get(url).content.decode()
    assert "Entries: <strong>230</strong>" in first and "Ranked: <strong>230</strong>" in first
    ranking = rank_entries(competition)
    assert f"Ties for your decision: <strong>{ranking.tied}</strong>" in first


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("", 1), ("0", 3), ("-2", 3), ("99", 3), ("2", 2)])
def test_a_bad_page_number_shows_the_first_or_the_last_page(client, competition, asked, shown):
    build(competition, 201, jurors=1)
    client.force_login(coordinator())
    url = reverse("essays_ranking", args=[competition.pk])
    for _computed_then_cached in range(2):
        response = client.get(url, {"page": asked})
        assert response.status_code == 200
        assert f"Page {shown} of 3" in response.content.decode()
    assert client.get(url, {"page": "3"}).content.decode().count("<td><strong>") == 1


def test_a_page_of_the_ranking_missing_from_the_cache_is_computed_again(client, competition):
    entries, _members = build(competition, 150, jurors=1)
    ranking_page(competition, 1)
    cache.delete(f"glas:ranking:{competition.pk}:2")
    summary, page_obj = ranking_page(competition, 2)
    assert page_obj.number == 2 and len(page_obj.object_list) == 50 and summary.count == 150
    assert cache.get(f"glas:ranking:{competition.pk}:2") is not None


def test_without_the_cache_the_ranking_is_computed(competition, monkeypatch):
    build(competition, 5)

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", unreachable)
    summary, page_obj = ranking_page(competition, 1)
    assert summary.count == 5 and len(page_obj.object_list) == 5


def test_with_the_ranking_in_the_cache_a_juror_and_a_visitor_still_cannot_see_it(client, competition):
    entries, members = build(competition, 3)
    url = reverse("essays_ranking", args=[competition.pk])
    client.force_login(coordinator())
    assert entries[0].jury_code in client.get(url).content.decode()
    assert cache.get(f"glas:ranking:{competition.pk}") is not None
    client.logout()
    visitor = client.get(url)
    assert visitor.status_code == 302 and entries[0].jury_code not in visitor.content.decode()
    client.force_login(members[0])
    as_juror = client.get(url)
    assert as_juror.status_code in (302, 403) and entries[0].jury_code not in as_juror.content.decode()


def test_the_export_and_the_winners_page_compute_the_ranking_afresh(client, competition):
    """A change that sent no signal (a bulk update) stays out of the cached page, but not out of
    the export or the winners' page, which never read the cache."""
    entries, members = build(competition, 3, jurors=2)
    client.force_login(coordinator())
    url = reverse("essays_ranking", args=[competition.pk])
    client.get(url)
    Entry.objects.filter(pk=entries[2].pk).update(title="Renamed without a signal")
    assert "Renamed without a signal" not in client.get(url).content.decode()
    rows = list(csv.reader(io.StringIO(client.get(url, {"export": "csv"}).content.decode("utf-8-sig"))))
    assert "Renamed without a signal" in [row[2] for row in rows]
    assert "Renamed without a signal" in client.get(reverse("essays_winners", args=[competition.pk])).content.decode()


def test_a_change_while_the_ranking_is_computed_is_not_lost(competition, monkeypatch):
    """The version is made before computing: a score saved meanwhile makes the next request
    compute again instead of serving the ranking read before it."""
    from essays import ranking as ranking_module

    build(competition, 3)
    original, computed = ranking_module.rank_entries, []

    def rank_while_a_score_changes(page):
        computed.append(page.pk)
        if len(computed) == 1:
            ranking_module.ranking_changed(page.translation_key)
        return original(page)

    monkeypatch.setattr(ranking_module, "rank_entries", rank_while_a_score_changes)
    ranking_page(competition, 1)
    ranking_page(competition, 1)
    ranking_page(competition, 1)
    assert len(computed) == 2


def rows_rendered(response):
    return "essays/admin/ranking_rows.html" in [template.name for template in response.templates]


def test_the_rows_of_a_page_are_rendered_once_per_version_of_the_ranking(client, competition):
    entries, members = build(competition, 5)
    client.force_login(coordinator())
    url = reverse("essays_ranking", args=[competition.pk])
    first = client.get(url)
    assert rows_rendered(first)
    second = client.get(url)
    assert not rows_rendered(second)
    assert (
        second.content.decode().count("<tr>") == first.content.decode().count("<tr>") == 7
    )  # the head and five entries
    score = Score.objects.filter(assignment__entry=entries[0], assignment__juror=members[0]).first()
    score.points += 3
    score.save()  # a new version of the ranking: its rows are rendered again
    third = client.get(url)
    assert rows_rendered(third)
    mean = mean_of(rank_entries(competition), entries[0])
    assert f"{mean:.2f}" in third.content.decode()


def test_the_kept_rows_are_in_the_coordinators_language(client, competition):
    build(competition, 5)
    client.force_login(coordinator())
    means = [f"{item.mean:.2f}" for item in rank_entries(competition).entries]
    english = client.get(reverse("essays_ranking", args=[competition.pk])).content.decode()
    macedonian = client.get(
        reverse("essays_ranking", args=[competition.pk]), HTTP_ACCEPT_LANGUAGE="mk"
    ).content.decode()
    assert all(f"<td>{mean}</td>" in english for mean in means)
    assert all(f"<td>{mean.replace('.', ',')}</td>" in macedonian for mean in means)


def test_with_its_rows_kept_a_page_of_the_ranking_does_not_read_its_entries(client, competition, monkeypatch):
    """The hundred entries of a page are unpickled only to render its rows, not when the rows
    themselves are kept."""
    build(competition, 5)
    client.force_login(coordinator())
    url = reverse("essays_ranking", args=[competition.pk])
    client.get(url)
    read = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: read.append(key) or original(key, *args, **kwargs))
    response = client.get(url)
    assert not rows_rendered(response)
    assert response.content.decode().count("<tr>") == 7
    assert f"glas:ranking:{competition.pk}:1" not in read
