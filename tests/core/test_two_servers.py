"""Two app servers for real: two gunicorn servers on loopback, each with its own task worker,
sharing one PostgreSQL database (the test database), one Redis and one S3 server, as in the
README's "several app servers" set-up. What one server does, the other sees: a publish purges the
other's page cache, a comment posted on one is confirmed on the other, a session carries over, an
essay uploaded on one is downloaded by the coordinator on the other, a picture's rendition made by
one is served by the other; rate limits are exact across both under a burst; each e-mail is sent
once, by a worker; and with Redis stopped both still serve pages while readiness names the cache.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.db import connection
from django_tasks_db.models import DBTaskResult
from wagtail_factories import ImageFactory

from consultations.models import Comment
from core import roles
from core.models import OutgoingMail
from essays.models import Entry
from tests.consultations.test_comments import GOOD, comment_url
from tests.essay_files import make_pdf
from tests.essays.test_entries import ESSAY, enter_url, good_data
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "two-servers-2026"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="several servers need a server database"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, timeout=30.0, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OSError:  # not listening yet
            value = None
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"waited {timeout} s in vain")


@pytest.fixture
def redis_server(tmp_path):
    """A Redis server of this test's own, so that it can be stopped."""
    binary = shutil.which("redis-server")
    if not binary:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing in CI")
        pytest.skip("no redis-server")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_for(lambda: socket.create_connection(("127.0.0.1", port), 1).close() or True)
    yield {"url": f"redis://127.0.0.1:{port}/0", "process": process}
    if process.poll() is None:
        process.terminate()
        process.wait(5)


class Servers:
    """Server A and server B, each `gunicorn config.wsgi` with a worker (`manage.py db_worker`)."""

    def __init__(self, environment: dict[str, str], folder: Path) -> None:
        self.environment = environment
        self.folder = folder
        self.ports = {"a": free_port(), "b": free_port()}
        self.processes: dict[str, subprocess.Popen] = {}

    def url(self, server: str, path: str = "") -> str:
        return f"http://127.0.0.1:{self.ports[server]}{path}"

    def start(self) -> "Servers":
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        for name, port in self.ports.items():
            self.processes[f"web-{name}"] = subprocess.Popen(
                [
                    gunicorn,
                    "config.wsgi",
                    f"--bind=127.0.0.1:{port}",
                    "--workers=2",
                    f"--control-socket={self.folder / f'gunicorn-{name}.ctl'}",
                    "--log-level=warning",
                ],
                cwd=ROOT,
                env=self.environment,
                stdout=open(self.folder / f"web-{name}.log", "wb"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.processes[f"worker-{name}"] = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval=0.2", f"--worker-id=worker-{name}"],
                cwd=ROOT,
                env=self.environment,
                stdout=open(self.folder / f"worker-{name}.out", "wb"),  # noqa: SIM115
                stderr=open(self.folder / f"worker-{name}.log", "wb"),  # noqa: SIM115
                start_new_session=True,
            )
        for name in self.ports:
            wait_for(lambda name=name: self._answers(name), timeout=60)
        return self

    def _answers(self, name: str) -> bool:
        for process in self.processes.values():
            assert process.poll() is None, f"a server ended at start: see {self.folder}"
        try:
            return requests.get(self.url(name, "/healthz/live"), timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    def printed_mail(self) -> str:
        return "".join((self.folder / f"worker-{name}.out").read_text(errors="replace") for name in self.ports)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def servers(tmp_path, s3, redis_server, settings):
    database = connection.settings_dict
    static_root = tmp_path / "static"
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
        **s3.environment(),
        "DEBUG": "false",
        "SECRET_KEY": "two-servers-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": redis_server["url"],
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "GLAS_COMMENT_RATE_PER_IP": "100",
        "GLAS_COMMENT_RATE_PER_EMAIL": "5",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True
    )
    # This test process publishes as an editor on a third app process would: the same Redis.
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.TolerantRedisCache",
            "LOCATION": redis_server["url"],
            "KEY_PREFIX": "glas",
        }
    }
    settings.GLAS_PAGE_CACHE_SECONDS = 300
    running = Servers(environment, tmp_path).start()
    yield running
    running.stop()


def form_data(html: str, form_selector: str = "form[method=post]") -> dict[str, str]:
    """The hidden fields (CSRF token, one-time key) of the page's form."""
    form = BeautifulSoup(html, "html.parser").select_one(form_selector)
    assert form is not None, html[:500]
    return {field["name"]: field.get("value", "") for field in form.select("input[type=hidden][name]")}


def sign_in(browser: requests.Session, url: str, username: str) -> None:
    page = browser.get(url)
    data = {**form_data(page.text), "username": username, "password": PASSWORD}
    response = browser.post(url, data=data, allow_redirects=False)
    assert response.status_code == 302, response.text[:500]


def staff(username: str, group: str):
    user = UserFactory(username=username, is_staff=False)
    # The servers know production's hashers, not the tests' fast one.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "twoservers", iterations=1000)
    user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


