"""Search per language; PostgreSQL has no stemmer for mk, sq or bg, so the "simple"
configuration with prefix matching must find words in each of them."""

import pytest

from tests.conftest import translate
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(site_tree):
    article = NewsPageFactory(
        parent=site_tree.news_index, title="Youth employment in Kratovo", slug="youth", lead="Young people stay."
    )
    translate(article, "mk", title="Младинско вработување во Кратово", lead="Младите остануваат дома.")
    translate(article, "sq", title="Punësimi i të rinjve në Kukës", lead="Të rinjtë qëndrojnë në vendlindje.")
    translate(article, "bg", title="Гражданско участие в Кюстендил", lead="Младежите остават у дома.")
    return article


@pytest.mark.parametrize(
    "language,query,expected",
    [
        ("en", "Kratovo", "Youth employment in Kratovo"),
        ("mk", "Кратово", "Младинско вработување во Кратово"),
        ("mk", "кратово", "Младинско вработување во Кратово"),
        ("mk", "младинск", "Младинско вработување во Кратово"),
        ("sq", "Kukës", "Punësimi i të rinjve në Kukës"),
        ("sq", "punësim", "Punësimi i të rinjve në Kukës"),
        ("bg", "Кюстендил", "Гражданско участие в Кюстендил"),
        ("bg", "гражданск", "Гражданско участие в Кюстендил"),
    ],
)
def test_search_finds_words_in_each_language(client, articles, language, query, expected):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_search_shows_only_the_visitors_language(client, articles):
    html = client.get("/sq/search/", {"q": "Kratovo"}).content.decode()
    assert "Youth employment in Kratovo" not in html
    assert "Младинско" not in html


def test_search_without_results_says_so(client, articles):
    html = client.get("/en/search/", {"q": "zzzqqq"}).content.decode()
    assert "0 results" in html


@pytest.mark.parametrize(
    "query,message",
    [
        ("", "Type a word or two to search for."),
        ("   ", "Type a word or two to search for."),
        ("x" * 201, "Please search for at most 200 characters."),
        ("!!! ??? ...", "Type at least one letter or number to search for."),
        ("kratovo\x00", "invisible control characters"),
    ],
)
def test_bad_search_input_gets_a_clear_message_not_a_500(client, site_tree, query, message):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_markup_in_search_is_shown_as_text(client, articles):
    html = client.get("/en/search/", {"q": "<script>alert(1)</script> Kratovo"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_unusual_unicode_in_search_is_handled(client, articles):
    for query in ("🙂 Kratovo", "שלום", "Ǩ̈ratovo", "\u202eKratovo"):
        response = client.get("/en/search/", {"q": query})
        assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "language,message",
    [
        ("mk", "Внесете збор или два што сакате да ги пребарате."),
        ("sq", "Shkruani një ose dy fjalë për të kërkuar."),
        ("bg", "Въведете една или две думи за търсене."),
    ],
)
def test_search_errors_are_in_the_visitors_language(client, site_tree, language, message):
    response = client.get(f"/{language}/search/", {"q": ""})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.fixture
def articles_with_body_words(site_tree):
    """Articles whose inflected word stands only in the lead or the body, not in the title."""
    article = NewsPageFactory(
        parent=site_tree.news_index,
        title="A study of the labour market",
        slug="labour-market",
        lead="Employers in the north-east were asked what they need.",
    )
    translate(article, "mk", title="Студија за пазарот на труд", lead="Ги прашавме работодавците што им треба.")
    translate(article, "sq", title="Studim i tregut të punës", lead="I pyetëm punëdhënësit se çfarë u nevojitet.")
    translate(
        article, "bg", title="Проучване на пазара на труда", lead="Попитахме работодателите от какво имат нужда."
    )
    return article


@pytest.mark.parametrize(
    "language,query,expected",
    [
        ("en", "employ", "A study of the labour market"),
        ("mk", "работодав", "Студија за пазарот на труд"),
        ("sq", "punëdhën", "Studim i tregut të punës"),
        ("bg", "работодат", "Проучване на пазара на труда"),
    ],
)
def test_the_beginning_of_a_word_finds_it_in_the_text_not_only_in_titles(
    client, articles_with_body_words, language, query, expected
):
    html = client.get(f"/{language}/search/", {"q": query}).content.decode()
    assert expected in html
    others = {"en": "A study of the labour market", "mk": "Студија за пазарот на труд"}
    for code, title in others.items():
        if code != language:
            assert title not in html  # results stay in the page's language


def test_whole_words_come_before_the_beginnings_of_words(client, site_tree):
    NewsPageFactory(parent=site_tree.news_index, title="Beginnings", slug="b", lead="Youthful ideas")
    NewsPageFactory(parent=site_tree.news_index, title="Whole", slug="w", lead="Youth ideas")
    html = client.get("/en/search/", {"q": "youth"}).content.decode()
    assert html.index("Whole") < html.index("Beginnings")
