"""What citizens and students wrote is kept: a consultation with comments and a competition with
entries are not deleted from the admin (one by one, in bulk, or with the section above them),
nor moved out of the site; the editor is told why and what to do instead. Nobody deletes a
comment or an entry in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.db.models import ProtectedError
from wagtail.models import Page

from consultations.models import Comment, ConsultationIndexPage, ConsultationPage
from core import roles
from essays.models import Entry
from tests.factories import CommentFactory, UserFactory, make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def commented(consultations):
    page = consultations["open"]
    CommentFactory.create_batch(3, consultation=page)
    return page


def test_a_consultation_with_comments_is_not_deleted_and_the_editor_is_told_why(client, superuser, commented):
    response = client.post(f"/admin/pages/{commented.pk}/delete/", follow=True)
    assert ConsultationPage.objects.filter(pk=commented.pk).exists()
    assert Comment.objects.filter(consultation=commented).count() == 3
    html = response.content.decode()
    assert "This page holds 3 comments from citizens" in html and "Unpublish the consultation instead" in html


def test_the_section_above_a_consultation_with_comments_is_not_deleted_either(client, superuser, commented):
    index = commented.get_parent()
    client.post(f"/admin/pages/{index.pk}/delete/")
    assert Page.objects.filter(pk=index.pk).exists() and Comment.objects.count() == 3


def test_a_consultation_without_comments_can_be_deleted(client, superuser, consultations):
    upcoming = consultations["upcoming"]
    client.post(f"/admin/pages/{upcoming.pk}/delete/")
    assert not ConsultationPage.objects.filter(pk=upcoming.pk).exists()


def test_bulk_delete_keeps_a_consultation_with_comments(client, superuser, commented, consultations):
    url = f"/admin/bulk/wagtailcore/page/delete/?id={commented.pk}&id={consultations['upcoming'].pk}"
    client.post(url)
    assert ConsultationPage.objects.filter(pk=commented.pk).exists()


def test_a_competition_with_entries_is_not_deleted(client, superuser, competitions):
    page = competitions["open"]
    make_entry(page)
    response = client.post(f"/admin/pages/{page.pk}/delete/", follow=True)
    assert Entry.objects.filter(competition=page).exists()
    assert "This page holds 1 essay entry from students" in response.content.decode()


def test_a_consultation_with_comments_moves_within_its_site_but_not_out_of_it(client, superuser, commented, site_tree):
    elsewhere = ConsultationIndexPage(title="Elsewhere", slug="elsewhere")
    Page.get_first_root_node().add_child(instance=elsewhere)  # a tree outside every site
    client.post(f"/admin/pages/{commented.pk}/move/{elsewhere.pk}/confirm/")
    commented.refresh_from_db()
    assert commented.get_parent().pk != elsewhere.pk
    archive = ConsultationIndexPage(title="Archive", slug="archive")
    site_tree.home.add_child(instance=archive)
    client.post(f"/admin/pages/{commented.pk}/move/{archive.pk}/confirm/")
    commented.refresh_from_db()
    assert commented.get_parent().pk == archive.pk
    assert Comment.objects.filter(consultation=commented).count() == 3


def test_nobody_deletes_a_comment_or_an_entry_in_the_admin(client, commented, competitions):
    moderator = UserFactory()
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    client.force_login(moderator)
    comment = Comment.objects.first()
    client.post(f"/admin/snippets/consultations/comment/delete/{comment.pk}/")
    assert Comment.objects.filter(pk=comment.pk).exists()
    coordinator = UserFactory()
    coordinator.groups.add(Group.objects.get(name=roles.COORDINATORS))
    client.force_login(coordinator)
    entry = make_entry(competitions["open"])
    client.post(f"/admin/snippets/essays/entry/delete/{entry.pk}/")
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_to_delete_a_consultation_with_comments_whatever_asks(commented):
    with pytest.raises(ProtectedError):
        commented.delete()
