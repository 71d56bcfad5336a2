"""`make bench`: the site under gunicorn, driven by locust, compared with the ceiling.

1. Builds (once; again with --rebuild) a large data set in its own database: 10,000 news
   articles (2,500 stories in 4 languages), a consultation with 40 paragraphs and 5,000 published
   comments whose report is published, a competition with 1,000 entries, 7 jurors and 5 criteria
   fully scored, and an open consultation and competition for the posting tests. PostgreSQL on
   127.0.0.1 when it answers (database glas_bench), else SQLite; BENCH_DATABASE_URL overrides.
2. Counts each page's queries in-process, times the ranking computation, and times the
   consultation page rendered in full (as after each approved comment, the kept draft off).
3. Starts gunicorn on loopback (config/settings_bench.py) twice, with the page cache off and on
   (the parts kept for every visitor, GLAS_CACHE_FRAGMENTS, on in both, as in production),
   and drives each page with locust for BENCH_SECONDS with BENCH_USERS clients; measures in the
   same server the ceiling, a minimal Django view through the same middleware.
4. Load: 50 clients post comments for 30 s, then 20 clients post essays with a small DOCX file;
   the rows stored must equal the 2xx/3xx answers and no answer may be a 5xx.

Writes bench/results.json and prints a table. Figures compare runs on the same machine.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DATA_VERSION = "2"
STORIES = 2500  # x 4 languages = 10,000 articles
COMMENTS = 5000
PARAGRAPHS = 40
ENTRIES = 1000
JURORS = 7
CRITERIA = 5
PASSWORD = "bench-password-2026"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
USERS = int(os.environ.get("BENCH_USERS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))  # as the README suggests for 2 cores
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
WORK = Path(tempfile.gettempdir()) / "glas-bench"


def reachable(port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def choose_database(rebuild):
    """The bench database's URL; dropped and made anew when asked to rebuild."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    if reachable(5432):
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as server:
            exists = server.execute("SELECT 1 FROM pg_database WHERE datname = 'glas_bench'").fetchone()
            if exists and rebuild:
                server.execute("DROP DATABASE glas_bench WITH (FORCE)")
                exists = None
            if not exists:
                server.execute("CREATE DATABASE glas_bench")
        return "postgres://postgres@127.0.0.1:5432/glas_bench"
    path = WORK / "bench.sqlite3"
    if rebuild:
        path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def configure(rebuild):
    WORK.mkdir(exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_bench"
    os.environ["DATABASE_URL"] = choose_database(rebuild)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    if reachable(6379) and "CACHE_URL" not in os.environ:
        os.environ["CACHE_URL"] = "redis://127.0.0.1:6379/7"
        os.environ["CACHE_KEY_PREFIX"] = "glas-bench"
    import django

    django.setup()


# --- The data set -----------------------------------------------------------------------------


def build():
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.models import Site

    from consultations.models import Comment, ConsultationIndexPage
    from essays.models import Assignment, CompetitionIndexPage, Entry, Score
    from home.models import NewsIndexPage, NewsPage
    from tests.conftest import SiteTree
    from tests.factories import UserFactory, make_competition, make_consultation

    started = time.perf_counter()
    tree = SiteTree()
    now = timezone.now()
    indexes = list(NewsIndexPage.objects.select_related("locale"))
    for n in range(STORIES):
        key = uuid.uuid4()
        for index in indexes:
            index.add_child(
                instance=NewsPage(
                    title=f"Youth council meets in Kratovo, part {n} [{index.locale.language_code}]",
                    slug=f"council-meeting-{n}",
                    date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 320),
                    lead="The youth council met the mayor to talk about jobs and transport.",
                    body=[{"type": "paragraph", "value": "<p>Thirty young people came to the meeting.</p>" * 6}],
                    locale=index.locale,
                    translation_key=key,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
        if n % 250 == 0:
            print(f"  articles: {n * len(indexes)}", flush=True)  # noqa: T201

    index = ConsultationIndexPage(title="Consultations", slug="consultations")
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    draft = []
    for number in range(PARAGRAPHS):
        if number % 8 == 0:
            draft.append({"type": "section", "value": f"Section {number // 8 + 1}"})
        draft.append({"type": "paragraph", "value": f"<p>Paragraph {number + 1} of the draft strategy.</p>"})
    consultation = make_consultation(
        index,
        "strategy",
        -45,
        lasts_days=30,
        draft=draft,
        report_published_at=now - datetime.timedelta(days=1),
        report_summary="<p>What the municipality changed after the consultation.</p>",
    )
    paragraphs = [p for s in consultation.sections() for p in s.paragraphs]
    Comment.objects.bulk_create(
        [
            Comment(
                consultation=consultation,
                consultation_key=consultation.translation_key,
                paragraph_id=paragraphs[n % PARAGRAPHS].block_id,
                paragraph_number=n % PARAGRAPHS + 1,
                paragraph_text=f"Paragraph {n % PARAGRAPHS + 1} of the draft strategy.",
                stance=("support", "oppose", "change")[n % 3],
                text=f"Comment {n}: the measure should reach the villages too.",
                author_name=f"Citizen {n}",
                municipality=("Kratovo", "Kukës", "Kriva Palanka")[n % 3],
                language="en",
                status="published",
            )
            for n in range(COMMENTS)
        ],
        batch_size=500,
    )
    make_consultation(index, "open-draft", -3, draft=draft[:4])

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
    competition = make_competition(competitions, "judged", -40, lasts_days=30, rubric=rubric)
    make_competition(competitions, "open-competition", -3, min_words=20, max_words=2000)
    jury = Group.objects.get(name="Jury")
    jurors = []
    for n in range(JURORS):
        juror = UserFactory(username=f"bench-juror{n}")
        juror.set_password(PASSWORD)
        juror.save()
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
    coordinator.set_password(PASSWORD)
    coordinator.save()
    coordinator.groups.add(Group.objects.get(name="Competition coordinators"))
    Site.objects.update(site_name=f"Glas bench {DATA_VERSION}")
    return round(time.perf_counter() - started, 1)


def ensure_data(rebuild):
    from django.core.management import call_command
    from wagtail.models import Site

    call_command("migrate", verbosity=0)
    if not rebuild and Site.objects.filter(site_name=f"Glas bench {DATA_VERSION}").exists():
        return None
    if Site.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
    print("Building the data set (once; `make bench BENCH_ARGS=--rebuild` builds it again)...", flush=True)  # noqa: T201
    return build()


def analyse():
    """Give PostgreSQL's planner statistics, as a site that has been running has them; right after
    the build it has none, and the first run measured plans made blind (0.9 rps on a page that
    serves 27)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def targets():
    """The pages to measure: name → (path, user to sign in as, cacheable)."""
    from django.urls import reverse

    from consultations.models import ConsultationPage
    from essays.models import CompetitionPage
    from home.models import NewsIndexPage, NewsPage

    consultation = ConsultationPage.objects.get(slug="strategy")
    competition = CompetitionPage.objects.get(slug="judged")
    entries = reverse("essays:competition_entries", args=[competition.translation_key])
    article = NewsPage.objects.filter(locale__language_code="en").order_by("path")[1200]
    return {
        "home": ("/en/", None, True),
        "news_index": (NewsIndexPage.objects.get(locale__language_code="en").url, None, True),
        "article": (article.url, None, True),
        "consultation": (consultation.url, None, True),
        "report": (consultation.url + consultation.reverse_subpage("report"), None, True),
        "jury_list": (entries, "bench-juror0", False),
        "ranking": (reverse("essays_ranking", args=[competition.pk]), "bench-coordinator", False),
    }


def count_queries(pages):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with override_settings(GLAS_PAGE_CACHE_SECONDS=0):
        for name, (path, username, _cacheable) in pages.items():
            client = Client()
            if username:
                client.force_login(get_user_model().objects.get(username=username))
            client.get(path)  # the first request fills per-process caches (sites, locales)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (name, path, response.status_code)
            counts[name] = len(queries)
    return counts


def time_ranking():
    from essays.models import CompetitionPage
    from essays.ranking import rank_entries

    competition = CompetitionPage.objects.get(slug="judged")
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        ranking = rank_entries(competition)
        timings.append((time.perf_counter() - start) * 1000)
    assert len(ranking.entries) == ENTRIES
    return round(statistics.median(timings), 1)


def time_cold_consultation(path):
    """The consultation page rendered in full, as after each approved comment (the kept draft
    off): one client in this process, median of seven, with its queries."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    timings = []
    with override_settings(GLAS_PAGE_CACHE_SECONDS=0, GLAS_CACHE_FRAGMENTS=False):
        client.get(path)
        for _ in range(7):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 1), len(queries)


# --- The server and the load tool -------------------------------------------------------------


class Server:
    def __init__(self, page_cache_seconds):
        self.env = {**os.environ, "GLAS_PAGE_CACHE_SECONDS": str(page_cache_seconds)}
        self.process = None

    def __enter__(self):
        from django.core.cache import cache

        cache.clear()
        if reachable(PORT):
            raise SystemExit(f"Port {PORT} is taken; set BENCH_PORT.")
        self.log = open(WORK / "gunicorn.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{HOST}/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start; see " + str(WORK / "gunicorn.log"))

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def locust(user_class, users, seconds, **env):
    """Run locust headless; return its figures for the requests named like the user's task."""
    prefix = WORK / f"locust-{user_class}-{uuid.uuid4().hex[:6]}"
    status_file = prefix.with_suffix(".status.json")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            HOST,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--stop-timeout",
            "10",
            user_class,
        ],
        cwd=ROOT,
        env={**os.environ, **env, "BENCH_STATUS_FILE": str(status_file)},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    name = {"PageUser": "page", "CommentUser": "comment", "EssayUser": "essay"}[user_class]
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        row = next((r for r in csv.DictReader(stats) if r["Name"] == name), None)
    if row is None:
        raise SystemExit(f"locust made no '{name}' request; see {WORK}")
    statuses = json.loads(status_file.read_text()) if status_file.exists() else {}
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "statuses": statuses,
    }


