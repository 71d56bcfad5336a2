"""The moderators' tools: the dashboard panel of waiting comments, the waiting count on the
Comments menu item (in a fixed number of queries), and entering a comment received offline."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from consultations.choices import Channel, Status
from consultations.models import Comment
from core import roles
from tests.factories import CommentFactory, UserFactory, make_consultation

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(Comment.snippet_viewset.get_url_name(name), args=args)


def user_in(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def test_the_dashboard_lists_waiting_comments_per_consultation_with_links(client, consultations):
    page = consultations["open"]
    CommentFactory.create_batch(2, consultation=page, status=Status.PENDING)
    CommentFactory(consultation=page)  # published: not waiting
    client.force_login(user_in(roles.MODERATORS))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Comments waiting for moderation" in html
    link = url("list") + "?" + urlencode({"consultation_key": page.translation_key, "status": "pending"})
    assert f'<a href="{link.replace("&", "&amp;")}">Youth strategy</a>' in html
    assert "Comments (2)" in html  # the menu item's badge


@pytest.mark.parametrize("role", [roles.EDITORS, roles.TRANSLATORS, roles.JURY])
def test_others_see_no_panel_and_no_badge(client, consultations, role):
    CommentFactory(consultation=consultations["open"], status=Status.PENDING)
    client.force_login(user_in(role))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Comments waiting for moderation" not in html
    assert "Comments (" not in html


def test_the_filtered_link_shows_only_that_consultations_waiting_comments(client, consultations):
    page, other = consultations["open"], consultations["closed"]
    CommentFactory(consultation=page, status=Status.PENDING, text="Waiting on the youth strategy.")
    CommentFactory(consultation=other, status=Status.PENDING, text="Waiting on the old plan.")
    client.force_login(user_in(roles.MODERATORS))
    html = client.get(url("list"), {"consultation_key": page.translation_key, "status": "pending"}).content.decode()
    assert "Waiting on the youth strategy." in html
    assert "Waiting on the old plan." not in html


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
    return len(queries)


def test_the_panel_and_badge_cost_the_same_queries_however_many_consultations(client, consultations):
    client.force_login(user_in(roles.MODERATORS))
    CommentFactory(consultation=consultations["open"], status=Status.PENDING)
    dashboard_queries(client)  # warm Wagtail's own caches
    few = dashboard_queries(client)
    for n in range(6):
        page = make_consultation(consultations["index"], f"extra-{n}", -1)
        CommentFactory.create_batch(3, consultation=page, status=Status.PENDING)
    many = dashboard_queries(client)
    assert many == few
    assert "Comments (19)" in client.get(reverse("wagtailadmin_home")).content.decode()


# --- A comment received offline --------------------------------------------------------------


def test_offline_entry_asks_for_the_consultation_first_then_offers_its_paragraphs(client, consultations):
    page = consultations["open"]
    client.force_login(user_in(roles.MODERATORS))
    step_one = client.get(url("add")).content.decode()
    assert "Step 1 of 2" in step_one
    assert f'<option value="{page.pk}">Youth strategy (English)</option>' in step_one
    step_two = client.get(url("add"), {"consultation": page.pk}).content.decode()
    first = next(p for s in page.sections() for p in s.paragraphs)
    assert f'value="{first.block_id}"' in step_two
    assert f"{first.number}. " in step_two


def test_a_bad_consultation_gives_the_first_step_again_with_an_error(client, consultations):
    client.force_login(user_in(roles.MODERATORS))
    response = client.get(url("add"), {"consultation": "999999"})
    assert "Step 1 of 2" in response.content.decode()
    assert response.context["form"].errors


def test_a_moderator_enters_a_letter_on_a_paragraph(client, consultations):
    page = consultations["open"]
    target = [p for s in page.sections() for p in s.paragraphs][1]
    client.force_login(user_in(roles.MODERATORS))
    response = client.post(
        url("add") + f"?consultation={page.pk}",
        {
            "consultation": page.pk,
            "paragraph_choice": target.block_id,
            "stance": "change",
            "channel": Channel.PAPER,
            "language": "en",
            "text": "A letter from the youth council about internships.",
            "author_name": "Youth council",
            "show_name": "on",
            "created_at": "2026-11-20 10:00",
            "status": Status.PUBLISHED,
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    comment = Comment.objects.get()
    assert comment.paragraph_id == target.block_id
    assert comment.paragraph_number == target.number
    assert comment.channel == Channel.PAPER


def test_the_page_explorer_button_leads_to_the_same_flow(consultations):
    from consultations.wagtail_hooks import consultation_comment_buttons

    page = consultations["open"]
    buttons = list(consultation_comment_buttons(page, user_in(roles.MODERATORS)))
    assert any(button.url == url("add") + f"?consultation={page.pk}" for button in buttons)


@pytest.mark.parametrize("role", [roles.EDITORS, roles.TRANSLATORS, roles.JURY, None])
def test_only_those_who_may_enter_comments_reach_offline_entry(client, consultations, role):
    if role:
        client.force_login(user_in(role))
    page = consultations["open"]
    assert client.get(url("add")).status_code in (302, 403)
    assert client.get(url("add"), {"consultation": page.pk}).status_code in (302, 403)
    client.post(url("add"), {"consultation": page.pk, "stance": "change", "text": "Not allowed to be here."})
    assert not Comment.objects.exists()
