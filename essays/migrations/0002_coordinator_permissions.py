"""Competition coordinators manage essay entries and the jury's score sheets; no other role sees
them in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ENTRY_PERMISSIONS = [
    "add_entry",
    "change_entry",
    "delete_entry",
    "view_entry",
    "change_assignment",
    "view_assignment",
]



def grant(apps, schema_editor):
    app_config = apps.get_app_config("essays")
    if not getattr(app_config, "models_module", None):
        app_config.models_module = True  # historical app configs lack it; create_permissions needs it
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    coordinators, _created = Group.objects.get_or_create(name="Competition coordinators")
    coordinators.permissions.add(
        *Permission.objects.filter(content_type__app_label="essays", codename__in=ENTRY_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group in Group.objects.filter(name="Competition coordinators"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="essays", codename__in=ENTRY_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("essays", "0001_initial"), ("home", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
