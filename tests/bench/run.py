"""Benchmarks, first step: the heaviest pages and computations measured in-process.

Builds, in a throw-away database, a consultation with 40 paragraphs and 5,000 published
comments and a competition with 1,000 entries, 7 jurors and 5 criteria fully scored; then times
the consultation page, the jury's list, the coordinators' ranking page and the ranking
computation through Django's test client (no network, no load tool yet), with the number of
queries of each page. Writes bench/results.json and prints a short table.

Run it with `make bench`. Figures are for comparing runs on the same machine, not targets.
"""

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
BENCH_DB = Path(tempfile.gettempdir()) / "glas-bench.sqlite3"
if "DATABASE_URL" not in os.environ:
    BENCH_DB.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DB}"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

COMMENTS = 5000
PARAGRAPHS = 40
ENTRIES = 1000
JURORS = 7
CRITERIA = 5
RUNS = 20


def build():
    from consultations.models import Comment, ConsultationIndexPage
    from essays.models import Assignment, CompetitionIndexPage, Entry, Score
    from tests.conftest import SiteTree
    from tests.factories import UserFactory, make_competition, make_consultation

    tree = SiteTree()
    index = ConsultationIndexPage(title="Consultations", slug="consultations")
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    draft = []
    for number in range(PARAGRAPHS):
        if number % 8 == 0:
            draft.append({"type": "section", "value": f"Section {number // 8 + 1}"})
        draft.append({"type": "paragraph", "value": f"<p>Paragraph {number + 1} of the draft strategy.</p>"})
    consultation = make_consultation(index, "strategy", -3, draft=draft)
    paragraphs = [p for s in consultation.sections() for p in s.paragraphs]
    Comment.objects.bulk_create(
        [
            Comment(
                consultation=consultation,
                consultation_key=consultation.translation_key,
                paragraph_id=paragraphs[n % PARAGRAPHS].block_id,
                paragraph_number=n % PARAGRAPHS + 1,
                paragraph_text=f"Paragraph {n % PARAGRAPHS + 1} of the draft strategy.",
                stance="support",
                text=f"Comment {n}: the measure should reach the villages too.",
                author_name=f"Citizen {n}",
                language="en",
                status="published",
            )
            for n in range(COMMENTS)
        ],
        batch_size=500,
    )

    competitions = CompetitionIndexPage(title="Essays", slug="essays")
    tree.home.add_child(instance=competitions)
    competitions.save_revision().publish()
    rubric = [
        {
            "type": "criterion",
            "value": {"name": f"Criterion {n + 1}", "description": "", "weight": "1", "max_points": 10},
        }
        for n in range(CRITERIA)
    ]
    competition = make_competition(competitions, "bench", -40, lasts_days=30, rubric=rubric)
    jury = Group.objects.get(name="Jury")
    jurors = []
    for n in range(JURORS):
        juror = UserFactory(username=f"bench-juror{n}")
        juror.groups.add(jury)
        jurors.append(juror)
    competition.jury.set(jurors)
    competition.save_revision().publish()
    entries = Entry.objects.bulk_create(
        [
            Entry(
                competition=competition,
                competition_key=competition.translation_key,
                receipt_code=f"B{n:05d}",
                jury_code=f"J{n:04d}",
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
            for n in range(ENTRIES)
        ],
        batch_size=500,
    )
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        [Assignment(entry=entry, juror=juror, submitted_at=now) for entry in entries for juror in jurors],
        batch_size=1000,
    )
    criteria = competition.criteria()
    Score.objects.bulk_create(
        [
            Score(assignment=a, criterion_id=c.id, points=(a.entry_id * 7 + a.juror_id * 3 + i) % 11)
            for a in assignments
            for i, c in enumerate(criteria)
        ],
        batch_size=2000,
    )
    coordinator = UserFactory(username="bench-coordinator")
    coordinator.groups.add(Group.objects.get(name="Competition coordinators"))
    return consultation, competition, jurors[0], coordinator


def measure(client, url, runs=RUNS):
    client.get(url)  # warm the per-process caches
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return {
        "rps": round(1000 / statistics.fmean(timings), 1),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "queries": len(queries),
        "cached": False,
    }


def main():
    from essays.ranking import rank_entries

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    consultation, competition, juror, coordinator = build()
    build_seconds = time.perf_counter() - started

    pages = {}
    anonymous = Client()
    pages["consultation_5000_comments"] = measure(anonymous, consultation.url)
    jury = Client()
    jury.force_login(juror)
    pages["jury_list_1000_entries"] = measure(
        jury, reverse("essays:competition_entries", args=[competition.translation_key])
    )
    staff = Client()
    staff.force_login(coordinator)
    pages["ranking_page_1000x7x5"] = measure(staff, reverse("essays_ranking", args=[competition.pk]), runs=5)

    timings = []
    for _ in range(5):
        start = time.perf_counter()
        ranking = rank_entries(competition)
        timings.append((time.perf_counter() - start) * 1000)
    assert len(ranking.entries) == ENTRIES

    results = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "database": connection.vendor,
        },
        "method": "in-process Django test client, sequential requests; no load tool yet",
        "data": {
            "comments": COMMENTS,
            "paragraphs": PARAGRAPHS,
            "entries": ENTRIES,
            "jurors": JURORS,
            "criteria": CRITERIA,
            "build_seconds": round(build_seconds, 1),
        },
        "pages": pages,
        "computations": {"ranking_ms_median": round(statistics.median(timings), 1)},
    }
    out = ROOT / "bench" / "results.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    print(f"{'page':32} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")  # noqa: T201
    for name, figures in pages.items():
        print(f"{name:32} {figures['rps']:>8} {figures['p50_ms']:>8} {figures['p95_ms']:>8} {figures['queries']:>8}")  # noqa: T201
    print(f"ranking 1000 x 7 x 5 computed in {results['computations']['ranking_ms_median']} ms (median of 5)")  # noqa: T201
    print(f"written to {out.relative_to(ROOT)}")  # noqa: T201


if __name__ == "__main__":
    main()
