"""Where uploaded files live: two storages, chosen by configuration (STORAGES in settings).

- "default": public media (images, their renditions, Wagtail documents). The filesystem
  (MEDIA_ROOT) by default; an S3 bucket when AWS_STORAGE_BUCKET_NAME is set.
- "private": the students' essay files and the files kept while a form is corrected. A folder
  outside MEDIA_ROOT (GLAS_PRIVATE_ROOT) by default; a second, private bucket
  (GLAS_PRIVATE_BUCKET) with S3. These files have no public URL: the checked views stream them to
  the people allowed to read them.

Code asks for the private storage through `private_storage()` at the moment it needs it, never
at import time, so that the configuration (and a test's override of it) is the one in force.
"""

from typing import Any, cast

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty

PRIVATE = "private"


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """Files under GLAS_PRIVATE_ROOT, with no public URL."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self) -> Any:
        return settings.GLAS_PRIVATE_ROOT

    @property
    def location(self) -> Any:
        return str(settings.GLAS_PRIVATE_ROOT)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a checked view.")


class _PrivateStorage(LazyObject):
    """storages["private"], looked up on first use (like Django's default_storage) and again
    after STORAGES changes."""

    def _setup(self) -> None:
        self._wrapped = storages[PRIVATE]


_private = _PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in ("STORAGES", "GLAS_PRIVATE_ROOT"):
        _private._wrapped = empty


def private_storage() -> Storage:
    """The storage of files no visitor may fetch directly (a FileField's `storage` callable)."""
    return cast(Storage, _private)


def storage_aliases() -> list[str]:
    """The configured storages that hold uploads (for health checks and moving files)."""
    return [alias for alias in ("default", PRIVATE) if alias in settings.STORAGES]
