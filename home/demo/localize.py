"""Translate demo objects the way an editor does, through wagtail-localize: a translation
source per object, its PO file filled from the demo texts, then the translated object saved."""

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.strings import StringValue, extract_strings


def segment_pairs(source, target):
    """Pair the strings of two parallel JSON structures as wagtail-localize segments them."""
    if isinstance(source, dict) and isinstance(target, dict):
        for key, value in source.items():
            if key in target:
                yield from segment_pairs(value, target[key])
    elif isinstance(source, list) and isinstance(target, list):
        for source_item, target_item in zip(source, target, strict=False):
            yield from segment_pairs(source_item, target_item)
    elif isinstance(source, str) and isinstance(target, str):
        if source.lstrip().startswith("<"):
            _template, source_strings = extract_strings(source)
            _template, target_strings = extract_strings(target)
            for (source_value, _a), (target_value, _b) in zip(source_strings, target_strings, strict=False):
                yield source_value.data, target_value.data
        else:
            yield StringValue.from_plaintext(source).data, StringValue.from_plaintext(target).data


def translate_objects(objects, locale, strings):
    """Translate each object (snippets and pages, parents before children) into `locale`,
    taking every segment's translation from `strings` (source text → translated text)."""
    for obj in objects:
        # Updated from the object: a page translated before is translated again as it is now.
        source, _created = TranslationSource.update_or_create_from_instance(obj)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        po = translation.export_po()
        for entry in po:
            entry.msgstr = strings.get(entry.msgid, "")
        translation.import_po(po)
        if isinstance(obj, Page):
            # wagtail-localize publishes on commit; publish now instead, so that a parent's
            # deferred publish cannot overwrite the children added since.
            translation.save_target(publish=False)
            obj.get_translation(locale).get_latest_revision().publish()
        else:
            translation.save_target(publish=True)
