"""ETag and Last-Modified on every API answer, and 304 Not Modified when the client has it.

The ETag is a hash of the JSON sent, so it is exact: any change to what a client would get
changes it. Last-Modified is the newest change among the rows of the answer (their publication,
moderation or answer times), which a view names in `self.last_modified`; a row that leaves the
list (a page unpublished) is seen by the ETag only, so clients should send If-None-Match. Django's
own rules (django.utils.cache.get_conditional_response) decide when 304 is the answer."""

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from opendata.policy import OpenDataPolicy


def newest(moments: Iterable[datetime | None]) -> datetime | None:
    return max((moment for moment in moments if moment is not None), default=None)


class ConditionalGetMixin(OpenDataPolicy):
    """For the API's views (with its policy, opendata/policy.py): set `self.last_modified` (a
    datetime or None) while answering."""

    last_modified: datetime | None = None

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        timestamp = None
        if self.last_modified is not None:
            timestamp = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
