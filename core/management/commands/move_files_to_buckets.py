"""Copy the uploads kept on disk into the S3 buckets, once, when a site moves to object storage.

    manage.py move_files_to_buckets            # copy what the buckets lack; the disk is untouched
    manage.py move_files_to_buckets --dry-run  # only say what would be copied
    manage.py move_files_to_buckets --delete   # also delete each local copy once the bucket has it

MEDIA_ROOT goes to the public bucket (AWS_STORAGE_BUCKET_NAME) and GLAS_PRIVATE_ROOT to the
private one (GLAS_PRIVATE_BUCKET), under the same names, so the database needs no change. An
object that is already in the bucket with the same size is left alone: the command can be run
again after an interruption.
"""

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.storage import PRIVATE


class Command(BaseCommand):
    help = "Copy uploads from MEDIA_ROOT and GLAS_PRIVATE_ROOT into the configured S3 buckets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Say what would be copied, copy nothing.")
        parser.add_argument(
            "--delete", action="store_true", help="Delete each local file once its copy is in the bucket."
        )

    def handle(self, *args: Any, dry_run: bool = False, delete: bool = False, **options: Any) -> None:
        sources = {"default": Path(settings.MEDIA_ROOT), PRIVATE: Path(os.fspath(settings.GLAS_PRIVATE_ROOT))}
        for alias in sources:
            if isinstance(storages[alias], FileSystemStorage):
                raise CommandError(
                    "The uploads are still configured on disk: set AWS_STORAGE_BUCKET_NAME and GLAS_PRIVATE_BUCKET "
                    "(README › Object storage) and run this again."
                )
        for alias, folder in sources.items():
            copied = kept = 0
            target = storages[alias]
            for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []:
                name = path.relative_to(folder).as_posix()
                if name.startswith(".") or "/." in name:
                    continue  # health-check leftovers and editors' hidden files
                if target.exists(name) and target.size(name) == path.stat().st_size:
                    kept += 1
                else:
                    if not dry_run:
                        with path.open("rb") as handle:
                            saved = target._save(name, handle)  # the same name: no renaming
                        if saved != name:
                            raise CommandError(f"{name} was stored as {saved}; nothing deleted.")
                    copied += 1
                if delete and not dry_run:
                    path.unlink()
            verb = "would copy" if dry_run else "copied"
            self.stdout.write(f"{alias}: {verb} {copied}, already there {kept} ({folder})")
