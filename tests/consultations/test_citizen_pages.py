"""The shared error summary on every public form (comment, subscription, contact, sign-in), each
item linking to its field; the news index's headings without a skipped level; the report's
official responses each with an own accessible name; and authors' names isolated with <bdi>."""

import re

import pytest

from consultations.choices import Decision, Status
from tests.consultations.test_comments import comment_url, in_language
from tests.factories import CommentFactory, NewsPageFactory
from tests.home.test_contact import contact_page  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def summary_of(html):
    start = html.index("data-error-summary")
    return html[start : html.index("</div>", start)]


def assert_links_to_fields(html, ids):
    summary = summary_of(html)
    for field_id in ids:
        assert f'href="#{field_id}"' in summary, field_id
        assert f'id="{field_id}"' in html, field_id
    assert html.count("data-error-summary") == 1
    assert 'class="alert alert-danger" role="alert">' not in html.replace(summary, "")  # no old alert line


def test_the_subscribe_form_has_the_error_summary(client, consultations):
    page = consultations["open"]
    response = client.post(page.url + page.reverse_subpage("notify"), {"email": "nope"})
    assert response.status_code == 400
    assert_links_to_fields(response.content.decode(), ["id_email", "id_consent"])


def test_the_contact_form_has_the_error_summary(client, contact_page):  # noqa: F811
    response = client.post("/en/contact/", {"your_name": "", "your_e_mail": "nope", "message": ""})
    html = response.content.decode()
    assert_links_to_fields(html, ["id_your_name", "id_your_e_mail", "id_message"])
    assert "Please correct the errors below." not in html


def test_the_sign_in_form_has_the_error_summary(client, site_tree):
    response = client.post("/mk/login/", {"username": "", "password": ""})
    assert_links_to_fields(response.content.decode(), ["id_username", "id_password"])
    wrong = client.post("/mk/login/", {"username": "nobody", "password": "wrong"}).content.decode()
    assert "data-error-summary" in wrong and "<title>" in wrong
    assert re.search(r"<title>[^<]+:", wrong)  # the title starts with the "Error" prefix


def test_the_comment_form_has_only_the_summary_for_a_vanished_paragraph(client, consultations):
    page = consultations["open"]
    response = client.post(comment_url(page), {"paragraph": "gone", "stance": "support", "text": "Long enough text."})
    html = response.content.decode()
    assert "This paragraph is no longer in the draft" in summary_of(html)
    assert '<div class="alert alert-danger">' not in html


def test_the_news_index_headings_go_from_h1_to_h2_to_h3(client, site_tree):
    NewsPageFactory(parent=site_tree.news_index, title="Forum founded", slug="forum")
    html = client.get(site_tree.news_index.url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1 and 3 in levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_each_official_response_in_the_report_has_its_own_name(client, consultations):
    page = consultations["closed"]
    page.report_published_at = page.closes_at
    page.save_revision().publish()
    for _ in range(3):
        CommentFactory(consultation=page, author_name="", show_name=False, decision=Decision.NOTED, response="Noted.")
    html = client.get(page.url + page.reverse_subpage("report")).content.decode()
    sections = re.findall(r'<section class="official-response" aria-labelledby="([^"]+)"', html)
    assert len(sections) == 3 and len(set(sections)) == 3
    names = [
        re.sub(r"<[^>]+>|\s+", " ", re.search(rf'id="{ref}">(.*?)</strong>', html, re.S).group(1)).strip()
        for ref in sections
    ]
    assert len(set(names)) == 3, names
    assert 'aria-label="Official response"' not in html


def test_authors_names_are_isolated_with_bdi(client, consultations):
    page = consultations["open"]
    comment = CommentFactory(consultation=page, author_name="مریم <b>", organisation="انجمن", status=Status.PUBLISHED)
    html = client.get(page.url).content.decode()
    assert "<bdi>مریم &lt;b&gt;</bdi>" in html and "<bdi>انجمن</bdi>" in html
    reply = client.get(comment_url(page), {"reply_to": comment.pk}).content.decode()
    assert "<bdi>مریم &lt;b&gt;</bdi>" in reply


def test_on_a_phone_the_dates_and_main_action_come_before_the_draft(client, consultations):
    html = client.get(in_language(consultations["open"], "mk").url).content.decode()
    glance = html.index("consultation-at-a-glance")
    assert glance < html.index('id="draft-heading"')
    assert "#comment-form" in html[glance : html.index('id="draft-heading"')]


def test_a_refused_name_is_told_why_once_not_also_asked_for(client, consultations):
    from tests.consultations.test_comments import post_comment

    response = post_comment(client, consultations["open"], author_name="Ana \u202eodnaG")
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Please give your name" not in html
    assert 'href="#id_author_name"' in summary_of(html)
