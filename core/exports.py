"""Spreadsheets that staff download (comments, entries, scores, ranking), as a person reads them:
labels instead of stored codes, in the exporter's language; times in the site's time zone as
ISO 8601 with the offset; and no cell that a spreadsheet would run as a formula (a title such as
=HYPERLINK(…) typed by a visitor stays text)."""

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# What a spreadsheet takes as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: Any) -> Any:
    """A cell's value that no spreadsheet runs: text that would start a formula gets a leading
    apostrophe, which spreadsheets show as text and do not display."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def local_iso(value: datetime.datetime) -> str:
    """A moment in the site's time zone, to the second, with its offset: 2026-11-30T18:00:00+01:00."""
    if timezone.is_naive(value):
        return value.isoformat(timespec="seconds")
    return timezone.localtime(value).isoformat(timespec="seconds")


def readable(value: Any) -> Any:
    """Any value as a person reads it in a cell: local ISO times, text for the rest."""
    if isinstance(value, datetime.datetime):
        return local_iso(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    return force_str(value)


def csv_cell(value: Any) -> Any:
    """A CSV cell: readable, and text that would start a formula marked as text."""
    return as_text(readable(value))


def xlsx_cell(value: Any) -> Any:
    """An XLSX cell's value (the cell is then written as text when it looks like a formula)."""
    return readable(value)


def spreadsheet(filename: str, headings: list[Any], rows: Iterable[list[Any]], export: str) -> HttpResponse:
    """A CSV (UTF-8 with a byte-order mark, for Excel) or XLSX download of the rows."""
    if export == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([csv_cell(heading) for heading in headings])
        writer.writerows([csv_cell(value) for value in row] for row in rows)
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in [headings, *rows]:
        cells = []
        for value in row:
            written = WriteOnlyCell(sheet, xlsx_cell(value))
            if written.data_type == "f":  # text that looks like a formula stays text
                written.data_type = "s"
            cells.append(written)
        sheet.append(cells)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    workbook.save(response)
    return response


class ReadableExportMixin:
    """For Wagtail's index views with spreadsheet export: choices exported as their labels (in the
    language of the admin's user), times as local ISO 8601, every cell safe from formulas."""

    FORMAT_CSV = "csv"
    FORMAT_XLSX = "xlsx"
    custom_value_preprocess = {
        object: {FORMAT_CSV: csv_cell, FORMAT_XLSX: xlsx_cell},
    }

    def setup(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)  # type: ignore[misc]
        # A CSV is streamed after the view has returned, when the admin's language (the user's
        # preference) is no longer active: its rows and headings are made in this one.
        self.export_language = translation.get_language()

    def get_heading(self, queryset: Any, field: str) -> str:
        with translation.override(self.export_language):
            return force_str(super().get_heading(queryset, field))  # type: ignore[misc]

    def to_row_dict(self, item: Any) -> Any:
        with translation.override(self.export_language):
            row = super().to_row_dict(item)  # type: ignore[misc]
            for name, value in row.items():
                try:
                    field = item._meta.get_field(name)
                except FieldDoesNotExist:
                    field = None
                if field is not None and field.choices:
                    row[name] = getattr(item, f"get_{name}_display")()
                elif isinstance(value, Promise):
                    row[name] = force_str(value)
            return row
