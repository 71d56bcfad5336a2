"""The whole life of a comment in the browser: a citizen comments in Macedonian, confirms from
the e-mail, a moderator approves and answers it in the admin, and the citizen finds both on the
Albanian page. axe checks every public page on the way."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from consultations.models import Comment, ConsultationIndexPage
from tests.conftest import SiteTree, translate
from tests.factories import PASSWORD, UserFactory, make_consultation

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_comment_from_macedonian_page_to_albanian_page_with_moderation(page, axe_check, mailoutbox):
    tree = SiteTree()
    index = ConsultationIndexPage(title="Consultations", slug="consultations", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    consultation = make_consultation(index, "youth-strategy", -5, title="Youth strategy")
    translate(index, "mk", title="Консултации")
    translate(index, "sq", title="Konsultime")
    mk = translate(consultation, "mk", title="Стратегија за младите")
    sq = translate(consultation, "sq", title="Strategjia për të rinjtë")
    third = [p for s in consultation.sections() for p in s.paragraphs][2]
    moderator = UserFactory(username="mira", email="mira@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))

    # The citizen comments on paragraph 3 of the Macedonian page.
    page.goto(mk.url)
    axe_check(page)
    paragraph = page.locator(f"#p-{third.block_id}")
    paragraph.get_by_role("link", name=re.compile("Коментирајте го овој пасус")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Вашиот коментар на пасус 3")
    axe_check(page)
    page.get_by_label("Предлагам измена").check()
    page.get_by_label("Вашиот коментар").fill("Канцеларијата за млади треба да работи и во викендите.")
    page.get_by_label("Вашето име").fill("Ана Петровска")
    page.get_by_label("Вашата адреса на е-пошта").fill("ana@example.org")
    page.get_by_label(re.compile("Се согласувам")).check()
    page.get_by_role("button", name="Испрати коментар").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проверете ја вашата е-пошта")
    axe_check(page)

    # The link from the e-mail, then the confirmation button.
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/confirm/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    axe_check(page)
    page.get_by_role("button", name="Потврди го мојот коментар").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Коментарот е потврден")
    axe_check(page)
    comment = Comment.objects.get()
    assert comment.status == "pending"

    # The moderator approves it from the queue and writes the official response.
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("mira")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/admin/snippets/consultations/comment/?status=pending")
    expect(page.get_by_text("Канцеларијата за млади треба да работи и во викендите.")).to_be_visible()
    page.locator(f'input[data-bulk-action-checkbox][data-object-id="{comment.pk}"]').check()
    page.get_by_role("link", name="Approve").click()
    page.get_by_role("button", name=re.compile("Yes")).click()
    expect(page.get_by_text("1 comment approved and published.")).to_be_visible()
    comment.refresh_from_db()
    assert comment.status == "published" and comment.moderated_by == moderator

    page.goto(f"/admin/snippets/consultations/comment/edit/{comment.pk}/")
    page.get_by_role("combobox", name="Decision").select_option("accepted")
    page.get_by_role("textbox", name="Official response").fill("Прифатено: канцеларијата ќе работи и во сабота.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("updated"))).to_be_visible()
    comment.refresh_from_db()
    assert comment.responded_by == moderator

    # The citizen finds the comment and the answer beside the same paragraph in Albanian.
    page.goto(sq.url)
    paragraph = page.locator(f"#p-{third.block_id}")
    paragraph.locator("summary").click()
    expect(paragraph.get_by_text("Канцеларијата за млади треба да работи и во викендите.")).to_be_visible()
    expect(paragraph.get_by_text("Прифатено: канцеларијата ќе работи и во сабота.")).to_be_visible()
    expect(paragraph.get_by_text("Përgjigjja zyrtare")).to_be_visible()
    axe_check(page)
