"""Every URL that is not public refuses anonymous visitors and people without the role.

The test walks all URL patterns of the project (the Wagtail admin, the jury pages, the coordinators'
views, exports and file views) and fills each with sample arguments."""

import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAMPLE = {"int": "1", "str": "x", "slug": "x", "uuid": str(uuid.uuid4()), "path": "x"}
# The admin's sign-in pages and the assets they need.
PUBLIC_ADMIN = {
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    "/admin/jsi18n/",
    "/admin/sprite/",
}


def walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def concrete(route):
    """A path for a route: sample values for its converters; None for regex routes."""
    if route.startswith("^") or "(?P" in route or "\\" in route:
        return None
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    return "/" + path


def private_paths():
    paths = set()
    for route in walk(get_resolver().url_patterns):
        path = concrete(route)
        if path is None:
            continue
        path = path.replace("/^", "/")
        if path.startswith("/admin/") and not any(path.startswith(p) for p in PUBLIC_ADMIN):
            paths.add(path)
        elif "jury/" in route:
            paths.add("/en" + path if not path.startswith("/en/") else path)
    return sorted(paths)


PATHS = private_paths()


def test_the_crawl_finds_the_private_views():
    assert len(PATHS) > 100
    assert any("jury/" in p for p in PATHS)
    assert any("/essays/entries/1/file/" in p for p in PATHS)
    assert any("/snippets/consultations/comment/" in p for p in PATHS)


@pytest.mark.parametrize("group", [None, "Jury"])
def test_private_views_refuse_anonymous_visitors_and_people_without_the_role(client, site_tree, group):
    if group:
        user = UserFactory(username="someone")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
    allowed = []
    for path in PATHS:
        if group == "Jury" and "/jury/" in path:
            continue  # their own pages: checked per entry in test_essay_jury
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code == 200:
            allowed.append(path)
    assert allowed == []


ROLE_PATHS = {
    # Editors use the admin but neither moderate comments nor see essay entries.
    "Editors": ("/admin/snippets/consultations/", "/admin/snippets/essays/", "/admin/essays/"),
    # Moderators see comments, not essays; coordinators see essays, not comments.
    "Moderators": ("/admin/snippets/essays/", "/admin/essays/"),
    "Competition coordinators": ("/admin/snippets/consultations/",),
    "Translators": ("/admin/snippets/consultations/", "/admin/snippets/essays/", "/admin/essays/"),
}


@pytest.mark.parametrize("group", sorted(ROLE_PATHS))
def test_admin_roles_reach_only_their_own_tools(client, site_tree, group):
    user = UserFactory(username="staff")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    paths = [p for p in PATHS if p.startswith(ROLE_PATHS[group])]
    assert paths
    allowed = [p for p in paths if client.get(p).status_code == 200]
    assert allowed == []
