"""`make bench`: the site under gunicorn, driven by wrk, compared with the ceiling.

1. Builds (once; again with --rebuild) a large data set in its own database: 10,000 news
   articles (2,500 stories in 4 languages), a consultation with 40 paragraphs and 5,000 published
   comments whose report is published, a competition with 1,000 entries, 7 jurors and 5 criteria
   fully scored, and an open consultation and competition for the posting tests. PostgreSQL on
   127.0.0.1 when it answers (database glas_bench), else SQLite; BENCH_DATABASE_URL overrides.
   `--scale 10` builds ten times the articles, comments and entries in a database of its own
   (glas_bench_10x) and writes its figures under "scale_10x", with the base data set measured in
   the same run, side by side (see 5).
2. Counts each page's queries in-process, times the ranking computation, the consultation page
   rendered again as after each approved comment (the draft with its comments and the comment's
   paragraph purged, the other paragraphs kept), and each page's server time: the median of 50
   requests through Django's test client in this process, against the same for the ceiling, a
   minimal Django view through the same middleware.
3. Starts gunicorn on loopback (config/settings_bench.py) twice, with the page cache off and on
   (the parts kept for every visitor, GLAS_CACHE_FRAGMENTS, on in both, as in production), and
   drives each page with wrk (BENCH_THREADS threads, BENCH_CONNECTIONS connections, for
   BENCH_SECONDS); wrk is written in C and stays far from CPU-bound, so the ceiling it measures is
   the server's. The ceiling is measured before and after the pages on each server.
4. Load: 50 clients post comments for 30 s, then 20 clients post essays with a small DOCX file,
   each through the real form and CSRF token (locust, tests/bench/locustfile.py); the rows stored
   must equal the 2xx/3xx answers and no answer may be a 5xx.
5. With `--scale 10`, a second gunicorn serves the base data set (glas_bench, as the base run
   left it) next to the one serving ten times the data, and wrk drives the two alternately, page
   by page, for BENCH_ROUNDS rounds (3 unless set); each figure is the median of its rounds. The
   machine's moments then fall on both alike, and the comparison (same queries, p95 change) is
   of the data's size alone, not of two runs minutes apart.

Merges its figures into bench/results.json (other keys, such as "lighthouse", are kept) and
prints a table. Figures compare runs on the same machine.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
WRK_REPORT = Path(__file__).with_name("report.lua")
RESULTS = ROOT / "bench" / "results.json"
DATA_VERSION = "3"
STORIES = 2500  # x 4 languages = 10,000 articles
COMMENTS = 5000
PARAGRAPHS = 40
ENTRIES = 1000
JURORS = 7
CRITERIA = 5
PASSWORD = "bench-password-2026"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))  # one sync worker per core
SERVER_SAMPLES = 50  # requests timed in-process for each page's server time
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
BASE_PORT = PORT + 1  # the base data set's server in the side-by-side run
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# The environment this script was started with: the base data set's describing run must not
# inherit the database and cache that configure() sets for ten times the data.
STARTING_ENV = dict(os.environ)
WORK = Path(tempfile.gettempdir()) / "glas-bench"
BATCH = 500


def reachable(port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def choose_database(rebuild, scale):
    """The bench database's URL (one per scale); dropped and made anew when asked to rebuild."""
    name = "glas_bench" if scale == 1 else f"glas_bench_{scale}x"
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    if reachable(5432):
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as server:
            exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and rebuild:
                server.execute(f"DROP DATABASE {name} WITH (FORCE)")
                exists = None
            if not exists:
                server.execute(f"CREATE DATABASE {name}")
        return f"postgres://postgres@127.0.0.1:5432/{name}"
    path = WORK / f"{name}.sqlite3"
    if rebuild:
        path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def configure(rebuild, scale):
    WORK.mkdir(exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_bench"
    os.environ["DATABASE_URL"] = choose_database(rebuild, scale)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    if reachable(6379) and "CACHE_URL" not in os.environ:
        os.environ["CACHE_URL"] = "redis://127.0.0.1:6379/7" if scale == 1 else "redis://127.0.0.1:6379/8"
    # Each scale's keys apart, should both be given one cache (the side-by-side run serves both).
    os.environ.setdefault("CACHE_KEY_PREFIX", "glas-bench" if scale == 1 else f"glas-bench-{scale}x")
    import django

    django.setup()


# --- The data set -----------------------------------------------------------------------------


def add_articles(stories, now):
    """`stories` news articles under each language's news index, each story in every language.

    Built in bulk: the pages' tree paths are computed here (treebeard's materialised path, as
    add_child would) and the rows inserted by the batch, the page rows with bulk_create and the
    news rows (multi-table inheritance, which bulk_create refuses) with the same insert Django
    uses for a child table. 100,000 articles take minutes this way instead of an hour."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from wagtail.models import Page

    from home.models import NewsIndexPage, NewsPage

    content_type = ContentType.objects.get_for_model(NewsPage)
    news_fields = NewsPage._meta.local_concrete_fields
    keys = [uuid.uuid4() for _ in range(stories)]
    body = [{"type": "paragraph", "value": "<p>Thirty young people came to the meeting.</p>" * 6}]
    for index in NewsIndexPage.objects.select_related("locale"):
        language = index.locale.language_code
        last = index.get_last_child()
        position = Page._get_lastpos_in_path(last.path) if last else 0
        depth = index.depth + 1
        for start in range(0, stories, BATCH):
            pages = []
            for n in range(start, min(start + BATCH, stories)):
                position += 1
                title = f"Youth council meets in Kratovo, part {n} [{language}]"
                slug = f"council-meeting-{n}"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        path=Page._get_path(index.path, depth, position),
                        depth=depth,
                        numchild=0,
                        url_path=f"{index.url_path}{slug}/",
                        locale_id=index.locale_id,
                        translation_key=keys[n],
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                    )
                )
            Page.objects.bulk_create(pages)
            articles = [
                NewsPage(
                    page_ptr_id=page.pk,
                    date=datetime.date(2026, 1, 1) + datetime.timedelta(days=(start + i) % 320),
                    lead="The youth council met the mayor to talk about jobs and transport.",
                    body=body,
                )
                for i, page in enumerate(pages)
            ]
            NewsPage._base_manager._insert(articles, fields=news_fields)
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + stories)
        print(f"  articles [{language}]: {stories}", flush=True)  # noqa: T201


def build(scale):
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.models import Site

    from consultations.models import Comment, ConsultationIndexPage
    from essays.models import Assignment, CompetitionIndexPage, Entry, Score
    from tests.conftest import SiteTree
    from tests.factories import UserFactory, make_competition, make_consultation

    started = time.perf_counter()
    tree = SiteTree()
    now = timezone.now()
    add_articles(STORIES * scale, now)

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
            for n in range(COMMENTS * scale)
        ],
        batch_size=BATCH,
    )
    make_consultation(index, "open-draft", -3, draft=draft[:4])
    print(f"  comments: {COMMENTS * scale}", flush=True)  # noqa: T201

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
                receipt_code=f"B{n:06d}",
                jury_code=f"J{n:05d}",
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
            for n in range(ENTRIES * scale)
        ],
        batch_size=BATCH,
    )
    assignments = Assignment.objects.bulk_create(
        [Assignment(entry=entry, juror=juror, submitted_at=now) for entry in entries for juror in jurors],
        batch_size=2000,
    )
    criteria = competition.criteria()
    Score.objects.bulk_create(
        [
            Score(assignment=a, criterion_id=c.id, points=(a.entry_id * 7 + a.juror_id * 3 + i) % 11)
            for a in assignments
            for i, c in enumerate(criteria)
        ],
        batch_size=5000,
    )
    print(f"  entries: {len(entries)}, score sheets: {len(assignments)}", flush=True)  # noqa: T201
    coordinator = UserFactory(username="bench-coordinator")
    coordinator.set_password(PASSWORD)
    coordinator.save()
    coordinator.groups.add(Group.objects.get(name="Competition coordinators"))
    Site.objects.update(site_name=f"Glas bench {DATA_VERSION} x{scale}")
    return round(time.perf_counter() - started, 1)


def data_ready(scale):
    """The database holds this version of the data set at this scale (migrated first)."""
    from django.core.management import call_command
    from wagtail.models import Site

    call_command("migrate", verbosity=0)
    return Site.objects.filter(site_name=f"Glas bench {DATA_VERSION} x{scale}").exists()


def ensure_data(rebuild, scale):
    from django.core.management import call_command
    from wagtail.models import Site

    if data_ready(scale) and not rebuild:
        return None
    if Site.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
    print("Building the data set (once; `make bench BENCH_ARGS=--rebuild` builds it again)...", flush=True)  # noqa: T201
    return build(scale)


def analyse():
    """Give PostgreSQL's planner statistics and its visibility map, as autovacuum keeps them on a
    site that has been running; right after the build it has none, and the first run measured
    plans made blind (0.9 rps on a page that serves 27). After a run's posting load, the rows
    added also left the newest threads' index unusable alone until a vacuum."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def targets():
    """The pages to measure: name → (path, user to sign in as, cacheable)."""
    from django.urls import reverse

    from consultations.models import ConsultationPage
    from essays.models import CompetitionPage
    from home.models import NewsIndexPage, NewsPage

    consultation = ConsultationPage.objects.get(slug="strategy")
    competition = CompetitionPage.objects.get(slug="judged")
    open_competition = CompetitionPage.objects.get(slug="open-competition")
    entries = reverse("essays:competition_entries", args=[competition.translation_key])
    article = NewsPage.objects.filter(locale__language_code="en").order_by("path")[1200]
    return {
        "home": ("/en/", None, True),
        "news_index": (NewsIndexPage.objects.get(locale__language_code="en").url, None, True),
        "article": (article.url, None, True),
        "consultation": (consultation.url, None, True),
        "report": (consultation.url + consultation.reverse_subpage("report"), None, True),
        "competition": (open_competition.url, None, True),
        "jury_list": (entries, "bench-juror0", False),
        "ranking": (reverse("essays_ranking", args=[competition.pk]), "bench-coordinator", False),
    }


def signed_in_client(username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def count_queries(pages):
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with override_settings(GLAS_PAGE_CACHE_SECONDS=0):
        for name, (path, username, _cacheable) in pages.items():
            client = signed_in_client(username)
            client.get(path)  # the first request fills per-process caches (sites, locales)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (name, path, response.status_code)
            counts[name] = len(queries)
    return counts


def median_ms(client, path, samples=SERVER_SAMPLES):
    """The median time of `samples` requests through the test client, after two to warm up."""
    for _ in range(2):
        assert client.get(path).status_code == 200, path
    timings = []
    for _ in range(samples):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 2)


def server_times(pages):
    """In-process server time (ms): the ceiling and each page, the page cache off and on."""
    from django.test import Client, override_settings

    times = {"ceiling": median_ms(Client(), "/bench/ceiling")}
    for cached in (False, True):
        with override_settings(GLAS_PAGE_CACHE_SECONDS=300 if cached else 0):
            for name, (path, username, cacheable) in pages.items():
                if cached and not cacheable:
                    continue
                times[f"{name}_cached" if cached else name] = median_ms(signed_in_client(username), path)
    times["ceiling_after"] = median_ms(Client(), "/bench/ceiling")
    return times


def time_ranking(entries):
    """The ranking computed afresh (not from the cache), median of five."""
    from essays.models import CompetitionPage
    from essays.ranking import rank_entries

    competition = CompetitionPage.objects.get(slug="judged")
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        ranking = rank_entries(competition)
        timings.append((time.perf_counter() - start) * 1000)
    assert len(ranking.entries) == entries
    return round(statistics.median(timings), 1)


def time_full_render(path):
    """A consultation's page rendered in full as after each approved comment: the comment purges
    its consultation's comments and its paragraph (consultations/signals.py purge_comments), so
    the page's kept fragments that show them (the draft with its comments, that paragraph, the
    report) are rendered again, while what the page keeps of itself (its head, its links to its
    translations, its other paragraphs) and what the rest of the site keeps (the menu, the site
    and home page) stay kept. Each time on the next paragraph; one client in this process, median
    of seven, with its queries."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from consultations.models import ConsultationPage
    from consultations.signals import purge_comments

    consultation = ConsultationPage.objects.get(slug="strategy")
    block_ids = [paragraph.block_id for section in consultation.sections() for paragraph in section.paragraphs]
    client = Client()
    timings = []
    with override_settings(GLAS_PAGE_CACHE_SECONDS=0):
        client.get(path)
        for n in range(7):
            purge_comments(consultation, [block_ids[n * 5 % len(block_ids)]])
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 1), len(queries)


# --- The server and the load tools ------------------------------------------------------------


class Server:
    """gunicorn on loopback; by default on this process's database and cache, which it clears
    first. `env` serves another data set (its own database and cache, cleared by whoever gives
    them)."""

    def __init__(self, page_cache_seconds, port=PORT, env=None):
        self.env = {**os.environ, **(env or {}), "GLAS_PAGE_CACHE_SECONDS": str(page_cache_seconds)}
        self.port = port
        self.host = f"http://127.0.0.1:{port}"
        self.own_data = env is None
        self.process = None

    def __enter__(self):
        from django.core.cache import cache

        if self.own_data:
            cache.clear()
        if reachable(self.port):
            raise SystemExit(f"Port {self.port} is taken; set BENCH_PORT.")
        self.log = open(WORK / "gunicorn.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
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
                with urllib.request.urlopen(f"{self.host}/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start; see " + str(WORK / "gunicorn.log"))

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def session_cookie(username):
    """A session cookie for `username`, made in-process (the server shares the database)."""
    from django.conf import settings

    if not username:
        return None
    client = signed_in_client(username)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def check_page(path, cookie, host=HOST):
    """The page answers 200 to this cookie (a signed-in page must not send to the login form)."""
    request = urllib.request.Request(host + path, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{path} answers HTTP {status} to the load tool; see {WORK / 'gunicorn.log'}")


def settle(limit=60, host=HOST):
    """Wait until the server has worked off the requests still queued from the last run (wrk
    closes its connections at once, but the sync workers finish what they were sent): the ceiling
    view answering within 50 ms says the workers are free again."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        start = time.perf_counter()
        with urllib.request.urlopen(f"{host}/bench/ceiling", timeout=limit) as response:
            response.read()
        if time.perf_counter() - start < 0.05:
            return
        time.sleep(0.5)


def wrk(path, cookie=None, seconds=SECONDS, host=HOST):
    """Drive one page with wrk; its figures as report.lua writes them."""
    settle(host=host)
    out = WORK / f"wrk-{uuid.uuid4().hex[:8]}.json"
    command = [
        shutil.which("wrk") or "wrk",
        "--threads",
        str(THREADS),
        "--connections",
        str(CONNECTIONS),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "--script",
        str(WRK_REPORT),
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    command.append(host + path)
    subprocess.run(command, env={**os.environ, "BENCH_WRK_OUT": str(out)}, check=True, stdout=subprocess.DEVNULL)
    figures = json.loads(out.read_text())
    out.unlink()
    figures["failures"] = sum(figures["errors"].values())
    return figures


def locust(user_class, users, seconds, **env):
    """Run locust headless (the posting load); return its figures for the user's requests."""
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
    name = {"CommentUser": "comment", "EssayUser": "essay"}[user_class]
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


def page_figures(result, queries, cached):
    return {
        "rps": result["rps"],
        "p50_ms": result["p50_ms"],
        "p95_ms": result["p95_ms"],
        "p99_ms": result["p99_ms"],
        "requests": result["requests"],
        "queries": 0 if cached else queries,
        "cached": cached,
        "failures": result["failures"],
    }


def measure_pages(pages, queries, cached):
    figures = {}
    for name, (path, username, cacheable) in pages.items():
        if cached and not cacheable:
            continue
        cookie = session_cookie(username)
        check_page(path, cookie)
        label = f"{name}_cached" if cached else name
        figures[label] = page_figures(wrk(path, cookie), queries[name], cached)
        print(f"  {label}: {figures[label]['rps']} rps, p95 {figures[label]['p95_ms']} ms", flush=True)  # noqa: T201
    return figures


def describe_base():
    """For the side-by-side run, in a process of its own on the base data set: its pages' paths,
    a signed-in cookie for each, their queries, and the environment its server needs. Its cache
    is cleared, as Server does for this process's own."""
    from django.core.cache import cache

    if not data_ready(1):
        raise SystemExit("The base data set is not built: run make bench first.")
    pages = targets()
    queries = count_queries(pages)
    cache.clear()
    described = {
        "env": {key: os.environ.get(key, "") for key in ("DATABASE_URL", "CACHE_URL", "CACHE_KEY_PREFIX")},
        "pages": {
            name: {"path": path, "cookie": session_cookie(username), "cacheable": cacheable, "queries": queries[name]}
            for name, (path, username, cacheable) in pages.items()
        },
    }
    print(json.dumps(described))  # noqa: T201


def base_side():
    """describe_base(), run by this script on the base data set."""
    done = subprocess.run(
        [sys.executable, __file__, "--describe-base"],
        cwd=ROOT,
        env={**STARTING_ENV, "SECRET_KEY": os.environ["SECRET_KEY"]},  # its cookies, the servers' key
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"The base data set could not be described:\n{done.stderr}{done.stdout}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_figures(rounds):
    """Each figure the median of its rounds; the p95 of each round kept beside it."""
    figures = {key: rounds[0][key] for key in ("queries", "cached")}
    for key in ("rps", "p50_ms", "p95_ms", "p99_ms"):
        figures[key] = round(statistics.median(r[key] for r in rounds), 2)
    figures["requests"] = sum(r["requests"] for r in rounds)
    figures["failures"] = sum(r["failures"] for r in rounds)
    figures["p95_ms_rounds"] = [r["p95_ms"] for r in rounds]
    return figures


def side_by_side(pages, queries, cached, ceilings):
    """This process's data set (ten times the base) and the base data set, each on its own server,
    driven alternately page by page for ROUNDS rounds, the side that goes first changing each
    round. Returns both sides' figures, each the median of its rounds; the ceiling is measured on
    this side's server before and after, as in the base run."""
    base = base_side()
    if base["env"]["DATABASE_URL"] == os.environ["DATABASE_URL"] or (
        base["env"]["CACHE_URL"] == os.environ.get("CACHE_URL", "")
        and base["env"]["CACHE_KEY_PREFIX"] == os.environ["CACHE_KEY_PREFIX"]
    ):
        raise SystemExit("The two data sets need a database and a cache (or key prefix) each.")
    scaled_rounds, base_rounds = {}, {}
    with (
        Server(page_cache_seconds=300 if cached else 0) as scaled_server,
        Server(page_cache_seconds=300 if cached else 0, port=BASE_PORT, env=base["env"]) as base_server,
    ):
        ceilings.append(wrk("/bench/ceiling", host=scaled_server.host))
        cookies = {name: session_cookie(username) for name, (_path, username, _c) in pages.items()}
        for number in range(ROUNDS):
            for name, (path, _username, cacheable) in pages.items():
                if cached and not cacheable:
                    continue
                described = base["pages"][name]
                sides = [
                    (scaled_rounds, scaled_server.host, path, cookies[name], queries[name]),
                    (base_rounds, base_server.host, described["path"], described["cookie"], described["queries"]),
                ]
                for rounds, host, side_path, cookie, side_queries in sides[:: 1 if number % 2 else -1]:
                    check_page(side_path, cookie, host=host)
                    result = page_figures(wrk(side_path, cookie, host=host), side_queries, cached)
                    rounds.setdefault(name, []).append(result)
                label = f"{name}{'_cached' if cached else ''}"
                print(  # noqa: T201
                    f"  {label} round {number + 1}: p95 {base_rounds[name][-1]['p95_ms']} ms base, "
                    f"{scaled_rounds[name][-1]['p95_ms']} ms at scale",
                    flush=True,
                )
        ceilings.append(wrk("/bench/ceiling", host=scaled_server.host))
    suffix = "_cached" if cached else ""
    return (
        {name + suffix: median_figures(r) for name, r in scaled_rounds.items()},
        {name + suffix: median_figures(r) for name, r in base_rounds.items()},
    )


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


def compare(base, scaled):
    """Each page's queries and p95 at scale against the base run's (p95 change in per cent)."""
    comparison = {}
    for name, figures in scaled.items():
        before = base.get(name)
        if not before:
            continue
        comparison[name] = {
            "queries_base": before["queries"],
            "queries": figures["queries"],
            "same_queries": before["queries"] == figures["queries"],
            "p95_ms_base": before["p95_ms"],
            "p95_ms": figures["p95_ms"],
            "p95_change_percent": round((figures["p95_ms"] / before["p95_ms"] - 1) * 100, 1)
            if before["p95_ms"]
            else None,
        }
    return comparison


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the data set again")
    parser.add_argument("--no-load", action="store_true", help="skip the posting load tests")
    parser.add_argument("--build-only", action="store_true", help="build the data set if needed, measure nothing")
    parser.add_argument("--describe-base", action="store_true", help=argparse.SUPPRESS)  # see base_side()
    parser.add_argument(
        "--scale",
        type=int,
        choices=(1, 10),
        default=1,
        help="10: ten times the articles, comments and entries (its own database; figures under scale_10x)",
    )
    args = parser.parse_args()
    if args.describe_base:
        configure(False, 1)
        describe_base()
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    configure(args.rebuild, args.scale)
    from django.conf import settings
    from django.db import connection

    build_seconds = ensure_data(args.rebuild, args.scale)
    if args.build_only:
        analyse()  # what is measured on it later (a profile, a query plan) sees real plans
        print(f"data set ready (built in {build_seconds} s)" if build_seconds else "data set ready")  # noqa: T201
        return
    analyse()
    pages = targets()
    queries = count_queries(pages)
    print("Server time in-process...", flush=True)  # noqa: T201
    server = server_times(pages)
    ceiling_server_ms = round(statistics.median([server.pop("ceiling"), server.pop("ceiling_after")]), 2)
    ranking_ms = time_ranking(ENTRIES * args.scale)
    cold_ms, cold_queries = time_full_render(pages["consultation"][0])
    report_ms, report_queries = time_full_render(pages["report"][0])

    run = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "database": connection.vendor,
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "gunicorn_workers": WORKERS,
            "load_tool": f"wrk, {THREADS} threads, {CONNECTIONS} connections",
            "seconds_per_page": SECONDS,
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        },
        "data": {
            "articles": STORIES * 4 * args.scale,
            "comments": COMMENTS * args.scale,
            "paragraphs": PARAGRAPHS,
            "entries": ENTRIES * args.scale,
            "jurors": JURORS,
            "criteria": CRITERIA,
            "build_seconds": build_seconds,
        },
        "ceiling": {},
        "ceiling_server_ms": ceiling_server_ms,
        "pages": {},
        "computations": {
            "ranking_ms": ranking_ms,
            "consultation_full_render_ms": cold_ms,
            "consultation_full_render_queries": cold_queries,
            "report_full_render_ms": report_ms,
            "report_full_render_queries": report_queries,
        },
        "load": {},
    }
    # The ceiling is measured on each server before and after its pages; ratios use the median of
    # these four figures, so that neither a slow nor a fast moment of the machine decides them.
    ceilings = []
    base_pages = {}
    for cached in (False, True):
        print(f"Pages, page cache {'on' if cached else 'off'}:", flush=True)  # noqa: T201
        if args.scale == 1:
            with Server(page_cache_seconds=300 if cached else 0):
                ceilings.append(wrk("/bench/ceiling"))
                run["pages"].update(measure_pages(pages, queries, cached))
                ceilings.append(wrk("/bench/ceiling"))
        else:
            scaled, base = side_by_side(pages, queries, cached, ceilings)
            run["pages"].update(scaled)
            base_pages.update(base)
    ceiling_rps = round(statistics.median(figures["rps"] for figures in ceilings), 1)
    run["ceiling"] = {
        "rps": ceiling_rps,
        "p50_ms": statistics.median(figures["p50_ms"] for figures in ceilings),
        "p95_ms": statistics.median(figures["p95_ms"] for figures in ceilings),
        "rps_measured": [figures["rps"] for figures in ceilings],
    }
    for name, figures in run["pages"].items():
        figures["ratio"] = round(figures["rps"] / ceiling_rps, 3)
        figures["server_ms"] = server[name]
        figures["ratio_server"] = round(server[name] / ceiling_server_ms, 1)
    if not args.no_load and args.scale == 1:
        if connection.vendor == "sqlite":
            print("  posting load skipped: it needs PostgreSQL", flush=True)  # noqa: T201
        else:
            with Server(page_cache_seconds=300):
                run["load"] = posting_load()

    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    if args.scale == 1:
        results.update(run)
    else:
        run.pop("load")
        run["method"] = (
            f"side by side: the base data set on a second server in the same run, the two driven "
            f"alternately page by page, {ROUNDS} rounds, each figure the median of its rounds"
        )
        run["base_pages"] = base_pages
        run["comparison"] = compare(base_pages, run["pages"])
        results[f"scale_{args.scale}x"] = run
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report(run)
    print(f"written to {RESULTS.relative_to(ROOT)}")  # noqa: T201


def report(run):
    ceiling = run["ceiling"]
    measured = ", ".join(str(rps) for rps in ceiling["rps_measured"])
    print(f"\nceiling (minimal Django view): {ceiling['rps']} rps (median of {measured})")  # noqa: T201
    print(f"ceiling in-process: {run['ceiling_server_ms']} ms")  # noqa: T201
    header = f"{'page':22} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'ratio':>7}"
    header += f" {'server ms':>10} {'x ceiling':>10}"
    print(header)  # noqa: T201
    for name, f in run["pages"].items():
        print(  # noqa: T201
            f"{name:22} {f['rps']:>8} {f['p50_ms']:>8} {f['p95_ms']:>8} {f['queries']:>8} {f['ratio']:>7} "
            f"{f['server_ms']:>10} {f['ratio_server']:>10}"
        )
    computations = run["computations"]
    print(f"ranking of {run['data']['entries']} entries computed afresh in {computations['ranking_ms']} ms")  # noqa: T201
    print(  # noqa: T201
        "consultation page rendered in full after a comment (one client): "
        f"{computations['consultation_full_render_ms']} ms, {computations['consultation_full_render_queries']} queries"
    )
    print(  # noqa: T201
        "report rendered in full after a comment (one client): "
        f"{computations['report_full_render_ms']} ms, {computations['report_full_render_queries']} queries"
    )
    for label, figures in run.get("load", {}).items():
        print(  # noqa: T201
            f"{label}: {figures['clients']} clients, {figures['seconds']} s: {figures['answers_2xx_3xx']} accepted, "
            f"{figures['stored']} stored, {figures['answers_5xx_or_failed']} errors, p95 {figures['p95_ms']} ms"
        )
    if "comparison" in run:
        print(f"\n{'compared with the base':22} {'queries':>12} {'p95 ms':>16} {'p95 change':>11}")  # noqa: T201
        for name, c in run["comparison"].items():
            change = f"{c['p95_change_percent']:+}%" if c["p95_change_percent"] is not None else "—"
            print(  # noqa: T201
                f"{name:22} {c['queries_base']:>5} → {c['queries']:<5} "
                f"{c['p95_ms_base']:>7} → {c['p95_ms']:<7} {change:>11}"
            )


if __name__ == "__main__":
    main()
