"""The outbox moved to the platform app (core): its waiting e-mails are copied to core's table,
as they are (ids, creation times, attempts), before home's table is dropped, so that no e-mail is
lost on the way."""

from django.core.management.color import no_style
from django.db import migrations

COLUMNS = [
    "id",
    "subject",
    "body",
    "recipients",
    "from_email",
    "reply_to",
    "created_at",
    "attempts",
    "next_attempt_at",
    "last_error",
    "gave_up",
]


def _copy(apps, schema_editor, source, target):
    """Copy every row in SQL: the models' save would stamp the creation time anew."""
    connection = schema_editor.connection
    Source, Target = apps.get_model(*source), apps.get_model(*target)
    columns = ", ".join(connection.ops.quote_name(name) for name in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(Target._meta.db_table)} ({columns}) "
            f"SELECT {columns} FROM {connection.ops.quote_name(Source._meta.db_table)}"
        )
        # The rows came with their ids: the next new e-mail must not take one of them.
        for sql in connection.ops.sequence_reset_sql(no_style(), [Target]):
            cursor.execute(sql)


def copy_to_core(apps, schema_editor):
    _copy(apps, schema_editor, ("home", "OutgoingMail"), ("core", "OutgoingMail"))


def copy_back(apps, schema_editor):
    _copy(apps, schema_editor, ("core", "OutgoingMail"), ("home", "OutgoingMail"))
    apps.get_model("core", "OutgoingMail").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0004_news_date_index"), ("core", "0001_initial")]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="OutgoingMail"),
    ]
