"""A consultation's open data as one download: a ZIP of CSV files with a README.txt.

The CSV files have the same columns as the API's fields (the serializers of
opendata/serializers.py are the one definition of both), so a script written against one reads
the other: comments.csv, answers.csv, paragraphs-<language>.csv for each language version, and
figures.csv once the report is published."""

import csv
import io
import zipfile
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from consultations.choices import Phase
from consultations.models import DraftVersionText
from consultations.versions import first_published
from core.licences import licence_name, licence_url
from opendata import serializers
from opendata.conditional import newest
from opendata.consultation_views import (
    _by_language,
    draft_versions_of,
    find_consultation,
    original,
    published_comments,
    report_record,
    with_public_municipality,
)
from opendata.paragraphs import PARAGRAPH_COLUMNS, consultation_paragraphs, version_paragraphs
from opendata.policy import OpenDataPolicy
from opendata.views import ERRORS, KEY_PARAMETER

FIGURE_COLUMNS = ("figure", "label", "count", "percent")
VERSION_COLUMNS = ("version", "published_at", "language", "summary", "text_kept")
FIGURES = ("by_section", "by_stance", "by_municipality", "other_municipalities", "by_decision")


def iso(moment: Any) -> str | None:
    """A moment as the API writes it (ISO 8601 in the site's time zone)."""
    return serializers.serializers.DateTimeField().to_representation(moment) if moment else None


def columns(serializer_class: Any) -> list[str]:
    return list(serializer_class().fields)


def _cell(value: Any) -> Any:
    """A JSON value as the CSV writes it: null empty, booleans as JSON spells them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_text(header: Iterable[str], rows: Iterable[dict[str, Any]]) -> str:
    """CSV in UTF-8 with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(header), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: _cell(row.get(name)) for name in writer.fieldnames})
    return out.getvalue()


def _describe(serializer_class: Any) -> str:
    lines = []
    for name, field in serializer_class().fields.items():
        lines.append(f"  {name}: {field.help_text or ''}".rstrip())
    return "\n".join(lines)


def readme(main: Any, languages: list[str], with_figures: bool, request: Any) -> str:
    """What the files are, column by column, where the data comes from, and its licence."""
    figures = (
        "figures.csv: the report's figures; one row per bar of its charts.\n"
        "  figure: by_section, by_stance, by_municipality, other_municipalities or by_decision\n"
        "  label, count, percent: as in the report (labels in the site's default language)\n"
        if with_figures
        else "figures.csv is not included: the report is not published yet.\n"
    )
    paragraphs = ", ".join(f"paragraphs-{code}.csv" for code in languages)
    return (
        f"{main.title}\n{'=' * len(main.title)}\n\n"
        f"Open data of the consultation {main.translation_key}, {main.get_full_url(request)}\n"
        f"Exported {timezone.now().isoformat(timespec='seconds')}.\n\n"
        f"Licence: {licence_name(main.licence)} ({main.licence}), {licence_url(main.licence)}\n"
        "Reuse it under these terms, naming the source: the consultation's title and address above.\n\n"
        "The same data, as JSON, is served by the API at /api/v1/ (the columns are the API's fields).\n\n"
        "All files are CSV, UTF-8 with a byte-order mark (so that spreadsheet programs read the letters\n"
        "right), comma-separated, with a header row. Dates are ISO 8601 with their\n"
        "offset from UTC. An empty cell is a value that is not given (JSON null).\n\n"
        "comments.csv: the published comments and replies, oldest first. Names are given only where the\n"
        "author chose to show them; e-mail addresses and other personal details are never included.\n"
        f"{_describe(serializers.CommentSerializer)}\n\n"
        "answers.csv: the official answers to the published comments.\n"
        f"{_describe(serializers.AnswerSerializer)}\n\n"
        f"{paragraphs}: every version of the draft in each language, oldest first, one row per\n"
        "paragraph. A paragraph keeps its paragraph_id from version to version.\n"
        f"{_describe(serializers.ParagraphSerializer)}\n\n"
        "versions.csv: the versions of the draft, one row per version and language.\n"
        "  version: 1, 2 …\n"
        "  published_at: when the version was published\n"
        "  language: the language of the summary\n"
        "  summary: what changed since the previous version (empty for the first)\n"
        "  text_kept: whether the text of this version can be read in this language\n\n"
        f"{figures}"
    )


