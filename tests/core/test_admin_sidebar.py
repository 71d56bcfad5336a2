"""The admin's sidebar is kept per user (core/admin_sidebar.py): the same menu Wagtail builds,
without its permission queries on the next page, and built again as soon as what it shows
changes: the user's groups and permissions, a waiting comment, the language, a dismissed item."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.signals import request_finished
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.users.models import UserProfile

from consultations.choices import Status
from core import admin_sidebar, cache
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

SIDEBAR = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S)


def sidebar(client, path="/admin/account/"):
    response = client.get(path)
    assert response.status_code == 200
    return SIDEBAR.search(response.content.decode()).group(1)


def labels(props):
    """Every label in the sidebar's menu, submenus included."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                found.append(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props))
    return found


def member_of(*group_names):
    user = UserFactory()
    user.groups.add(*Group.objects.filter(name__in=group_names))
    return user


@pytest.fixture
def kept(settings):
    settings.GLAS_CACHE_FRAGMENTS = True


def test_the_kept_sidebar_is_the_one_wagtail_builds(client, site_tree, settings):
    client.force_login(member_of("Moderators"))
    settings.GLAS_CACHE_FRAGMENTS = False
    built = sidebar(client)
    settings.GLAS_CACHE_FRAGMENTS = True
    assert sidebar(client) == built  # built and kept
    assert sidebar(client, "/admin/") == built  # read back, on another admin page
    assert json.loads(built)["modules"]


def test_the_next_admin_page_asks_no_permission_for_the_menu(client, site_tree, settings):
    def queries_of_a_page():
        with CaptureQueriesContext(connection) as queries:
            sidebar(client)
        sql = [query["sql"] for query in queries.captured_queries]
        return {
            "all": len(sql),
            "page permissions": sum('FROM "wagtailcore_grouppagepermission"' in s for s in sql),
            "collection permissions": sum('FROM "wagtailcore_groupcollectionpermission"' in s for s in sql),
        }

    client.force_login(member_of("Editors"))
    sidebar(client)
    built = queries_of_a_page()
    settings.GLAS_CACHE_FRAGMENTS = True
    sidebar(client)
    kept = queries_of_a_page()
    # The menu's questions: may the user see pages (and search them), images and documents?
    assert kept["collection permissions"] == 0 < built["collection permissions"]
    assert kept["page permissions"] < built["page permissions"]
    assert kept["all"] <= built["all"] - 3


def test_a_user_added_to_a_group_sees_its_menu_at_once(client, site_tree, kept):
    user = member_of("Moderators")
    client.force_login(user)
    assert "Pages" not in labels(sidebar(client))
    user.groups.add(Group.objects.get(name="Editors"))
    assert "Pages" in labels(sidebar(client))
    user.groups.remove(Group.objects.get(name="Editors"))
    assert "Pages" not in labels(sidebar(client))


def test_a_collection_permission_given_to_a_group_shows_its_menu_item(client, site_tree, kept):
    group = Group.objects.create(name="Archivists")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = member_of("Archivists")
    client.force_login(user)
    assert "Documents" not in labels(sidebar(client))
    GroupCollectionPermission.objects.create(
        group=group,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="add_document"),
    )
    assert "Documents" in labels(sidebar(client))


def test_a_permission_saved_in_bulk_is_purged_again_when_the_request_ends(site_tree):
    """Wagtail's group form saves the group, then its page permissions in bulk (no signal): the
    sidebars are purged once more at the end of that request."""
    admin_sidebar.purge()
    before = cache.tag_tokens([admin_sidebar.TAG])[0]
    request_finished.send(sender=None)
    after = cache.tag_tokens([admin_sidebar.TAG])[0]
    assert after != before
    request_finished.send(sender=None)  # a request that changed nothing purges nothing
    assert cache.tag_tokens([admin_sidebar.TAG])[0] == after


def test_the_comments_item_counts_a_new_waiting_comment(client, consultations, kept):
    client.force_login(member_of("Moderators"))
    page = consultations["open"]
    CommentFactory(consultation=page, status=Status.PENDING)
    before = [label for label in labels(sidebar(client)) if label.startswith("Comments")]
    CommentFactory(consultation=page, status=Status.PENDING)
    after = [label for label in labels(sidebar(client)) if label.startswith("Comments")]
    assert before != after
    assert after == [before[0].replace(f"({_count(before[0])})", f"({_count(before[0]) + 1})")]


def _count(label):
    return int(re.search(r"\((\d+)\)", label).group(1))


def test_the_sidebar_is_kept_in_each_language(client, site_tree, kept):
    user = member_of("Editors")
    client.force_login(user)
    english = sidebar(client)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "mk"
    profile.save()
    macedonian = sidebar(client)
    assert "Pages" in labels(english)
    assert "Страници" in labels(macedonian)


def test_a_dismissed_help_item_stays_dismissed(client, site_tree, kept):
    user = member_of("Editors")
    client.force_login(user)
    assert "data-w-dismissible-dismissed-value" not in sidebar(client)
    profile = UserProfile.get_for_user(user)
    profile.dismissibles = {"help": True}
    profile.save()
    assert "data-w-dismissible-dismissed-value" in sidebar(client)
