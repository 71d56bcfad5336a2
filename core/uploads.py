"""Stop reading an uploaded file once it passes the site's ceiling (GLAS_MAX_UPLOAD_MB).

Django would otherwise write a 50 MB upload to a temporary file before any form can refuse it.
This handler, first in FILE_UPLOAD_HANDLERS, passes the data on only up to the ceiling; beyond it
the rest is counted and thrown away, and the form receives a `TooLargeUpload` that knows the real
size and has no content, so it can say how large the file was and what the limit is.

Also here: the files kept between two posts of a form (PendingUploads), which expire and are
bounded per visitor.
"""

import datetime
import io
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest
from django.utils import timezone


class TooLargeUpload(UploadedFile):
    """Stands for a file that was larger than the ceiling: its name and size, no content."""

    def __init__(self, name: str, size: int, content_type: str | None = None) -> None:
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size)


def ceiling_bytes() -> int:
    return settings.GLAS_MAX_UPLOAD_MB * 1024 * 1024


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(
        self,
        field_name: str,
        file_name: str,
        content_type: str,
        content_length: int | None,
        charset: str | None = None,
        content_type_extra: dict | None = None,
    ) -> None:
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > ceiling_bytes():
            self.too_large = True
            return None  # the handlers after this one get nothing more
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.too_large:
            return TooLargeUpload(self.file_name, self.received, self.content_type)
        return None  # the next handler builds the file


# Pending uploads -------------------------------------------------------------------------------
# A good file posted with a form that had other errors is kept, so that the visitor need not
# upload it again. Such files expire (PENDING_MAX_AGE; `manage.py expire_pending_uploads` from cron
# or the worker, and again on each new one kept), and one visitor's session holds at most
# GLAS_PENDING_UPLOADS_PER_SESSION files and GLAS_PENDING_UPLOAD_MB_PER_SESSION MB: keeping one more
# lets the oldest go.

PENDING_MAX_AGE = datetime.timedelta(hours=24)
SESSION_KEY = "glas_pending_uploads"


def pending_limits() -> tuple[int, int]:
    """(files, bytes) one session may keep pending."""
    files = getattr(settings, "GLAS_PENDING_UPLOADS_PER_SESSION", 3)
    megabytes = getattr(settings, "GLAS_PENDING_UPLOAD_MB_PER_SESSION", 2 * settings.GLAS_MAX_UPLOAD_MB)
    return files, megabytes * 1024 * 1024


class PendingUploads:
    """The pending files under one folder (`prefix`) of a storage."""

    def __init__(self, storage: Callable[[], Storage], prefix: str) -> None:
        self._storage = storage
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"

    @property
    def storage(self) -> Storage:
        """Asked for at each use, so that the storage configured now is the one used."""
        return self._storage()

    def _held(self, request: HttpRequest) -> list[dict[str, Any]]:
        held = request.session.get(SESSION_KEY, [])
        return [item for item in held if item["name"].startswith(self.prefix) and self.storage.exists(item["name"])]

    def keep(self, request: HttpRequest, content: bytes, name: str) -> str:
        """Store `content` as a pending file of this visitor; return its storage name."""
        self.expire()
        max_files, max_bytes = pending_limits()
        held = self._held(request)
        while held and (len(held) + 1 > max_files or sum(item["size"] for item in held) + len(content) > max_bytes):
            self.storage.delete(held.pop(0)["name"])
        saved = self.storage.save(self.prefix + name, ContentFile(content))
        held.append({"name": saved, "size": len(content)})
        others = [item for item in request.session.get(SESSION_KEY, []) if not item["name"].startswith(self.prefix)]
        request.session[SESSION_KEY] = others + held
        return saved

    def release(self, name: str) -> None:
        """The pending file is used or replaced: delete it."""
        if name.startswith(self.prefix) and self.storage.exists(name):
            self.storage.delete(name)

    def expire(self, now: datetime.datetime | None = None, max_age: datetime.timedelta = PENDING_MAX_AGE) -> int:
        """Delete the pending files older than `max_age`; return how many."""
        limit = (now or timezone.now()) - max_age
        try:
            _dirs, files = self.storage.listdir(self.prefix)
        except FileNotFoundError:
            return 0
        removed = 0
        for filename in files:
            name = self.prefix + filename
            try:
                if self.storage.get_modified_time(name) < limit:
                    self.storage.delete(name)
                    removed += 1
            except FileNotFoundError:  # removed meanwhile by another process
                continue
        return removed