def measure_pages(pages, queries, cached):
    figures = {}
    for name, (path, username, cacheable) in pages.items():
        if cached and not cacheable:
            continue
        env = {"BENCH_PATH": path, **({"BENCH_LOGIN": username} if username else {})}
        result = locust("PageUser", USERS, SECONDS, **env)
        figures[f"{name}_cached" if cached else name] = {
            "rps": result["rps"],
            "p50_ms": result["p50_ms"],
            "p95_ms": result["p95_ms"],
            "queries": 0 if cached else queries[name],
            "cached": cached,
            "failures": result["failures"],
        }
        print(f"  {name}{'_cached' if cached else ''}: {result['rps']} rps", flush=True)  # noqa: T201
    return figures


def posting_load():
    """50 clients post comments for 30 s, 20 clients post essays; compare answers and rows."""
    from consultations.models import Comment, ConsultationPage
    from essays.models import CompetitionPage, Entry

    consultation = ConsultationPage.objects.get(slug="open-draft")
    competition = CompetitionPage.objects.get(slug="open-competition")
    paragraph = next(p for s in consultation.sections() for p in s.paragraphs)
    load = {}
    for label, user_class, clients, model, env in (
        (
            "comments",
            "CommentUser",
            50,
            Comment,
            {
                "BENCH_COMMENT_PATH": consultation.url + consultation.reverse_subpage("comment"),
                "BENCH_PARAGRAPH": paragraph.block_id,
            },
        ),
        (
            "essays",
            "EssayUser",
            20,
            Entry,
            {"BENCH_ESSAY_PATH": competition.url + competition.reverse_subpage("enter")},
        ),
    ):
        before = model.objects.count()
        result = locust(user_class, clients, 30, **env)
        stored = model.objects.count() - before
        ok = sum(n for code, n in result["statuses"].items() if code.isdigit() and 200 <= int(code) < 400)
        errors = sum(n for code, n in result["statuses"].items() if not code.isdigit() or int(code) >= 500)
        load[label] = {
            "clients": clients,
            "seconds": 30,
            "answers": result["statuses"],
            "answers_2xx_3xx": ok,
            "answers_5xx_or_failed": errors,
            "stored": stored,
            "stored_equals_answers": stored == ok,
            "rps": result["rps"],
            "p50_ms": result["p50_ms"],
            "p95_ms": result["p95_ms"],
        }
        print(f"  {label}: {ok} accepted, {stored} stored, {errors} errors", flush=True)  # noqa: T201
    return load


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the data set again")
    parser.add_argument("--no-load", action="store_true", help="skip the posting load tests")
    args = parser.parse_args()
    configure(args.rebuild)
    from django.conf import settings
    from django.db import connection

    build_seconds = ensure_data(args.rebuild)
    analyse()
    pages = targets()
    queries = count_queries(pages)
    ranking_ms = time_ranking()
    cold_ms, cold_queries = time_cold_consultation(pages["consultation"][0])

    results = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "database": connection.vendor,
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "gunicorn_workers": WORKERS,
            "locust_users": USERS,
            "seconds_per_page": SECONDS,
        },
        "data": {
            "articles": STORIES * 4,
            "comments": COMMENTS,
            "paragraphs": PARAGRAPHS,
            "entries": ENTRIES,
            "jurors": JURORS,
            "criteria": CRITERIA,
            "build_seconds": build_seconds,
        },
        "ceiling": {},
        "pages": {},
        "computations": {
            "ranking_1000x7x5_ms": ranking_ms,
            "consultation_full_render_ms": cold_ms,
            "consultation_full_render_queries": cold_queries,
        },
        "load": {},
    }
    # The ceiling is measured on each server before and after its pages; ratios use the median of
    # these four figures, so that neither a slow nor a fast moment of the machine decides them.
    ceilings = []
    print("Pages, page cache off:", flush=True)  # noqa: T201
    with Server(page_cache_seconds=0):
        ceilings.append(locust("PageUser", USERS, SECONDS, BENCH_PATH="/bench/ceiling"))
        uncached = measure_pages(pages, queries, False)
        ceilings.append(locust("PageUser", USERS, SECONDS, BENCH_PATH="/bench/ceiling"))
    print("Pages, page cache on:", flush=True)  # noqa: T201
    with Server(page_cache_seconds=300):
        ceilings.append(locust("PageUser", USERS, SECONDS, BENCH_PATH="/bench/ceiling"))
        cached = measure_pages(pages, queries, True)
        ceilings.append(locust("PageUser", USERS, SECONDS, BENCH_PATH="/bench/ceiling"))
        ceiling_rps = round(statistics.median(figures["rps"] for figures in ceilings), 1)
        results["ceiling"] = {
            "rps": ceiling_rps,
            "p50_ms": statistics.median(figures["p50_ms"] for figures in ceilings),
            "p95_ms": statistics.median(figures["p95_ms"] for figures in ceilings),
            "rps_measured": [figures["rps"] for figures in ceilings],
        }
        for name, figures in {**uncached, **cached}.items():
            figures["ratio"] = round(figures["rps"] / ceiling_rps, 3)
            results["pages"][name] = figures
        if not args.no_load:
            if connection.vendor == "sqlite":
                print("  posting load skipped: it needs PostgreSQL", flush=True)  # noqa: T201
            else:
                results["load"] = posting_load()

    out = ROOT / "bench" / "results.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report(results)
    print(f"written to {out.relative_to(ROOT)}")  # noqa: T201


