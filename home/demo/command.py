"""What the apps' demo commands share: --quiet, and the demo texts in every language."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.models import HomePage


def load_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


class DemoCommand(BaseCommand):
    demo_dir: Path  # the folder with en.json, mk.json, …

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing but errors.")

    def say(self, message):
        if not self.quiet:
            self.stdout.write(message)

    def load(self, name):
        return load_json(self.demo_dir / name)

    def demo_texts(self):
        """The source texts and {language code: texts} for each other language present."""
        source = self.load(f"{settings.LANGUAGE_CODE}.json")
        translations = {
            code: self.load(f"{code}.json")
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE and (self.demo_dir / f"{code}.json").exists()
        }
        return source, translations

    def demo_home(self):
        home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        if home is None:
            raise CommandError("Load the demo site first: manage.py load_demo_content")
        return home
