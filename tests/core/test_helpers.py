"""Small pieces of logic, tested without a request."""

import base64

import pytest
from django.core.exceptions import ValidationError

from core.forms import reject_control_characters
from core.i18n import language_name
from core.templatetags.glas_tags import default_version, protected_email
from home.demo.localize import segment_pairs
from home.forms import SearchForm


@pytest.mark.parametrize("code,name", [("en", "English"), ("mk", "Македонски"), ("sq", "Shqip"), ("bg", "Български")])
def test_languages_are_named_in_their_own_language(code, name):
    assert language_name(code) == name


@pytest.mark.parametrize("text", ["Кратово\n\tКуманово", "Kukës 🙂", "שלום", "\u2067abc\u2069"])
def test_ordinary_text_passes_the_control_character_check(text):
    reject_control_characters(text)


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "escape\x1b[31m"])
def test_control_characters_are_refused(text):
    with pytest.raises(ValidationError):
        reject_control_characters(text)


def test_search_query_whitespace_is_collapsed():
    form = SearchForm({"q": "  млади   Кратово "})
    assert form.is_valid()
    assert form.cleaned_data["q"] == "млади Кратово"


def test_protected_email_does_not_contain_the_address():
    html = protected_email("office@glas.example.org")
    assert "office@glas.example.org" not in html
    encoded = html.split('data-address="')[1].split('"')[0]
    assert base64.b64decode(encoded).decode()[::-1] == "office@glas.example.org"


def test_x_default_is_english_when_translated_else_the_first_translation():
    versions = [{"code": "en", "url": None}, {"code": "mk", "url": "/mk/a/"}, {"code": "sq", "url": "/sq/a/"}]
    assert default_version(versions)["code"] == "mk"
    versions[0]["url"] = "/en/a/"
    assert default_version(versions)["code"] == "en"
    assert default_version([{"code": "en", "url": None}]) is None


def test_demo_texts_are_paired_segment_by_segment():
    english = {"title": "News & views", "body": ["<p>One.</p><p>Two <strong>bold</strong>.</p>"], "extra": "x"}
    macedonian = {"title": "Вести и ставови", "body": ["<p>Едно.</p><p>Две <strong>задебелено</strong>.</p>"]}
    pairs = dict(segment_pairs(english, macedonian))
    assert pairs["News &amp; views"] == "Вести и ставови"
    assert pairs["One."] == "Едно."
    assert pairs["Two <strong>bold</strong>."] == "Две <strong>задебелено</strong>."


def test_a_long_pager_shows_the_ends_and_two_pages_either_side_of_the_current_one():
    from django.core.paginator import Paginator

    from core.templatetags.glas_tags import page_numbers

    paginator = Paginator(range(10_000), 10)
    assert page_numbers(paginator.page(500)) == [1, None, 498, 499, 500, 501, 502, None, 1000]
    assert page_numbers(paginator.page(1)) == [1, 2, 3, None, 1000]
    assert page_numbers(Paginator(range(50), 10).page(3)) == [1, 2, 3, 4, 5]