def report(results):
    ceiling = results["ceiling"]
    measured = ", ".join(str(rps) for rps in ceiling["rps_measured"])
    print(f"\nceiling (minimal Django view): {ceiling['rps']} rps (median of {measured})")  # noqa: T201
    print(f"{'page':22} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'ratio':>7}")  # noqa: T201
    for name, f in results["pages"].items():
        line = f"{name:22} {f['rps']:>8} {f['p50_ms']:>8} {f['p95_ms']:>8} {f['queries']:>8} {f['ratio']:>7}"
        print(line)  # noqa: T201
    print(f"ranking 1000 x 7 x 5 computed in {results['computations']['ranking_1000x7x5_ms']} ms")  # noqa: T201
    print(  # noqa: T201
        "consultation page rendered in full (draft not kept, one client): "
        f"{results['computations']['consultation_full_render_ms']} ms, "
        f"{results['computations']['consultation_full_render_queries']} queries"
    )
    for label, figures in results["load"].items():
        print(  # noqa: T201
            f"{label}: {figures['clients']} clients, {figures['seconds']} s: {figures['answers_2xx_3xx']} accepted, "
            f"{figures['stored']} stored, {figures['answers_5xx_or_failed']} errors, p95 {figures['p95_ms']} ms"
        )


if __name__ == "__main__":
    main()
