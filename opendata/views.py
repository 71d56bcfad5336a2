"""The API's shared ground (the base view, errors as JSON, the documentation page) and the
content of the home app: news, projects and events. Every list shows live pages that no view
restriction hides, as the site's own listings do (core/restrictions.py)."""

from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.http import Http404
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.views import exception_handler as drf_exception_handler

from core.restrictions import private_pages_q
from home.models import EventPage, NewsPage, ProjectPage
from opendata import filters, serializers
from opendata.conditional import ConditionalGetMixin, newest

ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="A parameter is not valid: its name → what is wrong with it (a list of messages).",
    ),
    404: OpenApiResponse(serializers.ErrorSerializer, description="No such thing, or no such page of a list."),
    429: OpenApiResponse(serializers.ErrorSerializer, description="Too many requests: wait and try again."),
}

# The id in a path: a consultation's or competition's translation key.
KEY_PARAMETER = OpenApiParameter(
    "key", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The id (shared by every language version)."
)


def documented(summary: str, answer: Any, many: bool = False, parameters: list | None = None) -> Any:
    """The schema of a GET: its answer, its parameters, and the JSON errors it may give."""
    return extend_schema_view(
        get=extend_schema(
            summary=summary,
            parameters=parameters or [],
            responses={200: answer(many=True) if many else answer, **ERRORS},
        )
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    """DRF's JSON errors; a bare 404 says "Not found." rather than naming a model. The views
    raise NotFound with a message of their own where there is more to say."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    request = context.get("request")
    if request is not None and isinstance(exc, exceptions.NotFound):
        request._request.urlconf = "opendata.urlconf"
    return drf_exception_handler(exc, context)


def public_pages(model: Any, request: Any) -> Any:
    """Live pages of a type that no view restriction hides: what the public listings show."""
    return model.objects.live().exclude(private_pages_q(request)).select_related("locale")


def keys_of_page(view: Any) -> list[Any]:
    """The translation keys on one page of a list of translated pages (consultations,
    competitions): one item for all language versions, the most recently opened first."""
    keys = (
        view.filter_queryset(view.get_queryset())
        .order_by()
        .values("translation_key")
        .annotate(opens=Max("opens_at"))
        .order_by("-opens", "translation_key")
    )
    return [row["translation_key"] for row in view.paginate_queryset(keys)]


class PageListView(ConditionalGetMixin, generics.ListAPIView):
    """A list of public pages, one row per language version."""

    model: Any = None

    def get_queryset(self) -> Any:
        return public_pages(self.model, self.request)

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        pages = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.last_modified = newest(page.last_published_at for page in pages)
        return self.get_paginated_response(self.get_serializer(pages, many=True).data)


@documented("News articles", serializers.NewsSerializer, many=True)
class NewsList(PageListView):
    """News articles, newest first."""

    model = NewsPage
    queryset = NewsPage.objects.none()  # for the schema; get_queryset reads the request
    serializer_class = serializers.NewsSerializer
    filterset_class = filters.NewsFilter

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("author_organisation")
            .order_by("-date", "-first_published_at", "-pk")
        )


@documented("Projects", serializers.ProjectSerializer, many=True)
class ProjectList(PageListView):
    """Projects, the newest start first."""

    model = ProjectPage
    queryset = ProjectPage.objects.none()
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.LanguageFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("lead_organisation", "funder").order_by("-start_date", "pk")


@documented("Events", serializers.EventSerializer, many=True)
class EventList(PageListView):
    """Events, the latest first."""

    model = EventPage
    queryset = EventPage.objects.none()
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("-start", "pk")


@cache
def _schema_summary() -> list[dict[str, Any]]:
    """The endpoints of the schema, for the documentation page (the schema is the same for
    every request, so it is built once per process)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    endpoints = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "type": parameter.get("schema", {}).get("type", ""),
                            "enum": parameter.get("schema", {}).get("enum", []),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                }
            )
    return endpoints


def docs(request: Any) -> Any:
    """A plain page that lists the endpoints and their parameters, read from the schema: no
    script, so the site's content security policy needs no exception."""
    return render(
        request,
        "opendata/docs.html",
        {
            "endpoints": _schema_summary(),
            "page_size": settings.GLAS_API_PAGE_SIZE,
            "max_page_size": settings.GLAS_API_MAX_PAGE_SIZE,
            "rate": settings.GLAS_API_RATE,
        },
    )
