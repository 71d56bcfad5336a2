"""What citizens and students wrote is kept: a page that holds their comments or entries cannot
be deleted, nor moved out of its site, from the admin. Each feature app says what its pages hold
through the Wagtail hook `describe_kept_records` (a function of a list of pages that returns a
sentence for the editor, or None); the admin's page delete, move and bulk actions ask them all
(core/wagtail_hooks.py)."""

from collections.abc import Iterable

from django.db.models import Q
from wagtail import hooks
from wagtail.models import Page

KEPT_RECORDS_HOOK = "describe_kept_records"


def within(pages: Iterable[Page], field: str = "path") -> Q:
    """Records of these pages or of any page below them: a deleted section takes its children."""
    query = Q(pk__in=[])
    for page in pages:
        query |= Q(**{f"{field}__startswith": page.path})
    return query


def reasons_to_keep(pages: Iterable[Page]) -> list[str]:
    """What the pages (and the pages below them) hold that must not be lost, in sentences."""
    pages = list(pages)
    return [reason for describe in hooks.get_hooks(KEPT_RECORDS_HOOK) if (reason := describe(pages))]
