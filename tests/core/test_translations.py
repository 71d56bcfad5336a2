"""Every public string is translated into Macedonian, Albanian and Bulgarian, and every
translation keeps the placeholders of its English original."""

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


@pytest.mark.parametrize("language", ["mk", "sq", "bg"])
def test_every_string_is_translated_with_its_placeholders(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    assert not missing, missing[:5]
    wrong = []
    for entry in catalogue.translated_entries():
        originals = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        expected = set(PLACEHOLDER.findall(" ".join(originals)))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            if set(PLACEHOLDER.findall(translation)) - expected or (
                not entry.msgid_plural and set(PLACEHOLDER.findall(translation)) != expected
            ):
                wrong.append((entry.msgid, translation))
    assert not wrong, wrong[:5]
