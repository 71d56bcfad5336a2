"""The consultations' open data: the consultations, their paragraphs, their published comments
and official answers, and the report's figures once the report is published.

A consultation is one item whatever the number of its language versions (they share a
translation key, which is its id here); its paragraphs and report are read in one language at a
time (?language=, by default the site's default language, else the first version). Comments and
answers are those the public pages show: published, on a consultation that is live and public,
and, for a reply, under a published comment."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations.choices import Phase, Status
from consultations.models import Comment, CommentRedaction, ConsultationPage, DraftVersion, DraftVersionText
from consultations.models.municipalities import name_of
from consultations.models.versions import newest_number
from consultations.report import report_figures
from consultations.versions import first_published, version_text
from core.licences import licence_name, licence_url
from opendata import filters, serializers
from opendata.conditional import ConditionalGetMixin, newest
from opendata.paragraphs import consultation_paragraphs, version_paragraphs
from opendata.views import ERRORS, KEY_PARAMETER, documented, keys_of_page, public_pages

LANGUAGE_ORDER = [code for code, _name in settings.LANGUAGES]

LANGUAGE_PARAMETER = OpenApiParameter(
    "language",
    OpenApiTypes.STR,
    enum=LANGUAGE_ORDER,
    description="The language version to read (default: the site's default language, else the first).",
)


def public_consultations(request: Any) -> QuerySet:
    return public_pages(ConsultationPage, request)


def published_comments(request: Any) -> QuerySet:
    """The comments the public pages show, oldest first."""
    return (
        Comment.objects.published()
        .filter(Q(parent__isnull=True) | Q(parent__status=Status.PUBLISHED))
        .filter(consultation_key__in=public_consultations(request).values("translation_key"))
        .order_by("created_at", "pk")
    )


def _by_language(versions: Iterable[Any]) -> dict[str, Any]:
    ordered = sorted(versions, key=lambda v: (LANGUAGE_ORDER.index(v.locale.language_code), v.pk))
    return {version.locale.language_code: version for version in ordered}


def original(versions: list[Any]) -> Any:
    """The version whose dates and organiser speak for the consultation: the one in the site's
    default language, else the oldest."""
    for version in versions:
        if version.locale.language_code == settings.LANGUAGE_CODE:
            return version
    return min(versions, key=lambda version: version.pk)


def versions_of(request: Any, keys: list[Any]) -> dict[Any, list[Any]]:
    """Translation key → its public language versions: one query for any number of keys."""
    found: dict[Any, list[Any]] = {key: [] for key in keys}
    for page in public_consultations(request).filter(translation_key__in=keys).select_related("organiser"):
        found[page.translation_key].append(page)
    return found


def comment_figures(keys: list[Any]) -> dict[Any, dict[str, Any]]:
    """Per consultation: published comments, those answered, and when they last changed."""
    rows = (
        Comment.objects.filter(consultation_key__in=keys)
        .published()
        .filter(Q(parent__isnull=True) | Q(parent__status=Status.PUBLISHED))
        .values("consultation_key")
        .annotate(
            comments=Count("pk"),
            answered=Count("pk", filter=~Q(response="")),
            created=Max("created_at"),
            confirmed=Max("confirmed_at"),
            moderated=Max("moderated_at"),
            responded=Max("responded_at"),
        )
        .order_by()
    )
    return {row.pop("consultation_key"): row for row in rows}


def draft_versions_of(request: Any, keys: list[Any]) -> dict[Any, list[dict[str, Any]]]:
    """Translation key → the versions of its draft, oldest first: number, date, summary and the
    languages its text is kept in. Two queries for any number of consultations."""
    kept: dict[Any, dict[int, list[str]]] = {key: {} for key in keys}
    for key, number, language in DraftVersionText.objects.filter(consultation_key__in=keys).values_list(
        "consultation_key", "number", "language"
    ):
        kept[key].setdefault(number, []).append(language)
    rows: dict[Any, dict[int, dict[str, Any]]] = {key: {} for key in keys}
    for row in DraftVersion.objects.filter(page__translation_key__in=keys, number__isnull=False).values(
        "page__translation_key", "number", "published_at", "summary", "locale__language_code"
    ):
        entry = rows[row["page__translation_key"]].setdefault(
            row["number"], {"published_at": row["published_at"], "summary": {}}
        )
        entry["summary"][row["locale__language_code"]] = row["summary"]
    found: dict[Any, list[dict[str, Any]]] = {}
    for key in keys:
        base = request.build_absolute_uri(reverse("opendata:consultation_paragraphs", args=[str(key)]))
        found[key] = []
        for number in sorted(set(kept[key]) | set(rows[key])):
            languages = sorted(kept[key].get(number, []), key=LANGUAGE_ORDER.index)
            row = rows[key].get(number, {})
            found[key].append(
                {
                    "number": number,
                    "published_at": row.get("published_at"),
                    "summary": row.get("summary", {}),
                    "languages": languages,
                    "paragraphs_url": {code: f"{base}?language={code}&version={number}" for code in languages},
                }
            )
    return found


def consultation_record(
    request: Any, versions: list[Any], figures: dict[str, Any], drafts: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """One consultation as the API shows it, from its public language versions."""
    main = original(versions)
    by_language = _by_language(versions)
    key = str(main.translation_key)
    phase = main.phase

    def link(name: str) -> str:
        return request.build_absolute_uri(reverse(f"opendata:{name}", args=[key]))

    published = phase == Phase.REPORT_PUBLISHED
    if drafts is None:
        drafts = draft_versions_of(request, [main.translation_key])[main.translation_key]
    for draft in drafts:
        if draft["number"] == 1 and draft["published_at"] is None:
            draft["published_at"] = first_published(main)
    return {
        "id": main.translation_key,
        "languages": list(by_language),
        "title": {code: page.title for code, page in by_language.items()},
        "slug": {code: page.slug for code, page in by_language.items()},
        "url": {code: page.get_full_url(request) for code, page in by_language.items()},
        "summary": {code: page.summary for code, page in by_language.items()},
        "phase": phase.value,
        "opens_at": main.opens_at,
        "closes_at": main.closes_at,
        "report_published_at": main.report_published_at if published else None,
        "time_zone": main.time_zone,
        "organiser": main.organiser.name if main.organiser else None,
        "municipalities": {code: [item.value for item in page.municipalities] for code, page in by_language.items()},
        "licence": main.licence,
        "licence_name": licence_name(main.licence),
        "licence_url": licence_url(main.licence),
        "current_version": max((draft["number"] for draft in drafts), default=1),
        "versions": drafts,
        "comment_count": figures.get("comments", 0),
        "answered_count": figures.get("answered", 0),
        "paragraphs_url": link("consultation_paragraphs"),
        "comments_url": request.build_absolute_uri(reverse("opendata:comments") + f"?consultation={key}"),
        "answers_url": request.build_absolute_uri(reverse("opendata:answers") + f"?consultation={key}"),
        "report_url": link("consultation_report") if published else None,
        "download_url": link("consultation_download"),
    }


def _modified(versions: Iterable[Any], figures: dict[str, Any]) -> Any:
    moments = [version.last_published_at for version in versions]
    moments += [figures.get(name) for name in ("created", "confirmed", "moderated", "responded")]
    return newest(moments)


def find_consultation(request: Any, key: str) -> list[Any]:
    """The public language versions of the consultation with this id, or a 404."""
    try:
        translation_key = uuid.UUID(key)
    except ValueError:
        raise NotFound(f"There is no consultation {key[:40]!r}: an id is a UUID.") from None
    versions = versions_of(request, [translation_key])[translation_key]
    if not versions:
        raise NotFound(f"There is no public consultation {key}.")
    return versions


def version_in(request: Any, versions: list[Any], thing: str = "consultation") -> Any:
    """The version in ?language= (400 for an unknown language, 404 for one it lacks)."""
    language = request.query_params.get("language")
    if language is None:
        return original(versions)
    if language not in LANGUAGE_ORDER:
        raise ValidationError({"language": [f"Not one of the site's languages: {', '.join(LANGUAGE_ORDER)}."]})
    by_language = _by_language(versions)
    if language not in by_language:
        raise NotFound(f"This {thing} has no version in {language!r}; it has {', '.join(by_language)}.")
    return by_language[language]


@documented("Consultations", serializers.ConsultationSerializer, many=True)
class ConsultationList(ConditionalGetMixin, generics.ListAPIView):
    """Consultations, the most recently opened first. A filter matches a consultation when one
    of its language versions matches it (?language=mk: those published in Macedonian)."""

    serializer_class = serializers.ConsultationSerializer
    filterset_class = filters.ConsultationFilter
    queryset = ConsultationPage.objects.none()  # for the schema; get_queryset reads the request

    def get_queryset(self) -> QuerySet:
        return public_consultations(self.request)

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        page_keys = keys_of_page(self)
        versions = versions_of(request, page_keys)
        figures = comment_figures(page_keys)
        drafts = draft_versions_of(request, page_keys)
        records = [consultation_record(request, versions[key], figures.get(key, {}), drafts[key]) for key in page_keys]
        self.last_modified = newest(_modified(versions[key], figures.get(key, {})) for key in page_keys)
        return self.get_paginated_response(self.get_serializer(records, many=True).data)


@documented("One consultation", serializers.ConsultationSerializer, parameters=[KEY_PARAMETER])
class ConsultationDetail(ConditionalGetMixin, APIView):
    """A consultation, with its titles, dates and counts in every language it is published in."""

    def get(self, request: Any, key: str) -> Response:
        versions = find_consultation(request, key)
        main = original(versions)
        figures = comment_figures([main.translation_key]).get(main.translation_key, {})
        self.last_modified = _modified(versions, figures)
        return Response(serializers.ConsultationSerializer(consultation_record(request, versions, figures)).data)


VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    description="The version of the draft (1, 2 …; default: the current one). The consultation lists its versions.",
)


def draft_number(request: Any) -> int | None:
    """?version= as a number, or None; 400 for anything but a whole number from 1."""
    value = request.query_params.get("version")
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ValidationError({"version": ["A version is a whole number from 1."]})
    return int(value)


@extend_schema(
    summary="A consultation's paragraphs in one language, of the current or an earlier version",
    parameters=[KEY_PARAMETER, LANGUAGE_PARAMETER, VERSION_PARAMETER],
    responses={200: serializers.ParagraphListSerializer, **ERRORS},
)
class ParagraphList(ConditionalGetMixin, APIView):
    """The draft, paragraph by paragraph, in the language asked for: the current version, or the
    one in ?version=. Comments name a paragraph by its `paragraph_id`, which is the same in every
    language and every version."""

    def get(self, request: Any, key: str) -> Response:
        page = version_in(request, find_consultation(request, key))
        number = draft_number(request)
        if number is None:
            rows = consultation_paragraphs(page)
        else:
            blocks = version_text(page, number)
            if blocks is None:
                raise NotFound(
                    f"This consultation has no version {number} of its draft in {page.locale.language_code!r}."
                )
            rows = version_paragraphs(number, blocks)
        self.last_modified = page.last_published_at
        return Response(
            serializers.ParagraphListSerializer(
                {
                    "consultation": page.translation_key,
                    "language": page.locale.language_code,
                    "version": rows[0]["version"] if rows else (number or newest_number(page)),
                    "count": len(rows),
                    "results": rows,
                }
            ).data
        )


def report_record(page: Any) -> dict[str, Any]:
    """The figures of the report page, with their labels in the page's language."""
    language = page.locale.language_code
    with translation.override(language):
        figures = report_figures(page)
        return {
            "consultation": page.translation_key,
            "language": language,
            **{name: figures[name] for name in ("total", "answered")},
            **{
                name: [{"label": str(bar.label), "count": bar.count, "percent": bar.percent} for bar in figures[name]]
                for name in ("by_section", "by_stance", "by_municipality", "other_municipalities", "by_decision")
            },
        }


