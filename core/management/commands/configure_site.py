"""Write the site's public address into Wagtail's Site record (its hostname, port and name), so
that the admin's "view live" links and Wagtail's own full URLs name the real host. Run it at each
deploy after migrate; it reads GLAS_BASE_URL (or --url)."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Site


class Command(BaseCommand):
    help = "Set the default Wagtail Site's hostname and port from GLAS_BASE_URL (or --url)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="", help="e.g. https://glas.example.org (default: GLAS_BASE_URL)")

    def handle(self, *args: Any, url: str, **options: Any) -> None:
        address = (url or settings.GLAS_BASE_URL or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CommandError(f"Not a site address: {address!r} (e.g. https://glas.example.org)")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site yet: run migrate (and the demo content) first.")
        site.hostname, site.port, site.site_name = parts.hostname, port, settings.GLAS_BRAND
        site.save()
        if options["verbosity"]:
            self.stdout.write(f"The site is {parts.scheme}://{parts.hostname}:{port}.")
