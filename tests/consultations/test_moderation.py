"""Moderators in the Wagtail admin: the queue, bulk actions with reasons, responses, comments
from other channels, exports, the digest e-mail, and who may do what."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from consultations.choices import Channel, RejectionReason, Status
from consultations.models import Comment
from core.models import PersonalSettings
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def user_in(group_name, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def moderator(client):
    user = user_in("Moderators", username="mira")
    client.force_login(user)
    return user


@pytest.fixture
def open_page(consultations):
    return consultations["open"]


def url(name, *args):
    return reverse(Comment.snippet_viewset.get_url_name(name), args=args)


def paragraph_ids(page):
    return [p.block_id for section in page.sections() for p in section.paragraphs]


def test_a_moderator_sees_the_queue_with_full_text_and_paragraph(client, moderator, open_page):
    target = paragraph_ids(open_page)[1]
    CommentFactory(consultation=open_page, paragraph_id=target, status=Status.PENDING, text="A long careful comment.")
    response = client.get(url("list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "A long careful comment." in html
    assert "Paid internships with local employers." in html


def test_an_editor_without_the_permission_cannot_moderate(client, open_page):
    client.force_login(user_in("Editors"))
    comment = CommentFactory(consultation=open_page, status=Status.PENDING)
    assert client.get(url("list")).status_code in (302, 403)
    bulk = reverse("wagtail_bulk_action", args=["consultations", "comment", "approve"]) + f"?id={comment.pk}"
    client.post(bulk)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "pending"}, {"waiting"}),
        ({"stance": "oppose"}, {"against"}),
        ({"language": "mk"}, {"macedonian"}),
        ({"channel": "paper"}, {"letter"}),
        ({"q": "macedon"}, {"macedonian"}),
    ],
)
def test_the_queue_filters_and_searches(client, moderator, consultations, query, expected):
    page = consultations["open"]
    mk = page.get_translation(page.locale.__class__.objects.get(language_code="mk"))
    CommentFactory(consultation=page, text="waiting comment", status=Status.PENDING)
    CommentFactory(consultation=page, text="against comment", stance="oppose")
    CommentFactory(consultation=mk, text="macedonian comment")
    CommentFactory(consultation=page, text="letter comment", channel=Channel.PAPER)
    html = client.get(url("list"), query).content.decode()
    shown = {word for word in ("waiting", "against", "macedonian", "letter") if f"{word} comment" in html}
    assert shown == expected


def test_the_queue_filters_by_consultation_across_languages(client, moderator, consultations):
    page = consultations["open"]
    mk = page.get_translation(page.locale.__class__.objects.get(language_code="mk"))
    CommentFactory(consultation=mk, text="on the strategy")
    CommentFactory(consultation=consultations["closed"], text="on the old plan")
    html = client.get(url("list"), {"consultation_key": str(page.translation_key)}).content.decode()
    assert "on the strategy" in html
    assert "on the old plan" not in html


def test_bulk_approve_publishes_and_logs_who_did_it(client, moderator, open_page):
    comments = CommentFactory.create_batch(2, consultation=open_page, status=Status.PENDING)
    bulk = reverse("wagtail_bulk_action", args=["consultations", "comment", "approve"])
    query = "&".join(f"id={c.pk}" for c in comments)
    assert client.get(f"{bulk}?{query}").status_code == 200
    response = client.post(f"{bulk}?{query}")
    assert response.status_code == 302
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == Status.PUBLISHED
        assert comment.moderated_by == moderator
    entries = ModelLogEntry.objects.filter(action="glas.comment.approve")
    assert entries.count() == 2
    assert {entry.user_id for entry in entries} == {moderator.pk}


def test_bulk_reject_records_the_reason(client, moderator, open_page):
    comment = CommentFactory(consultation=open_page, status=Status.PENDING)
    bulk = reverse("wagtail_bulk_action", args=["consultations", "comment", "reject"]) + f"?id={comment.pk}"
    page = client.get(bulk).content.decode()
    assert 'name="reason"' in page
    client.post(bulk, {"reason": RejectionReason.ABUSIVE})
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert comment.rejection_reason == RejectionReason.ABUSIVE
    entry = ModelLogEntry.objects.get(action="glas.comment.reject")
    assert entry.data == {"reason": "abusive"}
    assert client.get(url("history", comment.pk)).status_code == 200


def test_bulk_actions_say_what_happened_to_how_many(client, moderator, open_page):
    waiting = CommentFactory.create_batch(2, consultation=open_page, status=Status.PENDING)
    published = CommentFactory(consultation=open_page, status=Status.PUBLISHED)
    bulk = reverse("wagtail_bulk_action", args=["consultations", "comment", "approve"])
    query = "&".join(f"id={c.pk}" for c in [*waiting, published])
    response = client.post(f"{bulk}?{query}")
    said = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert said == ["2 comments approved and published. 1 comment was so already and is unchanged."]
    bulk = reverse("wagtail_bulk_action", args=["consultations", "comment", "reject"]) + f"?id={published.pk}"
    response = client.post(bulk, {"reason": RejectionReason.ABUSIVE})
    said = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert said[-1] == "1 comment rejected (Insulting or hateful language)."


def test_bulk_spam_hides_the_comment(client, moderator, open_page):
    comment = CommentFactory(consultation=open_page, text="Cheap watches here")
    bulk = reverse("wagtail_bulk_action", args=["consultations", "comment", "spam"]) + f"?id={comment.pk}"
    client.post(bulk)
    comment.refresh_from_db()
    assert comment.status == Status.SPAM
    assert "Cheap watches here" not in client.get(open_page.url).content.decode()


def edit_data(comment, **changes):
    data = {
        "consultation": comment.consultation_id,
        "paragraph_choice": comment.paragraph_id,
        "stance": comment.stance,
        "channel": comment.channel,
        "language": comment.language,
        "text": comment.text,
        "proposed_wording": comment.proposed_wording,
        "author_name": comment.author_name,
        "show_name": "on" if comment.show_name else "",
        "organisation": comment.organisation,
        "municipality": comment.municipality,
        "created_at": comment.created_at.strftime("%Y-%m-%d %H:%M"),
        "status": comment.status,
        "rejection_reason": comment.rejection_reason,
        "decision": comment.decision,
        "response": comment.response,
        "response_paragraph_choice": comment.response_paragraph_id,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v not in (None, False)}


def test_a_moderator_writes_an_official_response_with_a_decision(client, moderator, open_page):
    target = paragraph_ids(open_page)[1]
    comment = CommentFactory(consultation=open_page, paragraph_id=target, status=Status.PENDING)
    response = client.post(
        url("edit", comment.pk),
        edit_data(
            comment,
            status=Status.PUBLISHED,
            decision="partly",
            response="We added a minimum wage for internships of more than three months.",
            response_paragraph_choice=target,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert comment.decision == "partly"
    assert comment.responded_by == moderator and comment.responded_at is not None
    assert comment.response_paragraph_id == target
    actions = set(ModelLogEntry.objects.filter(object_id=str(comment.pk)).values_list("action", flat=True))
    assert {"glas.comment.approve", "glas.comment.respond"} <= actions
    html = client.get(open_page.url).content.decode()
    assert "We added a minimum wage" in html
    assert "Partly accepted" in html
    assert f'href="#p-{target}"' in html  # the response points to the paragraph that changed


def test_a_moderator_cannot_change_what_the_citizen_wrote(client, moderator, consultations):
    open_page = consultations["open"]
    first, second = paragraph_ids(open_page)[:2]
    comment = CommentFactory(
        consultation=open_page, paragraph_id=first, status=Status.PENDING, text="Buses every hour, please."
    )
    before = Comment.objects.values().get(pk=comment.pk)
    edit_page = client.get(url("edit", comment.pk)).content.decode()
    assert "moderators cannot change it" in edit_page
    response = client.post(
        url("edit", comment.pk),
        edit_data(
            comment,
            status=Status.PUBLISHED,
            text="Buses are not needed.",
            proposed_wording="Remove the buses.",
            stance="oppose",
            author_name="Someone else",
            channel=Channel.PAPER,
            paragraph_choice=second,
            consultation=consultations["closed"].pk,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    after = Comment.objects.values().get(pk=comment.pk)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"status", "moderated_at", "moderated_by_id"}


def test_staff_enter_a_comment_received_on_paper(client, moderator, open_page):
    target = paragraph_ids(open_page)[3]
    form = client.get(url("add"), {"consultation": open_page.pk})
    assert form.status_code == 200
    assert f'value="{target}"' in form.content.decode()  # the paragraphs of the chosen consultation
    response = client.post(
        url("add"),
        {
            "consultation": open_page.pk,
            "paragraph_choice": target,
            "stance": "oppose",
            "channel": Channel.PAPER,
            "language": "en",
            "text": "Handed in at the front office: the bus plan ignores the villages.",
            "author_name": "Resident of Turalevo",
            "show_name": "on",
            "created_at": "2026-11-20 10:00",
            "status": Status.PUBLISHED,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    comment = Comment.objects.get()
    assert comment.channel == Channel.PAPER
    assert comment.consultation_key == open_page.translation_key
    assert comment.email == ""
    assert comment.paragraph_number == 4 and comment.paragraph_text == "Buses between villages every hour."
    html = client.get(open_page.url).content.decode()
    assert "Handed in at the front office" in html
    assert "Letter or paper form" in html


def test_the_csv_export_has_one_row_per_comment_and_no_email(client, moderator, open_page):
    target = paragraph_ids(open_page)[2]
    CommentFactory(
        consultation=open_page,
        paragraph_id=target,
        email="hidden@example.org",
        municipality="Kratovo",
        proposed_wording="A youth office in every town.",
        decision="accepted",
        response="Done.",
    )
    CommentFactory(consultation=open_page, status=Status.PENDING)
    response = client.get(url("list"), {"export": "csv", "consultation_key": str(open_page.translation_key)})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 2
    assert "hidden@example.org" not in content
    expected = {
        "Section",
        "Paragraph",
        "Paragraph as commented",
        "Stance",
        "Proposed wording",
        "Status",
        "Channel",
        "Organisation",
        "Municipality",
        "Language",
        "Decision",
        "Official response",
    }
    assert expected <= set(rows[0])
    row = next(r for r in rows if r["Municipality"] == "Kratovo")
    assert row["Paragraph"] == "3"
    assert row["Paragraph as commented"] == "A youth office in every municipality."
    assert row["Section"] == "1"


def test_the_xlsx_export_is_a_spreadsheet(client, moderator, open_page):
    CommentFactory(consultation=open_page)
    response = client.get(url("list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")


def test_moderators_get_one_digest_for_waiting_comments(open_page, mailoutbox):
    user_in("Moderators", username="m1", email="m1@example.org")
    user_in("Moderators", username="m2", email="m2@example.org")
    CommentFactory.create_batch(3, consultation=open_page, status=Status.PENDING)
    call_command("send_moderation_digest", stdout=io.StringIO())
    assert len(mailoutbox) == 1
    assert set(mailoutbox[0].to) == {"m1@example.org", "m2@example.org"}
    assert "3 comments" in mailoutbox[0].subject
    assert "Youth strategy: 3" in mailoutbox[0].body
    call_command("send_moderation_digest", stdout=io.StringIO())
    assert len(mailoutbox) == 1  # nothing new since the last digest


def test_each_moderator_gets_the_digest_in_their_own_language(client, open_page, mailoutbox):
    english = user_in("Moderators", username="m-en", email="en@example.org")
    macedonian = user_in("Moderators", username="m-mk", email="mk@example.org")
    bulgarian = user_in("Moderators", username="m-bg", email="bg@example.org")
    PersonalSettings.objects.create(user=macedonian, email_language="mk")
    profile = UserProfile.get_for_user(bulgarian)
    profile.preferred_language = "bg"  # the admin's language, when no e-mail language is chosen
    profile.save()
    CommentFactory.create_batch(2, consultation=open_page, status=Status.PENDING)
    call_command("send_moderation_digest", stdout=io.StringIO())
    sent = {tuple(message.to): message for message in mailoutbox}
    assert set(sent) == {("en@example.org",), ("mk@example.org",), ("bg@example.org",)}
    assert "Youth strategy: 2" in sent[("en@example.org",)].body
    assert "Youth strategy [mk]: 2" in sent[("mk@example.org",)].body  # the title in Macedonian
    assert "коментари" in sent[("mk@example.org",)].subject
    assert "Youth strategy [bg]: 2" in sent[("bg@example.org",)].body
    assert "коментара" in sent[("bg@example.org",)].subject
    assert english.email in sent[("en@example.org",)].to


def test_staff_choose_the_language_of_their_e_mails_in_their_account(client, moderator):
    page = client.get("/admin/account/").content.decode()
    assert "E-mails from the site" in page
    response = client.post(
        "/admin/account/",
        {
            "glas_email_language-email_language": "sq",
            "name_email-first_name": "Mira",
            "name_email-last_name": "M",
            "name_email-email": "mira@example.org",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PersonalSettings.objects.get(user=moderator).email_language == "sq"


def test_a_moderator_can_open_the_inspect_view(client, moderator, open_page):
    comment = CommentFactory(consultation=open_page, email="hidden@example.org")
    response = client.get(url("inspect", comment.pk))
    assert response.status_code == 200
    assert comment.text in response.content.decode()
