"""Who may do what with consultations: the one place that views, admin hooks, templates,
exports and e-mails ask. Staff rules rest on Django permissions, which the Moderators group
holds (migration 0003) and an administrator can grant in Wagtail's group editor; public rules
rest on the consultation's phase."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from wagtail.permission_policies import ModelPermissionPolicy

from consultations.choices import Phase

MODERATE = "consultations.change_comment"
ENTER = "consultations.add_comment"
READ = "consultations.view_comment"


def can_moderate(user: Any) -> bool:
    """Approve, reject, mark as spam and answer comments, in the admin."""
    return bool(user.is_active and user.has_perm(MODERATE))


def can_enter_comment(user: Any) -> bool:
    """Enter a comment that came by letter, e-mail or at a meeting."""
    return bool(user.is_active and user.has_perm(ENTER))


def can_read_comments(user: Any) -> bool:
    """See every comment with its author's details, and export them."""
    return bool(user.is_active and (user.has_perm(READ) or user.has_perm(MODERATE)))


def may_comment(page: Any) -> bool:
    """Anyone may comment while the consultation is open; no one before or after."""
    return page.phase == Phase.OPEN


def may_subscribe(page: Any) -> bool:
    """ "Notify me" makes sense until the report is out."""
    return page.phase != Phase.REPORT_PUBLISHED


def may_read_report(page: Any, request: HttpRequest) -> bool:
    """The report is public once published; editors see it in the page's preview before."""
    return page.phase == Phase.REPORT_PUBLISHED or bool(getattr(request, "is_preview", False))


def moderators() -> QuerySet:
    """Everyone who may moderate and can be written to, whatever group gives them the right."""
    app_label, codename = MODERATE.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .exclude(email="")
        .distinct()
    )


class CommentPolicy(ModelPermissionPolicy):
    """What Wagtail's admin asks about comments (the Comments menu, its views and bulk actions),
    answered by the rules above."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action == "delete":
            return False  # what citizens wrote is never deleted: moderators reject or mark spam
        rule = {"add": can_enter_comment, "change": can_moderate, "view": can_read_comments}.get(action)
        return rule(user) if rule is not None else super().user_has_permission(user, action)
