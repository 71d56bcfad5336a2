"""A student enters an essay competition from its page, uploads a DOCX in Albanian, corrects a
mistake, gets the receipt and changes the entry through the secret link; axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from essays.models import CompetitionIndexPage, Entry
from tests.conftest import SiteTree, translate
from tests.essay_files import make_docx
from tests.factories import make_competition

pytestmark = pytest.mark.django_db(transaction=True)

ESSAY_SQ = (
    "Çdo mëngjes këpucari i vjetër hap dyqanin e tij të vogël në cep të rrugës sonë. "
    "Ai e njeh çdo familje nga këpucët që i sjellin dhe nuk e harron kurrë një premtim të dhënë."
)


def test_student_enters_with_a_docx_in_albanian_and_edits_the_entry(page, axe_check, mailoutbox, tmp_path):
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
    page.get_by_role("button", name="Dërgo pjesëmarrjen").click()
    expect(page.get_by_text(re.compile("nuk keni nevojë ta ngarkoni përsëri"))).to_be_visible()
    axe_check(page)
    page.get_by_label(re.compile("Kam lexuar njoftimin për privatësinë")).check()
    page.get_by_role("button", name="Dërgo pjesëmarrjen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pjesëmarrja juaj")
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
