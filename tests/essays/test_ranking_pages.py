"""The ranking from real score sheets: weighted totals summed in the database, means, medians,
missing scores, normalisation, the coordinators' ranking page and its exports."""

import csv
import io
import random

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from essays.jury import assign_jurors
from essays.models import Assignment, RankingSettings, Score
from essays.ranking import rank_entries
from tests.factories import UserFactory, juror, make_entry

pytestmark = pytest.mark.django_db


def submit(assignment, points):
    criteria = assignment.entry.competition.criteria()
    Score.objects.bulk_create(
        [Score(assignment=assignment, criterion_id=c.id, points=p) for c, p in zip(criteria, points, strict=True)]
    )
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["submitted_at"])


@pytest.fixture
def scored(competitions):
    """Three entries, two jurors; the rubric weighs Idea ×2 (of 10), Language ×1 (of 10), Structure ×1 (of 5)."""
    page = competitions["open"]
    a, b = juror("anna"), juror("boris")
    page.jury.set([a, b])
    page.key_criterion = 2
    page.save_revision().publish()
    entries = [make_entry(page, title=f"Essay {n}") for n in range(3)]
    assign_jurors(page)
    sheets = {(x.entry_id, x.juror_id): x for x in Assignment.objects.all()}
    submit(sheets[entries[0].pk, a.pk], [8, 6, 4])  # 26
    submit(sheets[entries[0].pk, b.pk], [6, 7, 3])  # 22
    submit(sheets[entries[1].pk, a.pk], [9, 9, 5])  # 32
    submit(sheets[entries[1].pk, b.pk], [9, 8, 5])  # 31
    submit(sheets[entries[2].pk, a.pk], [5, 5, 2])  # 17; boris has not scored entry 2
    return page, entries, (a, b)


def test_weighted_totals_means_and_medians(scored):
    page, entries, (a, b) = scored
    ranking = rank_entries(page)
    by_entry = {item.entry.pk: item for item in ranking.entries}
    assert ranking.max_total == 35.0
    assert by_entry[entries[0].pk].totals == {a.pk: 26.0, b.pk: 22.0}
    assert by_entry[entries[0].pk].mean == 24.0
    assert by_entry[entries[1].pk].mean == 31.5 and by_entry[entries[1].pk].median == 31.5
    assert by_entry[entries[2].pk].missing == 1
    assert by_entry[entries[0].pk].key_criterion == 6.5
    assert [item.entry.pk for item in ranking.entries] == [entries[1].pk, entries[0].pk, entries[2].pk]
    assert [item.rank for item in ranking.entries] == [1, 2, 3]


def test_a_draft_sheet_does_not_count(scored):
    page, entries, (a, b) = scored
    Assignment.objects.filter(entry=entries[1], juror=b).update(submitted_at=None)
    item = next(i for i in rank_entries(page).entries if i.entry.pk == entries[1].pk)
    assert item.totals == {a.pk: 32.0} and item.missing == 1


def test_coordinators_see_the_ranking_and_export_it(client, scored):
    page, entries, _jurors = scored
    coordinator = UserFactory(username="coordinator")
    coordinator.groups.add(Group.objects.get(name="Competition coordinators"))
    client.force_login(coordinator)
    url = reverse("essays_ranking", args=[page.pk])
    html = client.get(url).content.decode()
    assert "Krippendorff" in html and entries[1].jury_code in html
    response = client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Rank", "Entry code", "Title"]
    assert rows[1][1] == entries[1].jury_code and rows[1][0] == "1"
    assert rows[0][-2:] == ["anna", "boris"] and rows[1][-2:] == ["32.0", "31.0"]
    scores = list(csv.reader(io.StringIO(client.get(url, {"export": "scores-csv"}).content.decode("utf-8-sig"))))
    assert scores[0] == ["Entry code", "Juror", "Criterion", "Points", "Comment"]
    assert len(scores) == 1 + 5 * 3  # five submitted sheets, three criteria each
    assert client.get(url, {"export": "scores-xlsx"}).status_code == 200
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_jurors_cannot_see_the_ranking(client, scored):
    page, _entries, (a, _b) = scored
    client.force_login(a)
    assert client.get(reverse("essays_ranking", args=[page.pk])).status_code in (302, 403)


