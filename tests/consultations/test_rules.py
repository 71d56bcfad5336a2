"""Who may do what with consultations (consultations/rules.py), for every role."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory

from consultations import rules
from consultations.models import Comment
from core import roles
from tests.factories import ROLES, UserFactory, person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_moderate_enter_and_read_comments(role):
    user = person(role)
    allowed = role == roles.MODERATORS
    assert rules.can_moderate(user) is allowed
    assert rules.can_enter_comment(user) is allowed
    assert rules.can_read_comments(user) is allowed


def test_a_superuser_may_moderate_and_a_deactivated_moderator_may_not():
    assert rules.can_moderate(UserFactory(is_superuser=True))
    moderator = person(roles.MODERATORS)
    moderator.is_active = False
    assert not rules.can_moderate(moderator)
    assert not rules.can_read_comments(moderator)


@pytest.mark.parametrize("role", ROLES)
def test_wagtails_admin_asks_the_rules_about_comments(role):
    user = person(role)
    if role is None:
        return  # the admin lets no anonymous visitor in
    policy = rules.CommentPolicy(Comment)
    allowed = role == roles.MODERATORS
    for action in ("add", "change", "view"):
        assert policy.user_has_permission(user, action) is allowed, action


def test_the_digest_goes_to_everyone_who_may_moderate_whatever_gives_them_the_right():
    in_group = person(roles.MODERATORS)
    UserFactory(username="editor-only").groups.add(Group.objects.get(name=roles.EDITORS))
    renamed = Group.objects.create(name="Комисија за коментари")
    renamed.permissions.set(Group.objects.get(name=roles.MODERATORS).permissions.all())
    elsewhere = UserFactory(username="in-a-renamed-group")
    elsewhere.groups.add(renamed)
    no_address = person(roles.MODERATORS)
    no_address.email = ""
    no_address.save()
    assert set(rules.moderators()) == {in_group, elsewhere}


def test_citizens_may_comment_only_while_the_consultation_is_open(consultations):
    assert rules.may_comment(consultations["open"])
    assert not rules.may_comment(consultations["upcoming"])
    assert not rules.may_comment(consultations["closed"])


def test_notify_me_until_the_report_is_out_and_the_report_only_once_published(consultations):
    closed = consultations["closed"]
    request = RequestFactory().get("/")
    assert rules.may_subscribe(closed) and not rules.may_read_report(closed, request)
    request.is_preview = True
    assert rules.may_read_report(closed, request)  # the editor's preview
    closed.report_published_at = closed.closes_at
    assert not rules.may_subscribe(closed)
    assert rules.may_read_report(closed, RequestFactory().get("/"))
