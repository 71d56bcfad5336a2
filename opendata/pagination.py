"""Pages of API results: GLAS_API_PAGE_SIZE rows unless ?page_size= asks otherwise, up to
GLAS_API_MAX_PAGE_SIZE. A page number or size that is not a whole number in range is a 400 with
the reason, not a silent fall-back, so that a client's bug shows at once."""

from typing import Any

from django.conf import settings
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


def positive_int(value: str | None, name: str, default: int, maximum: int | None = None) -> int:
    """The query parameter as a whole number from 1 (to `maximum`), or a 400 saying why not."""
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({name: [f"Must be a whole number, not {value[:20]!r}."]}) from None
    if number < 1 or (maximum is not None and number > maximum):
        limit = f" and at most {maximum}" if maximum is not None else ""
        raise ValidationError({name: [f"Must be at least 1{limit}."]})
    return number


class ApiPagination(PageNumberPagination):
    page_query_param = "page"
    page_size_query_param = "page_size"

    @property
    def max_page_size(self) -> int:
        return settings.GLAS_API_MAX_PAGE_SIZE

    def get_page_size(self, request: Any) -> int:
        return positive_int(
            request.query_params.get(self.page_size_query_param),
            self.page_size_query_param,
            default=min(settings.GLAS_API_PAGE_SIZE, self.max_page_size),
            maximum=self.max_page_size,
        )

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list:
        self.request = request
        size = self.get_page_size(request)
        number = positive_int(request.query_params.get(self.page_query_param), self.page_query_param, default=1)
        paginator = self.django_paginator_class(queryset, size)
        if number > paginator.num_pages:
            raise NotFound(f"There is no page {number}: the last page is {paginator.num_pages}.")
        self.page = paginator.page(number)
        return list(self.page)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "The page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {settings.GLAS_API_PAGE_SIZE}, "
                f"at most {settings.GLAS_API_MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": settings.GLAS_API_MAX_PAGE_SIZE},
            },
        ]
