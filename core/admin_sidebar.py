"""The admin's sidebar (its menu, search box and account links), kept per user in the shared cache
until what it shows may have changed.

Wagtail builds the sidebar anew on every admin page: it asks each menu item and search area
whether the user may see it (a page-permission and a collection-permission query, and some forty
permission checks), then packs the menu for its script. That is a quarter of a short admin page's
time, the ranking's or the dashboard's, and the same for every page the user opens: the
sidebar has no "current page" (its script finds the active item from the address).

What it shows depends on the user's permissions, their name, avatar and dismissed help items, the
language, Wagtail's version, and on what an app puts into a label (the Comments item's count of
waiting comments). The key is made of each of these that the request has at hand (an app names
its own with the `glas_sidebar_depends_on` hook), and the entry is kept under the `admin-menu`
tag, which `connect()` below has purged when a group, a permission, a group's page or collection
permissions, or a user's groups change. A change of the code's own menu items (a deploy) shows
after `KEPT_SECONDS` at most. A sidebar out of date shows a link too many or too few, never a
right: each view checks the permissions itself."""

import hashlib
import json
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import wagtail
from django.conf import settings
from django.core.signals import request_finished
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail import hooks

from core import cache

TAG = "admin-menu"
KEY_PREFIX = "glas:sidebar:"
KEPT_SECONDS = 600
HOOK = "glas_sidebar_depends_on"


def sidebar_key(request: HttpRequest) -> str:
    """The cache key of the user's sidebar, from everything the sidebar shows that may change."""
    user: Any = request.user
    profile = getattr(user, "wagtail_userprofile", None)
    parts = [
        wagtail.__version__,
        get_language() or "",
        str(user.pk),
        user.get_username(),
        user.first_name,
        user.email,
        str(user.is_superuser),
        str(user.is_active),
        profile.avatar.name if profile is not None and profile.avatar else "",
        json.dumps(profile.dismissibles if profile is not None else {}, sort_keys=True, default=str),
        ",".join(sorted(user.get_all_permissions())),
        *(repr(depends_on(request)) for depends_on in hooks.get_hooks(HOOK)),
    ]
    return KEY_PREFIX + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def kept(build: Callable[[dict[str, Any]], str]) -> Callable[[dict[str, Any]], str]:
    """Wagtail's sidebar_props tag (`build`), kept per user as the module says; built afresh
    without GLAS_CACHE_FRAGMENTS, for a user who is not signed in, or when the cache fails."""

    def sidebar_props(context: dict[str, Any]) -> str:
        request = context.get("request")
        if (
            request is None
            or not getattr(settings, "GLAS_CACHE_FRAGMENTS", False)
            or not request.user.is_authenticated
        ):
            return build(context)
        html = cache.tag_cached(TAG, sidebar_key(request), lambda: str(build(context)), KEPT_SECONDS)
        return mark_safe(html)  # noqa: S308 (Wagtail's own json_script output, kept)

    sidebar_props.kept_from = build  # type: ignore[attr-defined]
    return sidebar_props


def keep_sidebar() -> None:
    """Put the kept sidebar in place of Wagtail's sidebar_props template tag (at start-up, before
    any template is compiled)."""
    from wagtail.admin.templatetags import wagtailadmin_tags

    build = wagtailadmin_tags.sidebar_props
    if hasattr(build, "kept_from"):
        return
    wagtailadmin_tags.sidebar_props = kept(build)
    wagtailadmin_tags.register.simple_tag(takes_context=True, name="sidebar_props")(wagtailadmin_tags.sidebar_props)


# Set when a request changed a permission: its sidebars are purged once more when it ends (below).
_purge_when_done = ContextVar("glas_purge_admin_menu", default=False)


def purge(**kwargs: Any) -> None:
    """Every user's sidebar is built again: who may see what has changed. Now, after the commit,
    and when the request ends: Wagtail's group form saves the group (a signal), then its page and
    collection permissions in bulk (no signal), and a sidebar built in between must not be kept."""
    cache.purge(TAG)
    transaction.on_commit(lambda: cache.purge(TAG))
    _purge_when_done.set(True)


def purge_when_done(**kwargs: Any) -> None:
    """At the end of each request (request_finished): purge again if the request changed a
    permission."""
    if _purge_when_done.get():
        _purge_when_done.set(False)
        cache.purge(TAG)


def connect() -> None:
    """Purge the sidebars whenever a permission, a group or a user's groups change."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    user_model: Any = get_user_model()
    for model in (Group, Permission, GroupPagePermission, GroupCollectionPermission):
        name = model._meta.label_lower
        post_save.connect(purge, sender=model, dispatch_uid=f"glas-sidebar-save-{name}")
        post_delete.connect(purge, sender=model, dispatch_uid=f"glas-sidebar-delete-{name}")
    for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(purge, sender=through, dispatch_uid=f"glas-sidebar-m2m-{through._meta.label_lower}")
    request_finished.connect(purge_when_done, dispatch_uid="glas-sidebar-request-finished")