@extend_schema(
    summary="A consultation's report figures (once the report is published)",
    parameters=[KEY_PARAMETER, LANGUAGE_PARAMETER],
    responses={200: serializers.ReportSerializer, **ERRORS},
)
class ReportFigures(ConditionalGetMixin, APIView):
    """The figures of the report page: comments by section, stance, municipality and decision,
    with their labels in the language asked for. 404 until the report is published."""

    def get(self, request: Any, key: str) -> Response:
        page = version_in(request, find_consultation(request, key))
        if page.phase != Phase.REPORT_PUBLISHED:
            raise NotFound("This consultation's report is not published yet.")
        self.last_modified = newest([page.last_published_at, page.report_published_at])
        return Response(serializers.ReportSerializer(report_record(page)).data)


def with_public_municipality(comments: list[Comment]) -> list[Comment]:
    """Give each comment the municipality its public page shows, in the comment's language:
    the name from the consultation's list (no query: the list is cached), else as written."""
    for comment in comments:
        chosen = name_of(comment.municipality_choice_id, comment.language) if comment.municipality_choice_id else ""
        comment.public_municipality = chosen or comment.municipality
    return comments


def comment_moments(comments: list[Comment]) -> Any:
    """When the listed comments last changed: written, confirmed, moderated, answered, redacted."""
    redacted = CommentRedaction.objects.filter(comment__in=[c.pk for c in comments]).aggregate(at=Max("redacted_at"))
    return newest(
        [
            redacted["at"],
            *(
                moment
                for comment in comments
                for moment in (comment.created_at, comment.confirmed_at, comment.moderated_at, comment.responded_at)
            ),
        ]
    )


@documented("Published comments", serializers.CommentSerializer, many=True)
class CommentList(ConditionalGetMixin, generics.ListAPIView):
    """Published comments and replies, oldest first."""

    serializer_class = serializers.CommentSerializer
    filterset_class = filters.CommentFilter
    queryset = Comment.objects.none()

    def get_queryset(self) -> QuerySet:
        return published_comments(self.request)

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        comments = with_public_municipality(self.paginate_queryset(self.filter_queryset(self.get_queryset())))
        self.last_modified = comment_moments(comments) if comments else None
        return self.get_paginated_response(self.get_serializer(comments, many=True).data)


@documented("Official answers", serializers.AnswerSerializer, many=True)
class AnswerList(CommentList):
    """The authority's answers to published comments, in the order of the comments."""

    serializer_class = serializers.AnswerSerializer
    filterset_class = filters.AnswerFilter

    def get_queryset(self) -> QuerySet:
        return published_comments(self.request).exclude(response="")
