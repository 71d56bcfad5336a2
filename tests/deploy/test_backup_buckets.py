"""Backup and restore of a site whose uploads are in S3 buckets, carried out as deploy/README.md
says: deploy/backup.sh on the running site (PostgreSQL + both buckets of a real SeaweedFS
server), then deploy/restore.sh into a fresh database and a fresh pair of buckets; the restored
site has the same pages, comments and files."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.models import Page
from wagtail_factories import ImageFactory

from consultations.models import Comment
from tests.deploy.helpers import DEPLOY
from tests.factories import CommentFactory, make_entry

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
]

# What the restored site is asked, through its own settings (a management shell).
SNAPSHOT = """
import json
from django.core.files.storage import storages
from wagtail.models import Page
from wagtail.images import get_image_model
from consultations.models import Comment
from essays.models import Entry
entry = Entry.objects.exclude(file="").get()
image = get_image_model().objects.get()
print(json.dumps({
    "pages": sorted(Page.objects.filter(depth__gt=1).values_list("url_path", flat=True)),
    "comments": sorted(Comment.objects.values_list("text", flat=True)),
    "essay": storages["private"].open(entry.file.name).read().decode(),
    "picture": image.file.open().read().hex(),
}))
"""


def database_url(name: str) -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"


def env_file(path: Path, database: str, buckets: dict[str, str]) -> Path:
    lines = {
        "SECRET_KEY": "backup-test-key-" + "x" * 40,
        "DEBUG": "true",
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(path.parent / "unused-media"),
        "GLAS_PRIVATE_ROOT": str(path.parent / "unused-private"),
        **buckets,
    }
    path.write_text("".join(f"{name}={value}\n" for name, value in lines.items()))
    return path


def run(command: list[str], env: Path) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "GLAS_PRIVATE"))
    }
    environment.update(GLAS_ENV_FILE=str(env), GLAS_PYTHON=sys.executable)
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)


def snapshot(env: Path) -> dict:
    result = run([str(DEPLOY / "manage.sh"), "shell", "-c", SNAPSHOT], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_backup_then_restore_into_a_fresh_database_and_buckets_brings_everything_back(
    consultations, competitions, s3, tmp_path
):
    CommentFactory(consultation=consultations["open"], text="Поддржувам: повеќе зеленило во Кратово.")
    CommentFactory(consultation=consultations["open"], text="Mbështes propozimin për parkun.")
    entry = make_entry(competitions["open"])
    entry.file.save("essays/backup/essay.pdf", ContentFile(b"%PDF-1.4 My neighbour from the next street"))
    ImageFactory(title="Kratovo bridge")

    live = env_file(tmp_path / "live.env", database_url(connection.settings_dict["NAME"]), s3.environment())
    before = snapshot(live)
    assert len(before["comments"]) == 2 and before["essay"].startswith("%PDF")

    made = run(["sh", str(DEPLOY / "backup.sh"), str(tmp_path / "backups")], live)
    assert made.returncode == 0, made.stderr
    (folder,) = (tmp_path / "backups").iterdir()
    assert {"database.dump", "buckets.tar.gz", "SHA256SUMS"} <= {path.name for path in folder.iterdir()}

    # A new server: an empty database and an empty pair of buckets.
    fresh = f"glas_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"create database {fresh}")
    buckets = {"AWS_STORAGE_BUCKET_NAME": "glas-restored-media", "GLAS_PRIVATE_BUCKET": "glas-restored-private"}
    for bucket in buckets.values():
        s3.create_bucket(bucket)
    restored_env = env_file(tmp_path / "restored.env", database_url(fresh), {**s3.environment(), **buckets})
    try:
        restored = run(["sh", str(DEPLOY / "restore.sh"), str(folder)], restored_env)
        assert restored.returncode == 0, restored.stderr
        assert snapshot(restored_env) == before
        assert sorted(s3.keys("glas-restored-private")) == sorted(s3.keys("glas-private"))
    finally:
        s3.empty(*buckets.values())
        with connection.cursor() as cursor:
            cursor.execute(f"drop database if exists {fresh} with (force)")

    # The backup did not touch the live site.
    assert Comment.objects.count() == 2 and Page.objects.filter(depth__gt=1).exists()
