"""The five roles exist from a migration, each with the permissions its name implies."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["Editors", "Translators", "Moderators", "Jury", "Competition coordinators"]


def member_of(group_name):
    user = UserFactory(username=group_name.lower().replace(" ", "-"))
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_every_role_exists_as_a_group():
    assert set(ROLES) <= set(Group.objects.values_list("name", flat=True))


@pytest.mark.parametrize("role", ["Editors", "Translators", "Moderators", "Competition coordinators"])
def test_staff_roles_can_open_the_admin(client, site_tree, role):
    client.force_login(member_of(role))
    assert client.get("/admin/").status_code == 200


def test_jury_members_have_no_admin_access(client, site_tree):
    client.force_login(member_of("Jury"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_anonymous_visitors_are_sent_to_the_admin_login(client, site_tree):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editors_can_publish_pages_and_translators_cannot(site_tree):
    article = NewsPageFactory(parent=site_tree.news_index)
    editor, translator, moderator = member_of("Editors"), member_of("Translators"), member_of("Moderators")
    assert article.permissions_for_user(editor).can_publish()
    assert article.permissions_for_user(translator).can_edit()
    assert not article.permissions_for_user(translator).can_publish()
    assert not article.permissions_for_user(moderator).can_edit()


def test_editors_and_translators_may_translate_with_wagtail_localize(site_tree):
    assert member_of("Editors").has_perm("wagtail_localize.submit_translation")
    assert member_of("Translators").has_perm("wagtail_localize.submit_translation")
    assert not member_of("Moderators").has_perm("wagtail_localize.submit_translation")


def test_editors_manage_organisations_translators_only_edit_them(site_tree):
    editor, translator = member_of("Editors"), member_of("Translators")
    assert editor.has_perm("home.delete_organisation")
    assert translator.has_perm("home.change_organisation")
    assert not translator.has_perm("home.delete_organisation")


def test_editor_sees_the_translate_action_in_the_admin(client, site_tree):
    client.force_login(member_of("Editors"))
    article = NewsPageFactory(parent=site_tree.news_index)
    response = client.get(f"/admin/localize/submit/page/{article.pk}/")
    assert response.status_code == 200


def test_pages_submitted_for_approval_go_to_editors_not_comment_moderators(site_tree):
    from wagtail.models import GroupApprovalTask

    for task in GroupApprovalTask.objects.all():
        assert list(task.groups.values_list("name", flat=True)) == ["Editors"]
