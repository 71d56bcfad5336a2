"""Moderators read, enter, moderate and answer comments; no other role touches them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COMMENT_PERMISSIONS = ["add_comment", "change_comment", "delete_comment", "view_comment"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("consultations")
    if not getattr(app_config, "models_module", None):
        app_config.models_module = True  # historical app configs lack it; create_permissions needs it
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        *Permission.objects.filter(content_type__app_label="consultations", codename__in=COMMENT_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="consultations", codename__in=COMMENT_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("consultations", "0002_comments"), ("home", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
