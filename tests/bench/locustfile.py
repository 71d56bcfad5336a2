"""The posting load of `make bench`, driven by tests/bench/run.py (one user class per run); the
pages are read with wrk, which leaves the cores to the server.

CommentUser posts comments and EssayUser essay entries with a small DOCX file, each through the
real form with its CSRF token. Every answer's status code is tallied
into BENCH_STATUS_FILE, so run.py can compare the answers with the rows stored.
"""

import json
import os
import re
import sys
import uuid
from collections import Counter
from pathlib import Path

from locust import FastHttpUser, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.essay_files import make_docx  # noqa: E402

PASSWORD = "bench-password-2026"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
statuses = Counter()


@events.request.add_listener
def tally(name, response, exception, **kwargs):
    if name in ("comment", "essay"):
        statuses[str(response.status_code) if response is not None and response.status_code else "error"] += 1


@events.quitting.add_listener
def write_statuses(**kwargs):
    target = os.environ.get("BENCH_STATUS_FILE")
    if target:
        Path(target).write_text(json.dumps(dict(statuses)), encoding="utf-8")


def csrf_token(client, path):
    response = client.get(path, name="form")
    match = TOKEN.search(response.text or "")
    if match is None:
        raise RuntimeError(f"no form at {path}: HTTP {response.status_code}")
    return match.group(1)


class CommentUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.path = os.environ["BENCH_COMMENT_PATH"]
        self.token = csrf_token(self.client, self.path)

    @task
    def comment(self):
        key = uuid.uuid4().hex[:12]
        data = {
            "csrfmiddlewaretoken": self.token,
            "paragraph": os.environ.get("BENCH_PARAGRAPH", ""),
            "stance": "support",
            "text": f"Comment {key}: the measure should reach the villages as well as the town.",
            "author_name": f"Citizen {key}",
            "email": f"{key}@example.org",
            "municipality": "Kratovo",
            "consent": "on",
            "website": "",
        }
        with self.client.post(
            self.path, data=data, name="comment", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code in (302, 303):
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


ESSAY = " ".join(["The shoemaker on our street mends shoes and listens to everyone who comes in."] * 8)


class EssayUser(FastHttpUser):
    wait_time = constant(0)
    boundary = "glasbenchboundary"

    def on_start(self):
        self.path = os.environ["BENCH_ESSAY_PATH"]
        self.token = csrf_token(self.client, self.path)
        self.docx = make_docx([ESSAY])

    def body(self, fields):
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{self.boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        parts.append(
            f'--{self.boundary}\r\nContent-Disposition: form-data; name="file"; filename="essay.docx"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n".encode()
            + self.docx
            + b"\r\n"
        )
        parts.append(f"--{self.boundary}--\r\n".encode())
        return b"".join(parts)

    @task
    def enter(self):
        key = uuid.uuid4().hex[:12]
        fields = {
            "csrfmiddlewaretoken": self.token,
            "name": f"Student {key}",
            "email": f"{key}@example.org",
            "birth_date": "2007-03-01",
            "school": "Gymnasium Nikola Karev",
            "grade": "4",
            "municipality": "Kratovo",
            "title": f"The shoemaker {key}",
            "language": "en",
            "text": "",
            "originality": "on",
            "privacy": "on",
            "website": "",
        }
        with self.client.post(
            self.path,
            data=self.body(fields),
            headers={"Content-Type": f"multipart/form-data; boundary={self.boundary}"},
            name="essay",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code in (302, 303):
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
