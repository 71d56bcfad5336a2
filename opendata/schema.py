"""The OpenAPI schema describes the open-data API only, not the other DRF views that installed
apps bring (Wagtail's admin API, wagtail-localize's editor)."""

from typing import Any

PREFIX = "/api/v1/"


def only_open_data(endpoints: list[tuple[str, Any, str, Any]], **kwargs: Any) -> list[tuple[str, Any, str, Any]]:
    """drf-spectacular's PREPROCESSING_HOOKS: keep the endpoints under /api/v1/."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PREFIX)]