def test_the_ranking_page_for_300_entries_and_5_jurors_needs_a_fixed_number_of_queries(
    client, competitions, django_assert_max_num_queries
):
    page = competitions["open"]
    members = [juror(f"j{n}") for n in range(5)]
    page.jury.set(members)
    page.save_revision().publish()
    RankingSettings.objects.create(competition_key=page.translation_key, normalisation="zscore")
    for n in range(300):
        make_entry(page, title=f"Essay {n}")
    assign_jurors(page)
    criteria = page.criteria()
    rng = random.Random(7)
    assignments = list(Assignment.objects.all())
    Score.objects.bulk_create(
        [
            Score(assignment=x, criterion_id=c.id, points=rng.randint(0, c.max_points))
            for x in assignments
            for c in criteria
        ]
    )
    Assignment.objects.update(submitted_at=timezone.now())
    coordinator = UserFactory(username="coordinator")
    coordinator.groups.add(Group.objects.get(name="Competition coordinators"))
    client.force_login(coordinator)
    url = reverse("essays_ranking", args=[page.pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<td><strong>") == 100  # a page of the ranking


@pytest.fixture
def coordinator_client(client):
    coordinator = UserFactory(username="coordinator")
    coordinator.groups.add(Group.objects.get(name="Competition coordinators"))
    client.force_login(coordinator)
    return client


def close(page):
    from datetime import timedelta

    page.opens_at = timezone.now() - timedelta(days=40)
    page.deadline = timezone.now() - timedelta(days=10)
    page.jury_deadline = timezone.now() - timedelta(days=2)
    page.results_at = timezone.now() - timedelta(days=1)
    page.save_revision().publish()


def test_the_coordinator_confirms_the_ranking_and_publishes_the_results(coordinator_client, scored):
    from wagtail.models import PageLogEntry

    page, entries, _jurors = scored
    close(page)
    client = coordinator_client
    url = reverse("essays_winners", args=[page.pk])
    form = client.get(url).content.decode()
    assert entries[1].jury_code in form
    response = client.post(url, {f"award_{entries[1].pk}": "1", f"award_{entries[0].pk}": "mention"})
    assert response.status_code == 302
    assert not PageLogEntry.objects.get(action="glas.essays.winners").data["override"]
    entries[1].publish_name = True
    entries[1].save()
    # Boris has not scored entry 2: publishing needs the coordinator's reason.
    assert client.post(url, {"publish": "1", "reason": "Boris withdrew from the jury."}).status_code == 302
    page.refresh_from_db()
    assert page.results_published_at is not None and page.phase == "results"
    client.logout()
    html = client.get(page.url).content.decode()
    assert "Ana Petrovska, Gymnasium Nikola Karev" in html  # the winner agreed to publish the name
    assert f"Entry {entries[0].jury_code}" in html  # the mention did not: its code only
    assert "A. P." not in html and html.count("Gymnasium Nikola Karev") == 1
    assert "First prize" in html


def test_departing_from_the_ranking_needs_a_reason_that_is_logged(coordinator_client, scored):
    from wagtail.models import PageLogEntry

    page, entries, _jurors = scored
    url = reverse("essays_winners", args=[page.pk])
    refused = coordinator_client.post(url, {f"award_{entries[0].pk}": "1"})
    assert refused.status_code == 400
    assert "please write the reason" in refused.content.decode()
    reason = "The jury preferred the originality of the second essay."
    coordinator_client.post(url, {f"award_{entries[0].pk}": "1", "reason": reason})
    entry = PageLogEntry.objects.get(action="glas.essays.winners")
    assert entry.data["override"] and entry.data["reason"] == reason


def test_results_cannot_be_published_before_winners_are_confirmed(coordinator_client, scored):
    page, _entries, _jurors = scored
    response = coordinator_client.post(reverse("essays_winners", args=[page.pk]), {"publish": "1"})
    assert response.status_code == 400
    page.refresh_from_db()
    assert page.results_published_at is None


def test_results_are_not_published_while_a_score_sheet_is_open_unless_the_coordinator_says_why(
    coordinator_client, scored
):
    from wagtail.models import PageLogEntry

    page, entries, _jurors = scored  # boris has not submitted his sheet for entry 2
    close(page)
    url = reverse("essays_winners", args=[page.pk])
    coordinator_client.post(url, {f"award_{entries[1].pk}": "1"})
    form = coordinator_client.get(url).content.decode()
    assert "1 score sheet is not submitted yet." in form
    refused = coordinator_client.post(url, {"publish": "1"})
    assert refused.status_code == 400 and "Say why the results are published now" in refused.content.decode()
    page.refresh_from_db()
    assert page.results_published_at is None
    assert coordinator_client.post(url, {"publish": "1", "reason": "A juror fell ill."}).status_code == 302
    page.refresh_from_db()
    assert page.results_published_at is not None
    logged = PageLogEntry.objects.get(action="glas.essays.results").data
    assert logged == {"reason": "A juror fell ill.", "despite": ["1 score sheet is not submitted yet."]}


def test_results_wait_for_the_jurys_deadline(coordinator_client, scored):
    page, entries, _jurors = scored
    close(page)
    page.jury_deadline = timezone.now() + timezone.timedelta(days=3)
    page.results_at = page.jury_deadline
    page.save_revision().publish()
    url = reverse("essays_winners", args=[page.pk])
    coordinator_client.post(url, {f"award_{entries[1].pk}": "1"})
    assert "has not passed yet" in coordinator_client.get(url).content.decode()
    assert coordinator_client.post(url, {"publish": "1"}).status_code == 400


def test_an_entry_whose_personal_data_was_deleted_says_so_in_the_ranking_and_the_winners(coordinator_client, scored):
    """After the retention period (essays/retention.py) an entry has no title, name or school:
    the coordinator reads why, in the admin's language, instead of an empty cell and a comma."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    from essays.retention import anonymise

    page, entries, _ = scored
    entries[2].refresh_from_db()
    anonymise(entries[2])
    deleted = "Title, name and school deleted after the retention period"
    for name in ("essays_ranking", "essays_winners"):
        html = coordinator_client.get(reverse(name, args=[page.pk])).content.decode()
        assert html.count(deleted) == 1, name
        assert "Essay 0" in html and "Essay 2" not in html
        assert "<bdi></bdi>, <bdi></bdi>" not in html
    # A Macedonian coordinator reads it in Macedonian.
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="coordinator"))
    profile.preferred_language = "mk"
    profile.save()
    html = coordinator_client.get(reverse("essays_ranking", args=[page.pk])).content.decode()
    assert "Насловот, името и училиштето се избришани по истекот на рокот на чување" in html
