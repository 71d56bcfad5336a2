"""Who holds which role (core/rules.py): the groups the migrations made, by their constant names."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from core import roles
from core.rules import has_role, people_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_made_by_the_migrations():
    assert set(Group.objects.filter(name__in=roles.ALL).values_list("name", flat=True)) == set(roles.ALL)


@pytest.mark.parametrize("role", roles.ALL)
def test_a_user_holds_exactly_the_roles_of_their_groups(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    for other in roles.ALL:
        assert has_role(user, other) is (other == role)


def test_nobody_signed_out_or_deactivated_holds_a_role_and_a_superuser_holds_all():
    assert not has_role(AnonymousUser(), roles.EDITORS)
    user = UserFactory(is_active=False)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    assert not has_role(user, roles.EDITORS)
    assert all(has_role(UserFactory(is_superuser=True), role) for role in roles.ALL)


def test_people_in_a_role_are_those_who_can_be_written_to():
    reachable = UserFactory()
    unreachable = UserFactory(email="")
    for user in (reachable, unreachable):
        user.groups.add(Group.objects.get(name=roles.JURY))
    assert list(people_in(roles.JURY)) == [reachable]
