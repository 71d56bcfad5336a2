"""deploy/backup.sh and deploy/restore.sh on a real PostgreSQL database and upload folders: what
was backed up comes back, what came after goes aside, and a damaged copy changes nothing."""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.deploy.helpers import DEPLOY

PG = "postgres://postgres@127.0.0.1:5432"


def postgres_answers() -> bool:
    if not shutil.which("psql") or not shutil.which("pg_dump"):
        return False
    result = subprocess.run(["psql", f"{PG}/postgres", "-tAc", "select 1"], capture_output=True, text=True)
    return result.returncode == 0


pytestmark = pytest.mark.skipif(
    not postgres_answers() and not os.environ.get("CI"), reason="no PostgreSQL on 127.0.0.1:5432"
)


def psql(url, sql):
    result = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-tAc", sql], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def glas(tmp_path):
    """A database and upload folders as a server has them, and the env file that names them."""
    name = f"glas_deploy_backup_{uuid.uuid4().hex[:8]}"
    psql(f"{PG}/postgres", f"create database {name}")
    url = f"{PG}/{name}"
    psql(url, "create table comment (id serial primary key, body text not null)")
    psql(url, "insert into comment (body) values ('Поддржувам'), ('Mbështes'), ('Подкрепям')")
    media, private = tmp_path / "var/media", tmp_path / "var/private"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images/kratovo.jpg").write_bytes(b"\xff\xd8 a picture")
    (private / "entries").mkdir(parents=True)
    (private / "entries/essay.pdf").write_bytes(b"%PDF-1.4 my neighbour")
    private.chmod(0o700)
    env_file = tmp_path / "glas.env"
    env_file.write_text(
        f"SECRET_KEY=not-used-here\nDATABASE_URL={url}\nMEDIA_ROOT={media}\nGLAS_PRIVATE_ROOT={private}\n"
        "DEFAULT_FROM_EMAIL=Glas <noreply@example.org>\n"
    )
    yield {"url": url, "media": media, "private": private, "env": env_file, "backups": tmp_path / "backups"}
    psql(f"{PG}/postgres", f"drop database if exists {name} with (force)")


def run(script, *args, env_file):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT", "GLAS_PRIVATE_ROOT"}}
    environment["GLAS_ENV_FILE"] = str(env_file)
    # sh is what the scripts promise to need (dash on Debian), whatever the login shell.
    return subprocess.run(["sh", str(DEPLOY / script), *args], env=environment, capture_output=True, text=True)


def the_backup(glas) -> Path:
    made = run("backup.sh", str(glas["backups"]), env_file=glas["env"])
    assert made.returncode == 0, made.stderr
    (folder,) = glas["backups"].iterdir()
    return folder


def test_a_backup_holds_the_database_and_both_folders(glas):
    folder = the_backup(glas)
    assert folder.name.startswith("glas-")
    assert sorted(path.name for path in folder.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
        "private.tar.gz",
    ]
    listing = subprocess.run(["pg_restore", "--list", str(folder / "database.dump")], capture_output=True, text=True)
    assert "TABLE public comment" in listing.stdout
    # Students' files are personal data: only the owner may read the copy.
    assert oct((folder / "private.tar.gz").stat().st_mode & 0o777) == "0o600"


def test_restore_brings_back_the_rows_and_the_files_and_keeps_the_later_ones_aside(glas):
    folder = the_backup(glas)
    psql(glas["url"], "delete from comment where body = 'Mbështes'")
    psql(glas["url"], "insert into comment (body) values ('written after the backup')")
    (glas["media"] / "original_images/kratovo.jpg").unlink()
    (glas["private"] / "entries/later.pdf").write_bytes(b"%PDF-1.4 later")

    restored = run("restore.sh", str(folder), env_file=glas["env"])
    assert restored.returncode == 0, restored.stderr

    assert (
        psql(glas["url"], "select string_agg(body, ',' order by id) from comment") == "Поддржувам,Mbështes,Подкрепям"
    )
    assert (glas["media"] / "original_images/kratovo.jpg").read_bytes() == b"\xff\xd8 a picture"
    assert (glas["private"] / "entries/essay.pdf").exists()
    assert not (glas["private"] / "entries/later.pdf").exists()
    (aside,) = glas["private"].parent.glob("private.before-restore-*")
    assert (aside / "entries/later.pdf").exists()
    assert oct(glas["private"].stat().st_mode & 0o777) == "0o700"


def test_a_damaged_backup_changes_nothing(glas):
    folder = the_backup(glas)
    with (folder / "media.tar.gz").open("ab") as archive:
        archive.write(b"damage")
    psql(glas["url"], "insert into comment (body) values ('kept')")
    restored = run("restore.sh", str(folder), env_file=glas["env"])
    assert restored.returncode != 0
    assert "damaged" in restored.stderr
    assert psql(glas["url"], "select count(*) from comment") == "4"


def test_a_failed_backup_leaves_no_folder_that_looks_complete(glas, tmp_path):
    env_file = tmp_path / "broken.env"
    env_file.write_text(glas["env"].read_text().replace(glas["url"], f"{PG}/no_such_database_here"))
    made = run("backup.sh", str(glas["backups"]), env_file=env_file)
    assert made.returncode != 0
    assert list(glas["backups"].iterdir()) == []


def test_the_scripts_are_posix_sh_and_stop_at_the_first_error():
    for script in ("backup.sh", "restore.sh"):
        text = (DEPLOY / script).read_text()
        assert text.startswith("#!/bin/sh\n")
        assert "\nset -eu\n" in text
        assert subprocess.run(["sh", "-n", str(DEPLOY / script)]).returncode == 0
        if shutil.which("dash"):
            assert subprocess.run(["dash", "-n", str(DEPLOY / script)]).returncode == 0
