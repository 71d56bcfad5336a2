"""A feature app can be left out: the site without essay competitions builds, migrates, loads its
demo content and serves every kind of page, and nothing of the essays shows (no home section, no
footer link, no jury pages). Run in a separate process, since the app registry of this one has
the essays app in it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json
import django

django.setup()
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

call_command("check")
call_command("migrate", verbosity=0)
for command in ("load_demo_content", "load_demo_consultations"):
    call_command(command, quiet=True)
client = Client()
pages = {}
for url in ("/en/", "/mk/", "/sq/consultations/", "/bg/news/", "/en/projects/", "/en/events/",
            "/en/search/?q=youth", "/sitemap.xml", "/en/jury/"):
    response = client.get(url)
    pages[url] = {"status": response.status_code, "html": response.content.decode()}
admin = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password-1")
client.force_login(admin)
for url in ("/admin/", "/admin/snippets/consultations/comment/"):
    pages[url] = {"status": client.get(url).status_code, "html": ""}
print(json.dumps({"installed": apps.is_installed("essays"), "pages": pages}))
"""


def test_the_site_works_without_the_essays_app(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "GLAS_FEATURE_APPS": "consultations",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'without-essays.sqlite3'}",
        "ALLOWED_HOSTS": "testserver",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["installed"] is False
    pages = result["pages"]
    for url, page in pages.items():
        expected = 404 if url == "/en/jury/" else 200
        assert page["status"] == expected, url
    home = pages["/en/"]["html"]
    assert 'id="open-consultations-home"' in home  # the consultations' section is there
    assert 'id="open-competitions-home"' not in home
    assert "Jury pages" not in home and "/jury/" not in home
