"""The life of an essay in the browser: a student enters with a DOCX in Albanian, keeps the upload
through a form error, gets the receipt and changes the entry through the secret link; a juror signs
in and scores it without seeing who wrote it; the coordinator confirms the winner and publishes the
results; a visitor reads them. axe checks every public page on the way."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from essays.jury import assign_jurors
from essays.models import CompetitionIndexPage, Entry
from tests.conftest import SiteTree, translate
from tests.essay_files import make_docx
from tests.factories import PASSWORD, UserFactory, make_competition

pytestmark = pytest.mark.django_db(transaction=True)

ESSAY_SQ = (
    "Çdo mëngjes këpucari i vjetër hap dyqanin e tij të vogël në cep të rrugës sonë. "
    "Ai e njeh çdo familje nga këpucët që i sjellin dhe nuk e harron kurrë një premtim të dhënë."
)


def test_an_essay_from_entry_to_published_result(page, axe_check, mailoutbox, tmp_path):
    tree = SiteTree()
    index = CompetitionIndexPage(title="Essay competitions", slug="essays", show_in_menus=True)
    tree.home.add_child(instance=index)
    index.save_revision().publish()
    competition = make_competition(index, "neighbour", -3, title="My neighbour")
    translate(index, "sq", title="Konkurse për ese")
    sq = translate(competition, "sq", title="Fqinji im")
    docx = tmp_path / "eseja.docx"
    docx.write_bytes(make_docx([ESSAY_SQ]))

    page.goto(sq.url)
    axe_check(page)
    page.get_by_role("link", name="Merr pjesë në konkurs").click()
    axe_check(page)
    page.get_by_label("Emri dhe mbiemri juaj").fill("Arta Krasniqi")
    page.get_by_label("Adresa juaj e e-mailit").fill("arta@example.org")
    page.get_by_label("Data e lindjes").fill("2007-05-14")
    page.get_by_role("textbox", name="Shkolla").fill("Gjimnazi Hasan Prishtina")
    page.get_by_label("Klasa (viti)").fill("4")
    page.get_by_label("Bashkia").fill("Kukës")
    page.get_by_label("Titulli i esesë").fill("Këpucari")
    page.get_by_label("Gjuha e esesë").select_option("sq")
    page.get_by_label("Eseja si skedar").set_input_files(str(docx))
    page.get_by_label(re.compile("Esenë e kam shkruar vetë")).check()
    # The privacy box is left unticked: the error keeps the uploaded file.
    page.get_by_role("button", name="Dërgo punimin").click()
    expect(page.get_by_text(re.compile("nuk keni nevojë ta ngarkoni përsëri"))).to_be_visible()
    axe_check(page)
    page.get_by_label(re.compile("Kam lexuar njoftimin për privatësinë")).check()
    page.get_by_role("button", name="Dërgo punimin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Punimi juaj")
    axe_check(page)
    entry = Entry.objects.get()
    assert entry.file_type == "docx" and entry.word_count == 35 and entry.language == "sq"
    expect(page.get_by_text(entry.receipt_code)).to_be_visible()

    # Later, through the link from the e-mail, the title is changed.
    link = re.search(r"https?://\S+/entry/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    page.get_by_label("Titulli i esesë").fill("Këpucari i rrugës sonë")
    page.get_by_label(re.compile("Kam lexuar njoftimin")).check()
    page.get_by_role("button", name="Ruaj ndryshimet").click()
    expect(page.get_by_text("Ndryshimet u ruajtën.")).to_be_visible()
    entry.refresh_from_db()
    assert entry.title == "Këpucari i rrugës sonë" and entry.file_type == "docx"

    # The deadline passes; the juror signs in and scores the essay blind.
    for version in (competition, sq):  # as an editor would after syncing the translation
        version.refresh_from_db()
        version.deadline = timezone.now() - timedelta(minutes=5)
        version.opens_at = version.deadline - timedelta(days=10)
        version.save_revision().publish()
    juror = UserFactory(username="juror")
    juror.groups.add(Group.objects.get(name="Jury"))
    competition.jury.set([juror])
    competition.save_revision().publish()
    assign_jurors(competition)
    page.goto("/sq/login/")
    axe_check(page)
    page.locator("#id_username").fill("juror")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Hyrje").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konkurset e mia")
    axe_check(page)
    page.get_by_role("link", name="Fqinji im").click()
    axe_check(page)
    page.get_by_role("link", name=entry.jury_code).click()
    expect(page.get_by_text("Çdo mëngjes këpucari i vjetër")).to_be_visible()
    expect(page.get_by_text("Arta Krasniqi")).to_have_count(0)
    expect(page.get_by_text("Hasan Prishtina")).to_have_count(0)
    axe_check(page)
    for criterion, points in zip(competition.criteria(), ["9", "8", "5"], strict=True):
        page.get_by_role("combobox", name=criterion.name).select_option(points)
    page.get_by_role("button", name="Dorëzo vlerësimet").click()
    expect(page.get_by_text("Vlerësimet tuaja u dorëzuan.")).to_be_visible()

    # The coordinator confirms the winner and publishes the results.
    page.context.clear_cookies()
    coordinator = UserFactory(username="coordinator")
    coordinator.groups.add(Group.objects.get(name="Competition coordinators"))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/admin/essays/competitions/{competition.pk}/winners/")
    expect(page.get_by_role("combobox", name="Award")).to_have_value("1")
    page.get_by_role("button", name="Confirm the winners").click()
    expect(page.get_by_text("The winners are confirmed.")).to_be_visible()
    # The jury's deadline is still to come: publishing needs a reason, which the log keeps.
    page.get_by_role("button", name="Publish the results").click()
    expect(page.get_by_text("Say why the results are published now")).to_be_visible()
    axe_check(page)
    page.get_by_label("To publish anyway, say why (kept in the log)").fill("The jury met early and agreed.")
    page.get_by_role("button", name="Publish the results").click()
    expect(page.get_by_text("The results are published on the competition page.")).to_be_visible()

    # A visitor reads the results in Albanian: the entry's code only, since Arta did not agree to
    # more (initials and a school would identify a student in a small town).
    page.context.clear_cookies()
    page.goto(sq.url)
    results = page.get_by_role("region", name="Rezultatet")
    expect(results).to_contain_text(f"Punimi {entry.jury_code}")
    expect(results).not_to_contain_text("Hasan Prishtina")
    expect(results).to_contain_text("Këpucari i rrugës sonë")
    axe_check(page)
