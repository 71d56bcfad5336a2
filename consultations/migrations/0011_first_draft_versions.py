"""Every consultation already published has one version of its draft: keep its text in each
language as version 1, and mark the comments already written as written on it."""

from django.db import migrations


def keep_first_versions(apps, schema_editor):
    ConsultationPage = apps.get_model("consultations", "ConsultationPage")
    DraftVersionText = apps.get_model("consultations", "DraftVersionText")
    Comment = apps.get_model("consultations", "Comment")
    for page in ConsultationPage.objects.filter(live=True).select_related("locale"):
        blocks = [{"id": block["id"], "type": block["type"], "value": block["value"]} for block in page.draft.raw_data]
        DraftVersionText.objects.get_or_create(
            consultation_key=page.translation_key,
            number=1,
            language=page.locale.language_code,
            defaults={"blocks": blocks},
        )
    Comment.objects.filter(draft_version__isnull=True).update(draft_version=1)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0010_draft_versions")]

    operations = [migrations.RunPython(keep_first_versions, migrations.RunPython.noop)]