def consultation_zip(request: Any, versions: list[Any]) -> bytes:
    main = original(versions)
    by_language = _by_language(versions)
    comments = with_public_municipality(
        list(published_comments(request).filter(consultation_key=main.translation_key))
    )
    files = {
        "comments.csv": csv_text(
            columns(serializers.CommentSerializer), serializers.CommentSerializer(comments, many=True).data
        ),
        "answers.csv": csv_text(
            columns(serializers.AnswerSerializer),
            serializers.AnswerSerializer([c for c in comments if c.response], many=True).data,
        ),
    }
    kept = DraftVersionText.objects.filter(consultation_key=main.translation_key).order_by("number")
    texts: dict[str, list[dict[str, Any]]] = {}
    for text in kept:
        texts.setdefault(text.language, []).extend(version_paragraphs(text.number, text.blocks))
    for code, page in by_language.items():
        # Every version of the draft in this language, oldest first (the current one last).
        files[f"paragraphs-{code}.csv"] = csv_text(PARAGRAPH_COLUMNS, texts.get(code) or consultation_paragraphs(page))
    drafts = draft_versions_of(request, [main.translation_key])[main.translation_key]
    for draft in drafts:
        if draft["number"] == 1 and draft["published_at"] is None:
            draft["published_at"] = first_published(main)
    files["versions.csv"] = csv_text(
        VERSION_COLUMNS,
        (
            {
                "version": draft["number"],
                "published_at": iso(draft["published_at"]),
                "language": code,
                "summary": draft["summary"].get(code, ""),
                "text_kept": code in draft["languages"],
            }
            for draft in drafts
            for code in by_language
        ),
    )
    with_figures = main.phase == Phase.REPORT_PUBLISHED
    if with_figures:
        record = report_record(main)
        files["figures.csv"] = csv_text(
            FIGURE_COLUMNS, ({"figure": name, **bar} for name in FIGURES for bar in record[name])
        )
    files["README.txt"] = readme(main, list(by_language), with_figures, request)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            # The CSV files start with a byte-order mark: spreadsheet programs then read them as
            # UTF-8 (Cyrillic and Albanian letters intact) instead of the system's code page.
            archive.writestr(name, text.encode("utf-8-sig" if name.endswith(".csv") else "utf-8"))
    return buffer.getvalue()


class AnyAccept(BaseContentNegotiation):
    """The ZIP is the answer whatever the client accepts; errors are JSON."""

    def select_parser(self, request: Any, parsers: list) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Any, renderers: list, format_suffix: str | None = None) -> Any:
        return (renderers[0], renderers[0].media_type)


class ConsultationDownload(OpenDataPolicy, APIView):
    """comments.csv, answers.csv, paragraphs-<language>.csv (every version of the draft),
    versions.csv and (once the report is out) figures.csv, with a README.txt on the columns and
    the licence."""

    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="A consultation's open data as a ZIP of CSV files",
        operation_id="consultations_download",
        parameters=[KEY_PARAMETER],
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="comments.csv, answers.csv, ..."
            ),
            **ERRORS,
        },
    )
    def get(self, request: Any, key: str) -> HttpResponse:
        versions = find_consultation(request, key)
        main = original(versions)
        response = HttpResponse(consultation_zip(request, versions), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="consultation-{main.slug}.zip"'
        modified = newest(page.last_published_at for page in versions)
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
        return response


consultation_download = ConsultationDownload.as_view()
