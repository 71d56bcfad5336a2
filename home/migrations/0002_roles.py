"""The roles of Glas as groups with the permissions their names imply.

Editors write and publish pages, images, documents and snippets; Translators translate pages and
snippets (through wagtail-localize) without publishing; Moderators look after citizens' comments
(their comment permissions come with the consultations app); Jury members use the front-end jury
pages only, so they have no admin access; Competition coordinators run essay competitions in the
admin. Wagtail's own initial migration created "Editors" and "Moderators"; this one reuses them,
and hands the approval step of Wagtail's default workflow to Editors.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page", "publish_page"],
    "Translators": ["add_page", "change_page"],
    "Moderators": [],
    "Jury": [],
    "Competition coordinators": [],
}

COLLECTION_PERMISSIONS = {
    "Editors": [
        ("wagtailimages", "add_image"), ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"), ("wagtailimages", "delete_image"),
        ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"), ("wagtaildocs", "delete_document"),
    ],
    "Translators": [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")],
    "Moderators": [],
    "Jury": [],
    "Competition coordinators": [
        ("wagtailimages", "add_image"), ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"),
    ],
}

MODEL_PERMISSIONS = {
    "Editors": [
        ("wagtailadmin", "access_admin"),
        ("wagtail_localize", "submit_translation"),
        ("home", "add_organisation"), ("home", "change_organisation"), ("home", "delete_organisation"),
        ("home", "add_topic"), ("home", "change_topic"), ("home", "delete_topic"),
    ],
    "Translators": [
        ("wagtailadmin", "access_admin"),
        ("wagtail_localize", "submit_translation"),
        ("home", "add_organisation"), ("home", "change_organisation"),
        ("home", "add_topic"), ("home", "change_topic"),
    ],
    "Moderators": [("wagtailadmin", "access_admin")],
    "Jury": [],
    "Competition coordinators": [("wagtailadmin", "access_admin")],
}


def create_roles(apps, schema_editor):
    for app_label in ("wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs", "wagtail_localize", "home"):
        app_config = apps.get_app_config(app_label)
        if not getattr(app_config, "models_module", None):
            app_config.models_module = True  # historical app configs lack it; create_permissions needs it
        create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    for name in PAGE_PERMISSIONS:
        group, _created = Group.objects.get_or_create(name=name)
        GroupPagePermission.objects.filter(group=group).delete()
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.create(
                group=group, page=root_page, permission=permission("wagtailcore", codename)
            )
        GroupCollectionPermission.objects.filter(group=group).delete()
        for app_label, codename in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.create(
                group=group, collection=root_collection, permission=permission(app_label, codename)
            )
        group.permissions.set([permission(app_label, codename) for app_label, codename in MODEL_PERMISSIONS[name]])

    # Wagtail's default workflow sends pages for approval to the groups that could publish
    # when it was created ("Moderators"). In Glas, Moderators look after comments and Editors
    # publish, so the approval step belongs to Editors.
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    editors = Group.objects.get(name="Editors")
    for task in GroupApprovalTask.objects.all():
        task.groups.set([editors])
        task.name = "Editors approval"
        task.save()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
