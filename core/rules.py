"""Who has which role. Each app's rules.py decides what a role may do; these predicates answer
only "is this person in that role" (a Django group, core/roles.py)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet


def has_role(user: Any, role: str) -> bool:
    """Active, signed in and in the role's group. Superusers hold every role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_glas_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._glas_roles = cached
    return role in cached


def people_in(role: str) -> QuerySet:
    """The active users of a role who have an e-mail address (to tell them something)."""
    return get_user_model().objects.filter(is_active=True, groups__name=role).exclude(email="").distinct()
