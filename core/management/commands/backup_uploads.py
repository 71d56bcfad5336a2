"""Copy every upload out of the configured storages into a folder, or back in (restore).

    manage.py backup_uploads FOLDER            # FOLDER/media/…, FOLDER/private/…
    manage.py backup_uploads --restore FOLDER  # put them back into the storages configured now

It reads and writes through the storages themselves, so it works the same for the buckets (S3)
and for folders on disk. deploy/backup.sh and deploy/restore.sh call it for the buckets. A
restore writes each object under its own name, replacing what is there: after it, the storages
hold what the backup held (and anything newer, which is left alone).
"""

from pathlib import Path
from typing import Any

from django.core.files.storage import Storage, storages
from django.core.management.base import BaseCommand, CommandParser

from core.storage import storage_aliases

FOLDERS = {"default": "media", "private": "private"}


def walk(storage: Storage, prefix: str = "") -> list[str]:
    """Every file name in a storage, folders included, sorted."""
    try:
        folders, files = storage.listdir(prefix)
    except FileNotFoundError:
        return []
    names = [f"{prefix}{name}" for name in files if name]
    for folder in folders:
        if folder and not folder.startswith("."):
            names += walk(storage, f"{prefix}{folder}/")
    return sorted(name for name in names if not Path(name).name.startswith("."))


class Command(BaseCommand):
    help = "Copy every upload (both storages) into FOLDER, or with --restore from FOLDER back in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--restore", action="store_true", help="Put the files of FOLDER back into the storages.")

    def handle(self, *args: Any, folder: Path, restore: bool = False, **options: Any) -> None:
        for alias in storage_aliases():
            storage, root = storages[alias], folder / FOLDERS[alias]
            if restore:
                count = self._restore(storage, root)
            else:
                count = self._backup(storage, root)
            self.stdout.write(f"{FOLDERS[alias]}: {count} files {'restored' if restore else 'copied'}")

    def _backup(self, storage: Storage, root: Path) -> int:
        names = walk(storage)
        for name in names:
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, target.open("wb") as copy:
                for chunk in iter(lambda: source.read(1024 * 1024), b""):
                    copy.write(chunk)
        root.mkdir(parents=True, exist_ok=True)
        return len(names)

    def _restore(self, storage: Storage, root: Path) -> int:
        paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for path in paths:
            name = path.relative_to(root).as_posix()
            if storage.exists(name):
                storage.delete(name)
            with path.open("rb") as handle:
                storage._save(name, handle)  # the same name as in the database
        return len(paths)