def test_two_servers_share_everything_a_visitor_and_the_staff_see(
    servers, consultations, competitions, site_tree, s3, redis_server
):
    a, b = "a", "b"

    # A session started on A carries over to B (sessions in the shared database).
    staff("juror-two", roles.JURY)
    juror = requests.Session()
    sign_in(juror, servers.url(a, "/en/login/"), "juror-two")
    jury_page = juror.get(servers.url(b, "/en/jury/"), allow_redirects=False)
    assert jury_page.status_code == 200

    # A comment posted on A is confirmed on B, with the link the worker e-mailed.
    citizen = requests.Session()
    page = consultations["open"]
    form = citizen.get(servers.url(a, comment_url(page)))
    posted = citizen.post(
        servers.url(a, comment_url(page)),
        data={**form_data(form.text, "form.comment-form, form[method=post]"), **GOOD, "paragraph": ""},
        allow_redirects=False,
    )
    assert posted.status_code == 302, posted.text[:800]
    link = wait_for(lambda: re.search(r"http://127\.0\.0\.1:\d+/\S+/confirm/\S+/", servers.printed_mail()))
    path = "/" + link.group(0).split("/", 3)[3]
    on_b = requests.Session()
    shown = on_b.get(servers.url(b, path))  # the comment with a button (mail scanners only GET)
    assert shown.status_code == 200
    confirmed = on_b.post(servers.url(b, path), data=form_data(shown.text))
    assert confirmed.status_code == 200 and "confirmed" in confirmed.text
    assert Comment.objects.get(email=GOOD["email"]).confirmed_at is not None

    # Publishing (here, by this process) purges the page that B keeps in the shared cache.
    about = site_tree.about
    first = requests.get(servers.url(b, about.url))
    assert first.status_code == 200
    again = requests.get(servers.url(b, about.url))
    assert again.headers.get("X-Glas-Cache") == "hit"
    about.title = "About the network, updated"
    about.image = ImageFactory(title="River")
    about.save_revision().publish()
    fresh = wait_for(lambda: (r := requests.get(servers.url(b, about.url))) and "updated" in r.text and r, timeout=5)

    # The picture's rendition, made by whichever server rendered the page first, is in the
    # public bucket, served to B's visitors from there, and made once.
    sources = [img["src"] for img in BeautifulSoup(fresh.text, "html.parser").select("main img[src]")]
    assert sources and all(src.startswith(s3.endpoint) for src in sources)
    renditions = about.image.renditions.count()
    from_a = requests.get(servers.url(a, about.url) + "?nocache=1")
    assert [img["src"] for img in BeautifulSoup(from_a.text, "html.parser").select("main img[src]")] == sources
    assert about.image.renditions.count() == renditions
    assert requests.get(sources[0]).status_code == 200

    # An essay uploaded on A is downloaded by the coordinator on B.
    student = requests.Session()
    competition = competitions["open"]
    entry_form = student.get(servers.url(a, enter_url(competition)))
    essay_pdf = make_pdf([ESSAY])
    entered = student.post(
        servers.url(a, enter_url(competition)),
        data={**form_data(entry_form.text), **good_data(text="")},
        files={"file": ("essay.pdf", essay_pdf, "application/pdf")},
        allow_redirects=False,
    )
    assert entered.status_code == 302, entered.text[:800]
    entry = Entry.objects.get()
    staff("coordinator-two", roles.COORDINATORS)
    coordinator = requests.Session()
    sign_in(coordinator, servers.url(b, "/admin/login/"), "coordinator-two")
    download = coordinator.get(servers.url(b, f"/admin/essays/entries/{entry.pk}/file/"))
    assert download.status_code == 200 and download.content == essay_pdf

    # A burst of 10 comments with one address, half on each server, limit 5: exactly 5 taken.
    burst_email = "burst@example.org"
    browsers = [(requests.Session(), (a, b)[n % 2]) for n in range(10)]
    forms = [(browser, server, browser.get(servers.url(server, comment_url(page)))) for browser, server in browsers]

    def post(item):
        browser, server, form = item
        data = {**form_data(form.text, "form.comment-form, form[method=post]"), **GOOD, "email": burst_email}
        return browser.post(servers.url(server, comment_url(page)), data=data, allow_redirects=False).status_code

    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(post, forms))
    assert statuses.count(302) == 5, statuses
    assert Comment.objects.filter(email=burst_email).count() == 5

    # Each e-mail is sent once, by one of the workers, and the outbox empties.
    wait_for(lambda: not OutgoingMail.objects.exists(), timeout=30)
    sent = DBTaskResult.objects.filter(task_path="core.mail.deliver", return_value="sent")
    mail_ids = [result.args_kwargs["kwargs"]["mail_id"] for result in sent]
    assert len(mail_ids) == len(set(mail_ids)) >= 7  # confirmations of 1 + 5 comments, the receipt
    assert servers.printed_mail().count("\nSubject: ") + servers.printed_mail().startswith("Subject: ") == len(
        mail_ids
    )

    # Redis stops: both servers still serve pages, uncached; readiness names the cache.
    redis_server["process"].terminate()
    redis_server["process"].wait(5)
    for name in (a, b):
        for path in ("/en/", about.url, site_tree.news_index.url, page.url):
            assert requests.get(servers.url(name, path), timeout=10).status_code == 200, path
        ready = requests.get(servers.url(name, "/healthz/ready"), timeout=10)
        assert ready.status_code == 503 and "cache" in ready.text
        assert requests.get(servers.url(name, "/healthz/live")).status_code == 200
