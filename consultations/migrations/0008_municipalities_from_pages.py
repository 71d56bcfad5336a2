"""Municipalities become a managed list: each consultation's list of municipalities concerned
becomes municipality snippets (an item and its translations, which share a block id, become one
municipality in several languages), chosen on the consultation for its comment form; then each
comment's municipality, written by hand, is linked to the municipality of that name in any
language, ignoring case. The text the author wrote is kept in every case."""

import uuid

from django.conf import settings
from django.db import migrations


def _same(name):
    return " ".join(name.split()).casefold()


def forwards(apps, schema_editor):
    Municipality = apps.get_model("consultations", "Municipality")
    ConsultationPage = apps.get_model("consultations", "ConsultationPage")
    Comment = apps.get_model("consultations", "Comment")
    Locale = apps.get_model("wagtailcore", "Locale")
    through = ConsultationPage._meta.get_field("comment_municipalities").remote_field.through
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if default is None:
        return

    # The items of the pages' lists: (consultation, block id) → {locale id: name}.
    groups = {}
    pages = list(ConsultationPage.objects.all())
    for page in pages:
        for block in page.municipalities:
            name = str(block.value or "").strip()[:100]
            if name:
                groups.setdefault((page.translation_key, block.id), {})[page.locale_id] = name

    known = list(Municipality.objects.all())
    chosen = {}  # consultation translation key → default-language municipalities
    for (page_key, _block), names in groups.items():
        wanted = {_same(name) for name in names.values()}
        match = next((m for m in known if _same(m.name) in wanted), None)
        key = match.translation_key if match else uuid.uuid4()
        have = {m.locale_id for m in known if m.translation_key == key}
        for locale_id, name in {default.pk: next(iter(names.values())), **names}.items():
            if locale_id in have:
                continue
            known.append(Municipality.objects.create(translation_key=key, locale_id=locale_id, name=name))
            have.add(locale_id)
        source = next(m for m in known if m.translation_key == key and m.locale_id == default.pk)
        chosen.setdefault(page_key, set()).add(source.pk)
    for page in pages:
        for pk in chosen.get(page.translation_key, ()):
            through.objects.get_or_create(consultationpage_id=page.pk, municipality_id=pk)

    # Link the comments whose municipality is one of these by name, in any language.
    by_name = {}
    for municipality in sorted(known, key=lambda m: m.locale_id != default.pk):
        by_name.setdefault(_same(municipality.name), municipality.pk)
    for comment in Comment.objects.filter(municipality_choice=None).exclude(municipality=""):
        pk = by_name.get(_same(comment.municipality))
        if pk is not None:
            Comment.objects.filter(pk=comment.pk).update(municipality_choice_id=pk)


def backwards(apps, schema_editor):
    """The links go; the snippets stay (they may be in use elsewhere) and so does every text."""
    Comment = apps.get_model("consultations", "Comment")
    Comment.objects.update(municipality_choice=None)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0007_municipalities_redactions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
