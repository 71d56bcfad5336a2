# The outbox, moved here from home (home's migration 0005 copies its rows over).

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name='OutgoingMail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject', models.CharField(max_length=255, verbose_name='subject')),
                ('body', models.TextField(verbose_name='body')),
                ('recipients', models.JSONField(verbose_name='recipients')),
                ('from_email', models.CharField(blank=True, max_length=254, verbose_name='from')),
                ('reply_to', models.CharField(blank=True, max_length=254, verbose_name='reply-to address')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('next_attempt_at', models.DateTimeField(db_index=True, verbose_name='next attempt')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
                ('gave_up', models.BooleanField(default=False, verbose_name='gave up')),
            ],
            options={
                'verbose_name': 'outgoing e-mail',
                'verbose_name_plural': 'outgoing e-mails',
                'ordering': ['next_attempt_at'],
            },
        ),
    ]
