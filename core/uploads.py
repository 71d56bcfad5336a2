"""Stop reading an uploaded file once it passes the site's ceiling (GLAS_MAX_UPLOAD_MB).

Django would otherwise write a 50 MB upload to a temporary file before any form can refuse it.
This handler, first in FILE_UPLOAD_HANDLERS, passes the data on only up to the ceiling; beyond it
the rest is counted and thrown away, and the form receives a `TooLargeUpload` that knows the real
size and has no content, so it can say how large the file was and what the limit is.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


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
