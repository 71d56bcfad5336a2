"""The essay competitions' open data: the competitions and, once published, their results.

A result shows what the competition's public page shows (essays/models/pages.py and
Award.public_byline): the place or mention, the prize, the entry's code and title, and the
student's name and school only when the student agreed to their publication (`publish_name`);
never anything else of an entry."""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from essays.choices import EntryStatus, Phase
from essays.fields import codes
from essays.models import Award, CompetitionPage
from opendata import filters, serializers
from opendata.conditional import ConditionalGetMixin, newest
from opendata.consultation_views import LANGUAGE_PARAMETER, _by_language, original, version_in
from opendata.views import ERRORS, KEY_PARAMETER, documented, keys_of_page, public_pages


def public_competitions(request: Any) -> QuerySet:
    return public_pages(CompetitionPage, request)


def versions_of(request: Any, keys: list[Any]) -> dict[Any, list[Any]]:
    found: dict[Any, list[Any]] = {key: [] for key in keys}
    for page in public_competitions(request).filter(translation_key__in=keys):
        found[page.translation_key].append(page)
    return found


def competition_record(request: Any, versions: list[Any]) -> dict[str, Any]:
    main = original(versions)
    by_language = _by_language(versions)
    published = main.phase == Phase.RESULTS
    key = str(main.translation_key)
    return {
        "id": main.translation_key,
        "languages": list(by_language),
        "title": {code: page.title for code, page in by_language.items()},
        "theme": {code: page.theme for code, page in by_language.items()},
        "url": {code: page.get_full_url(request) for code, page in by_language.items()},
        "summary": {code: page.summary for code, page in by_language.items()},
        "phase": main.phase.value,
        "opens_at": main.opens_at,
        "deadline": main.deadline,
        "results_at": main.results_at,
        "results_published_at": main.results_published_at if published else None,
        "essay_languages": codes(main.accepted_languages),
        "results_url": (
            request.build_absolute_uri(reverse("opendata:competition_results", args=[key])) if published else None
        ),
    }


def find_competition(request: Any, key: str) -> list[Any]:
    try:
        translation_key = uuid.UUID(key)
    except ValueError:
        raise NotFound(f"There is no competition {key[:40]!r}: an id is a UUID.") from None
    versions = versions_of(request, [translation_key])[translation_key]
    if not versions:
        raise NotFound(f"There is no public competition {key}.")
    return versions


def competition_results(page: Any) -> list[dict[str, Any]]:
    """The winners, then the honourable mentions, as the competition's page lists them."""
    awards = (
        Award.objects.filter(entry__competition_key=page.translation_key, entry__status=EntryStatus.SUBMITTED)
        .select_related("entry")
        .order_by("honourable_mention", "place", "entry__jury_code")
    )
    prizes = {prize["place"]: prize for prize in page.sorted_prizes()}
    rows = []
    for award in awards:
        entry = award.entry
        prize = None if award.honourable_mention else prizes.get(award.place)
        rows.append(
            {
                "place": None if award.honourable_mention else award.place,
                "honourable_mention": award.honourable_mention,
                "prize": prize["title"] if prize else None,
                "entry_code": entry.jury_code,
                "title": entry.title,
                "student_name": entry.name if entry.publish_name else None,
                "school": entry.school if entry.publish_name else None,
            }
        )
    return rows


@documented("Essay competitions", serializers.CompetitionSerializer, many=True)
class CompetitionList(ConditionalGetMixin, generics.ListAPIView):
    """Competitions, the most recently opened first (one item for all language versions)."""

    serializer_class = serializers.CompetitionSerializer
    filterset_class = filters.LanguageFilterSet
    queryset = CompetitionPage.objects.none()

    def get_queryset(self) -> QuerySet:
        return public_competitions(self.request)

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        page_keys = keys_of_page(self)
        versions = versions_of(request, page_keys)
        records = [competition_record(request, versions[key]) for key in page_keys]
        self.last_modified = newest(page.last_published_at for key in page_keys for page in versions[key])
        return self.get_paginated_response(self.get_serializer(records, many=True).data)


@documented("One essay competition", serializers.CompetitionSerializer, parameters=[KEY_PARAMETER])
class CompetitionDetail(ConditionalGetMixin, APIView):
    """A competition, with its titles, dates and phase in every language it is published in."""

    def get(self, request: Any, key: str) -> Response:
        versions = find_competition(request, key)
        self.last_modified = newest(page.last_published_at for page in versions)
        return Response(serializers.CompetitionSerializer(competition_record(request, versions)).data)


@extend_schema(
    summary="A competition's published results",
    parameters=[KEY_PARAMETER, LANGUAGE_PARAMETER],
    responses={200: serializers.ResultListSerializer, **ERRORS},
)
class CompetitionResults(ConditionalGetMixin, APIView):
    """The winners and honourable mentions as the competition's page shows them; 404 until
    the results are published."""

    def get(self, request: Any, key: str) -> Response:
        page = version_in(request, find_competition(request, key), thing="competition")
        if page.phase != Phase.RESULTS:
            raise NotFound("This competition's results are not published yet.")
        self.last_modified = newest([page.last_published_at, page.results_published_at])
        return Response(
            serializers.ResultListSerializer(
                {
                    "competition": page.translation_key,
                    "language": page.locale.language_code,
                    "results": competition_results(page),
                }
            ).data
        )
