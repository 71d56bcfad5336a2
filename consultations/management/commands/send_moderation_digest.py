"""Tell moderators, in one e-mail, about comments waiting for moderation. Run it from cron
(e.g. hourly); it writes only when new comments have come in since the last digest."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from consultations.choices import Status
from consultations.models import Comment
from consultations.moderation import send_moderation_digest


class Command(BaseCommand):
    help = "E-mail moderators a digest of the comments waiting for moderation."

    def handle(self, *args, **options):
        index = reverse(Comment.snippet_viewset.get_url_name("list"))
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{index}?status={Status.PENDING}"
        count = send_moderation_digest(admin_url)
        self.stdout.write(f"Digest sent: {count} comments waiting." if count else "Nothing new to report.")
