"""The report page, "notify me when the report is published", and the fixed query count of a
consultation page however many comments it has."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale

from consultations import report
from consultations.choices import Status
from consultations.models import ReportSubscription
from tests.factories import CommentFactory, make_consultation

pytestmark = pytest.mark.django_db


def paragraph_ids(page):
    return [p.block_id for section in page.sections() for p in section.paragraphs]


def route(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args)


@pytest.fixture
def reported(consultations):
    page = consultations["closed"]
    page.report_published_at = page.closes_at + datetime.timedelta(days=5)
    page.report_summary = "<p>We received comments online and at a public meeting.</p>"
    page.report_changes = "<p>Internships are now paid from the first month.</p>"
    page.save_revision().publish()
    ids = paragraph_ids(page)
    CommentFactory(
        consultation=page,
        paragraph_id=ids[1],
        stance="oppose",
        municipality="Kratovo",
        decision="accepted",
        response="Internships are now paid.",
    )
    CommentFactory(consultation=page, paragraph_id=ids[1], stance="support", municipality="Kratovo")
    CommentFactory(
        consultation=page,
        paragraph_id=ids[3],
        stance="question",
        municipality="Kumanovo",
        decision="noted",
        response="Transport is a matter for the regional plan.",
    )
    CommentFactory(consultation=page, stance="change", status=Status.REJECTED)
    return page


def test_the_report_is_not_public_before_it_is_published(client, consultations):
    assert client.get(route(consultations["closed"], "report")).status_code == 404
    assert client.get(route(consultations["open"], "report")).status_code == 404


def test_the_report_shows_figures_with_a_chart_and_every_answer(client, reported):
    response = client.get(route(reported, "report"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "We received comments online and at a public meeting." in html
    assert "Internships are now paid from the first month." in html
    assert "3 published comments" in html
    assert "2 answered" in html
    for caption in ("Comments by section", "Comments by position", "Comments by municipality"):
        assert caption in html
    assert re.search(r'<progress class="bar" value="67" max="100"', html)  # two of three in Kratovo
    assert "Transport is a matter for the regional plan." in html
    assert "Noted / out of scope" in html


def test_the_consultation_page_links_to_its_published_report(client, reported):
    html = client.get(reported.url).content.decode()
    assert route(reported, "report") in html
    assert "Notify me" not in html


def test_the_report_renders_in_another_language(client, reported):
    from tests.conftest import translate

    mk = translate(reported, "mk", title="Стар план")
    response = client.get(route(mk, "report"))
    assert response.status_code == 200
    assert "Internships are now paid." in response.content.decode()


def confirm_link(mail, name):
    return re.search(rf"https?://\S+/{name}/\S+/", mail.body).group(0)


def test_notify_me_is_double_opt_in_and_sent_once_in_the_subscribers_language(client, consultations, mailoutbox):
    page = consultations["open"]
    mk = page.get_translation(Locale.objects.get(language_code="mk"))
    response = client.post(route(mk, "notify"), {"email": "Reader@Example.org", "consent": "on"})
    assert response.status_code == 200
    subscription = ReportSubscription.objects.get()
    assert subscription.email == "reader@example.org" and subscription.language == "mk"
    assert subscription.confirmed_at is None
    assert len(mailoutbox) == 1
    confirm = confirm_link(mailoutbox[0], "notify/confirm")
    assert "/mk/" in confirm
    assert client.get(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert client.get(confirm).status_code == 400  # single use

    call_command("send_report_notifications", stdout=io.StringIO())
    assert len(mailoutbox) == 1  # no report yet

    page.closes_at = timezone.now() - datetime.timedelta(days=2)
    page.report_published_at = timezone.now() - datetime.timedelta(days=1)
    page.save_revision().publish()
    mk.closes_at, mk.report_published_at = page.closes_at, page.report_published_at
    mk.save_revision().publish()
    call_command("send_report_notifications", stdout=io.StringIO())
    assert len(mailoutbox) == 2
    assert "/mk/" in mailoutbox[1].body and "/report/" in mailoutbox[1].body
    assert not ReportSubscription.objects.exists()  # the address was kept only for this


def test_notify_me_needs_consent_and_a_valid_address(client, consultations, mailoutbox):
    response = client.post(route(consultations["open"], "notify"), {"email": "nope"})
    assert response.status_code == 400
    assert not ReportSubscription.objects.exists()
    assert mailoutbox == []


def test_an_unconfirmed_subscription_can_be_cancelled_from_the_email(client, consultations, mailoutbox):
    page = consultations["open"]
    client.post(route(page, "notify"), {"email": "reader@example.org", "consent": "on"})
    stop = re.search(r"https?://\S+/notify/stop/\S+/", mailoutbox[0].body).group(0)
    assert client.get(stop).status_code == 200
    assert ReportSubscription.objects.exists()  # a GET changes nothing
    client.post(stop)
    assert not ReportSubscription.objects.exists()
    assert client.get(route(page, "unsubscribe", "Zm9yZ2Vk")).status_code == 200


def make_draft(paragraph_count):
    draft = []
    for number in range(paragraph_count):
        if number % 8 == 0:
            draft.append({"type": "section", "value": f"Section {number // 8 + 1}"})
        draft.append({"type": "paragraph", "value": f"<p>Paragraph {number + 1} of the long draft.</p>"})
    return draft


def count_queries(client, django_assert_max_num_queries, page, limit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(page.url).status_code == 200  # warm the per-process caches (site root paths)
    with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as queries:
        client.get(page.url)
    return len(queries)


def test_a_page_with_40_paragraphs_and_2000_comments_needs_no_more_queries_than_with_10(
    client, consultations, django_assert_max_num_queries
):
    small = make_consultation(consultations["index"], "small", -3, draft=make_draft(40))
    large = make_consultation(consultations["index"], "large", -3, draft=make_draft(40))
    for page, count in ((small, 10), (large, 2000)):
        ids = paragraph_ids(page)
        comments = [
            CommentFactory.build(consultation=page, paragraph_id=ids[n % len(ids)], text=f"Comment {n}")
            for n in range(count)
        ]
        for comment in comments:
            comment.consultation_key = page.translation_key
            comment.paragraph_number = ids.index(comment.paragraph_id) + 1
            comment.paragraph_text = f"Paragraph {comment.paragraph_number} of the long draft."
        type(comments[0]).objects.bulk_create(comments)
    small_queries = count_queries(client, django_assert_max_num_queries, small, 20)
    large_queries = count_queries(client, django_assert_max_num_queries, large, 20)
    assert large_queries == small_queries
    html = client.get(large.url).content.decode()
    assert "Comment 1999" in html  # the newest threads show under their paragraph
    assert "Comment 0:" not in html and "Comment 0<" not in html  # the oldest are on the paragraph's own page
    first = paragraph_ids(large)[0]
    assert f"comments/{first}/" in html
    all_on_first = client.get(large.url + large.reverse_subpage("paragraph_comments", args=[first]))
    assert all_on_first.status_code == 200 and "Comment 0<" in all_on_first.content.decode().replace("\n", "")


def test_a_report_on_many_comments_lists_the_answered_ones_and_links_to_all_with_complete_figures(
    client, reported, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(report, "REPORT_ALL_COMMENTS_UP_TO", 2)
    url = reported.url + reported.reverse_subpage("report")
    client.get(url)
    with django_assert_max_num_queries(21):  # 20, and the draft's versions
        response = client.get(url)
    html = response.content.decode()
    assert "There are 3 comments; the report shows the comments with an official answer" in html
    assert "Internships are now paid." in html and "Transport is a matter for the regional plan." in html
    # The comment without an answer is on its paragraph's page, linked from the report.
    first_paragraph = paragraph_ids(reported)[1]
    assert f"comments/{first_paragraph}/" in html
    assert "See all 2 comments on paragraph 2" in html
    # The figures still count every published comment.
    assert "3 published comments" in html
    assert re.search(r"Kratovo</t[hd]>\s*<td[^>]*>2</td>", html)


def report_comment_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the per-process caches (site, root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries), sum("consultations_comment" in query["sql"] for query in queries)


def test_a_report_on_many_comments_reads_them_in_three_queries_however_many_there_are(client, reported, monkeypatch):
    monkeypatch.setattr(report, "REPORT_ALL_COMMENTS_UP_TO", 2)
    url = route(reported, "report")
    ids = paragraph_ids(reported)
    few_total, few = report_comment_queries(client, url)
    for n in range(30):
        top = CommentFactory(consultation=reported, paragraph_id=ids[n % len(ids)], response=f"Answer {n}.")
        CommentFactory(consultation=reported, parent=top, paragraph_id=top.paragraph_id)
    many_total, many = report_comment_queries(client, url)
    # The counts by paragraph (threads and replies together), the answered comments, and the
    # figures by stance, decision and municipality.
    assert few == many == 3
    assert many_total == few_total
    assert "Answer 29." in client.get(url).content.decode()


def test_a_kept_report_reads_no_comments_until_one_changes(client, reported, kept_fragments):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = route(reported, "report")
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as captured:
        second = client.get(url).content.decode()
    assert second == first
    assert not any("consultations_comment" in query["sql"] for query in captured)
    from consultations.models import Comment

    comment = Comment.objects.get(response="Transport is a matter for the regional plan.")
    comment.response = "Transport is now part of the plan."
    comment.save()  # an answer changed: the report is rendered again
    third = client.get(url).content.decode()
    assert "Transport is now part of the plan." in third
    assert "Transport is a matter for the regional plan." not in third


def test_the_kept_report_is_kept_per_language(client, reported, kept_fragments):
    from tests.conftest import translate

    english = client.get(route(reported, "report")).content.decode()
    macedonian_page = translate(reported, "mk", title="Стар план")
    macedonian = client.get(route(macedonian_page, "report")).content.decode()
    assert 'lang="en"' in english and 'lang="mk"' in macedonian
    assert "Извештај" in macedonian and "Извештај" not in english
