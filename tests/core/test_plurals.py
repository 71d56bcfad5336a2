"""Plural forms read right in Macedonian, Albanian and Bulgarian for 1, 2, 5, 11, 21 and 101.

Each catalogue is compiled to a temporary .mo file with polib, the way `make messages` compiles
it, and loaded with the standard library's gettext, so the test checks the Plural-Forms header
and the msgstr[n] entries together, as the site uses them."""

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
COUNTS = (1, 2, 5, 11, 21, 101)

PLURAL_FORMS = {
    "mk": "nplurals=2; plural=(n % 10 == 1 && n % 100 != 11) ? 0 : 1;",
    "sq": "nplurals=2; plural=(n != 1);",
    "bg": "nplurals=2; plural=(n != 1);",
}

# For each language: (singular msgid, plural msgid, {count: expected text}).
EXPECTED = {
    "mk": [
        (
            "%(counter)s comment",
            "%(counter)s comments",
            {
                1: "1 коментар",
                2: "2 коментари",
                5: "5 коментари",
                11: "11 коментари",
                21: "21 коментар",
                101: "101 коментар",
            },
        ),
        (
            "See the %(counter)s comment on paragraph %(number)s",
            "See all %(counter)s comments on paragraph %(number)s",
            {
                1: "Видете 1 коментар на пасус 3",
                11: "Видете ги сите 11 коментари на пасус 3",
                21: "Видете 21 коментар на пасус 3",
                101: "Видете 101 коментар на пасус 3",
            },
        ),
        ("%(num)d day", "%(num)d days", {1: "1 ден", 2: "2 дена", 11: "11 дена", 21: "21 ден", 101: "101 ден"}),
        ("%(num)d month", "%(num)d months", {1: "1 месец", 5: "5 месеци", 11: "11 месеци", 21: "21 месец"}),
        ("%(counter)s word", "%(counter)s words", {1: "1 збор", 2: "2 зборови", 21: "21 збор", 101: "101 збор"}),
    ],
    "sq": [
        (
            "%(counter)s comment",
            "%(counter)s comments",
            {1: "1 koment", 2: "2 komente", 5: "5 komente", 11: "11 komente", 21: "21 komente", 101: "101 komente"},
        ),
        ("%(num)d minute", "%(num)d minutes", {1: "1 minutë", 2: "2 minuta", 21: "21 minuta", 101: "101 minuta"}),
        ("%(num)d year", "%(num)d years", {1: "1 vit", 2: "2 vjet", 11: "11 vjet", 21: "21 vjet"}),
        (
            "The link works once and expires in %(hours)s hour.",
            "The link works once and expires in %(hours)s hours.",
            {
                1: "Lidhja funksionon një herë dhe skadon pas 1 ore.",
                21: "Lidhja funksionon një herë dhe skadon pas 21 orësh.",
            },
        ),
    ],
    "bg": [
        (
            "%(counter)s comment",
            "%(counter)s comments",
            {
                1: "1 коментар",
                2: "2 коментара",
                5: "5 коментара",
                11: "11 коментара",
                21: "21 коментара",
                101: "101 коментара",
            },
        ),
        ("%(num)d day", "%(num)d days", {1: "1 ден", 2: "2 дни", 11: "11 дни", 21: "21 дни", 101: "101 дни"}),
        ("%(num)d month", "%(num)d months", {1: "1 месец", 2: "2 месеца", 21: "21 месеца"}),
        ("%(counter)s word", "%(counter)s words", {1: "1 дума", 5: "5 думи", 101: "101 думи"}),
    ],
}


def values(n: int) -> dict:
    return {"counter": n, "num": n, "count": n, "hours": n, "number": 3}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def catalogue(request, tmp_path_factory):
    language = request.param
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    mo = tmp_path_factory.mktemp(language) / "django.mo"
    po.save_as_mofile(str(mo))
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    return language, po, translations


def test_the_plural_forms_header_is_the_languages_rule(catalogue):
    language, po, _ = catalogue
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[language]


def test_the_plural_rule_picks_the_right_form(catalogue):
    language, _, translations = catalogue
    singular = {n for n in COUNTS if translations.plural(n) == 0}
    if language == "mk":
        # One for 1, 21, 31, 101 …, but not for 11 (n % 10 == 1 && n % 100 != 11).
        assert singular == {1, 21, 101}
        assert translations.plural(111) == 1 and translations.plural(31) == 0
    else:
        assert singular == {1}


def test_plural_entries_read_right(catalogue):
    language, _, translations = catalogue
    wrong = []
    for msgid, msgid_plural, expected in EXPECTED[language]:
        for n, text in expected.items():
            got = translations.ngettext(msgid, msgid_plural, n) % values(n)
            if got != text:
                wrong.append((msgid, n, got, text))
    assert not wrong, wrong


def test_every_plural_entry_has_every_form_and_keeps_its_counter(catalogue):
    """In Macedonian the "one" form also serves 21 and 101, so it must show the number whenever
    the English plural does; in Albanian and Bulgarian it serves 1 only and may leave it out."""
    language, po, _ = catalogue
    problems = []
    for entry in po:
        if entry.obsolete or not entry.msgid_plural:
            continue
        forms = [entry.msgstr_plural.get(i, "") for i in range(2)]
        if not all(forms):
            problems.append((entry.msgid, "missing form"))
            continue
        if language == "mk":
            for name in ("%(counter)s", "%(count)d", "%(num)d", "%(hours)s"):
                if name in entry.msgid_plural and name not in forms[0]:
                    problems.append((entry.msgid, f"the one-form (21, 101) lacks {name}"))
    assert not problems, problems


@pytest.mark.parametrize(
    ("language", "expected"),
    [("mk", "1 месец, 2 недели"), ("sq", "1 muaj, 2 javë"), ("bg", "1 месец, 2 седмици")],
)
def test_the_countdown_uses_the_projects_timesince_strings(language, expected):
    """Django's mk catalogue lacks the timesince strings and joins them with "," alone; the
    project's catalogue, which comes first, has them all."""
    import datetime

    from django.utils import timesince, translation

    start = datetime.datetime(2026, 1, 1, 12, 0)
    with translation.override(language):
        text = timesince.timeuntil(start + datetime.timedelta(days=31 + 14), now=start)
    assert text.replace("\xa0", " ") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("mk", "Внесете важечка адреса на е-пошта."),
        ("sq", "Shkruani një adresë të vlefshme e-maili."),
        ("bg", "Въведете валиден имейл адрес."),
    ],
)
def test_djangos_email_message_is_the_projects(language, expected):
    from django.core.validators import EmailValidator
    from django.utils import translation

    with translation.override(language):
        assert str(EmailValidator.message) == expected
