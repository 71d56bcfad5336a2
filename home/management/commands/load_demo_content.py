"""Load the demo site: pages in English translated into every other language with
wagtail-localize (as an editor would), organisations, topics, generated pictures and one
demo user per role. Then a project with its news and event that an editor wrote in Bulgarian
first (bulgarian_first.json), translated from Bulgarian into the other languages the same way.
Safe to run twice: a second run finds the content and stops."""

import json
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from core import roles
from home.demo.images import as_image_file, draw_logo, draw_picture
from home.demo.localize import segment_pairs, translate_objects
from home.models import (
    ContactFormField,
    ContactPage,
    EventIndexPage,
    EventPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    NewsPageTopic,
    Organisation,
    ProjectIndexPage,
    ProjectPage,
    ProjectPartner,
    StandardPage,
    Topic,
)

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PASSWORD = "glas-demo-2026"
ADMIN_USERNAME = "admin"
DEMO_USERS = [
    ("editor", roles.EDITORS),
    ("translator", roles.TRANSLATORS),
    ("moderator", roles.MODERATORS),
    ("juror", roles.JURY),
    ("coordinator", roles.COORDINATORS),
]

ORGANISATIONS = {
    "insoc": {"initials": "InSoC", "website": "https://insoc.example.org", "email": "info@insoc.example.org"},
    "integra-now": {"initials": "IN", "website": "", "email": ""},
    "cis-skopje": {"initials": "CIS", "website": "", "email": ""},
    "izvor": {"initials": "Izvor", "website": "https://izvor.example.org", "email": "izvor@izvor.example.org"},
    "swisscontact": {"initials": "SC", "website": "https://www.swisscontact.org", "email": ""},
    "tag": {"initials": "TAG", "website": "", "email": ""},
    "uk-government": {"initials": "UK", "website": "https://www.gov.uk", "email": ""},
    "eu-delegation": {"initials": "EU", "website": "https://www.eeas.europa.eu", "email": ""},
}

PROJECTS = {
    "small-communities-forum": {
        "start": date(2023, 1, 1),
        "end": date(2023, 10, 31),
        "budget": 3244900,
        "currency": "MKD",
        "lead": "insoc",
        "partners": ["integra-now", "cis-skopje"],
        "funder": "eu-delegation",
    },
    "new-hope-kratovo": {
        "start": date(2025, 9, 1),
        "end": date(2027, 8, 31),
        "budget": 400000,
        "currency": "MKD",
        "lead": "izvor",
        "partners": [],
        "funder": "eu-delegation",
    },
    "new-perspectives-kukes": {
        "start": date(2022, 9, 1),
        "end": date(2026, 3, 31),
        "budget": None,
        "currency": "GBP",
        "lead": "swisscontact",
        "partners": ["tag"],
        "funder": "uk-government",
    },
}

# key: (date, or days before today for news of running projects; project; author; topics)
NEWS = {
    "forum-founded": (date(2023, 2, 15), "small-communities-forum", "insoc", ["civic-participation", "minorities"]),
    "essay-competition-announced": (date(2023, 5, 10), "small-communities-forum", "insoc", ["youth", "minorities"]),
    "essay-winners": (date(2023, 10, 5), "small-communities-forum", "insoc", ["youth", "minorities"]),
    "national-conference": (
        date(2023, 10, 20),
        "small-communities-forum",
        "insoc",
        ["civic-participation", "minorities"],
    ),
    "kukes-training": (date(2025, 6, 12), "new-perspectives-kukes", "swisscontact", ["youth", "local-development"]),
    "kratovo-info-sessions": (60, "new-hope-kratovo", "izvor", ["youth", "migration"]),
    "migration-study-published": (20, "new-hope-kratovo", "izvor", ["migration", "local-development"]),
}

# key: (date, or days from today; start hour; hours long; project)
EVENTS = {
    "forum-workshop": (date(2023, 4, 18), 10, 6, "small-communities-forum"),
    "final-conference": (date(2026, 3, 25), 10, 5, "new-perspectives-kukes"),
    "kratovo-debate": (12, 17, 2, "new-hope-kratovo"),
}

# Content written in Bulgarian first (texts in bulgarian_first.json), from the seeds on the
# Kyustendil project "Твоята община работи за теб" and the Bulgarian LEADER network of 24 local
# action groups. The seeds date it to the EEA Financial Mechanism 2009–2014 (meetings from
# December 2014, the network's forum in Yambol on 27 November 2015) and give no budget.
BULGARIAN_FIRST = "bg"
BG_ORGANISATIONS = {
    "bratstvo-1869": {"initials": "B1869", "website": "", "email": ""},
    "leader-network": {"initials": "LEADER", "website": "", "email": ""},
    "ngo-programme-bulgaria": {"initials": "NGO", "website": "http://www.ngogrants.bg", "email": ""},
}
BG_PROJECTS = {
    "your-municipality-works-for-you": {
        "start": date(2014, 11, 1),
        "end": date(2016, 4, 30),
        "budget": None,
        "currency": "EUR",
        "lead": "bratstvo-1869",
        "partners": ["leader-network"],
        "funder": "ngo-programme-bulgaria",
    },
}
BG_NEWS = {
    "kyustendil-mayors-meeting": (
        date(2015, 3, 2),
        "your-municipality-works-for-you",
        "bratstvo-1869",
        ["civic-participation", "local-development"],
    ),
    "leader-network-good-practice": (
        date(2015, 12, 8),
        "your-municipality-works-for-you",
        "bratstvo-1869",
        ["local-development", "civic-participation"],
    ),
}
BG_EVENTS = {
    "kyustendil-ngo-meeting": (date(2014, 12, 12), 10, 3, "your-municipality-works-for-you"),
}
# Events held outside the site's time zone (Europe/Skopje): the hour is local to the place.
EVENT_TIME_ZONES = {"kyustendil-ngo-meeting": "Europe/Sofia"}


def load_texts(language_code):
    return load_json(f"{language_code}.json")


def load_json(name):
    with open(DEMO_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def stream(blocks):
    """StreamField data from the demo's block list, with fixed ids so the same block has
    the same id in every language (as wagtail-localize keeps it)."""
    data = []
    for block in blocks:
        data.append({"type": block["type"], "value": block["value"], "id": str(uuid.uuid4())})
    return data


def items(values):
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def paragraphs(values):
    return [{"type": "paragraph", "value": value, "id": str(uuid.uuid4())} for value in values]


class Command(BaseCommand):
    help = "Load the multilingual demo content. Does nothing if it is already there."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing but errors.")

    def say(self, message):
        if not self.quiet:
            self.stdout.write(message)

    def handle(self, *args, **options):
        self.quiet = options["quiet"]
        self.create_users()
        if HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).exists():
            self.say("Demo content is already there: nothing to do.")
            return
        with transaction.atomic():
            self.create_locales()
            self.source = load_texts("en")
            self.translations = {
                code: load_texts(code)
                for code, _name in settings.LANGUAGES
                if code != settings.LANGUAGE_CODE and (DEMO_DIR / f"{code}.json").exists()
            }
            self.create_images()
            self.create_snippets()
            self.create_pages()
            self.translate_everything()
            self.create_bulgarian_first()
        self.say("Demo content loaded in: " + ", ".join([settings.LANGUAGE_CODE, *self.translations]))

    # Users -----------------------------------------------------------------------------

    def create_users(self):
        User = get_user_model()
        if not User.objects.filter(username=ADMIN_USERNAME).exists():
            User.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", DEMO_PASSWORD)
        for username, group_name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.org", "first_name": username.capitalize()},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                user.groups.add(Group.objects.get(name=group_name))

    def create_locales(self):
        self.locales = {}
        for code, _name in settings.LANGUAGES:
            self.locales[code], _created = Locale.objects.get_or_create(language_code=code)

    # Images ----------------------------------------------------------------------------

    def create_images(self):
        Image = get_image_model()
        self.images = {}
        news = [*NEWS, *BG_NEWS]
        for key in [*news, *PROJECTS, *BG_PROJECTS, *EVENTS, *BG_EVENTS, "home", *(f"{key}-inline" for key in news)]:
            self.images[key] = Image.objects.create(
                title=f"Glas demo picture: {key}", file=as_image_file(draw_picture(key), f"demo-{key}.jpg")
            )
        for key, facts in {**ORGANISATIONS, **BG_ORGANISATIONS}.items():
            self.images[f"logo-{key}"] = Image.objects.create(
                title=f"Glas demo logo: {key}",
                file=as_image_file(draw_logo(facts["initials"], key), f"logo-{key}.jpg"),
            )

    # Snippets --------------------------------------------------------------------------

    def create_snippets(self):
        en = self.locales[settings.LANGUAGE_CODE]
        self.organisations = self.create_organisations(ORGANISATIONS, self.source["organisations"], en)
        self.topics = {
            key: Topic.objects.create(locale=en, name=name, slug=key) for key, name in self.source["topics"].items()
        }

    def create_organisations(self, organisations, texts, locale):
        created = {}
        for key, facts in organisations.items():
            text = texts[key]
            created[key] = Organisation.objects.create(
                locale=locale,
                name=text["name"],
                city=text["city"],
                description=text["description"],
                logo=self.images[f"logo-{key}"],
                website=facts["website"],
                contact_email=facts["email"],
            )
        return created

    # Pages -----------------------------------------------------------------------------

    def create_pages(self):
        text = self.source
        root = Page.get_first_root_node()
        for page in root.get_children():
            if not isinstance(page.specific, HomePage):
                page.delete()
        root.refresh_from_db()
        en = self.locales[settings.LANGUAGE_CODE]

        self.home = root.add_child(
            instance=HomePage(
                title=text["home"]["title"],
                slug="home",
                locale=en,
                hero_heading=text["home"]["hero_heading"],
                hero_text=text["home"]["hero_text"],
                image=self.images["home"],
            )
        )
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "site_name": "Glas", "root_page": self.home},
        )
        self.news_index = self.add(
            self.home,
            NewsIndexPage(
                title=text["news_index"]["title"],
                slug="news",
                intro=text["news_index"]["intro"],
                show_in_menus=True,
            ),
        )
        self.project_index = self.add(
            self.home,
            ProjectIndexPage(
                title=text["project_index"]["title"],
                slug="projects",
                intro=text["project_index"]["intro"],
                show_in_menus=True,
            ),
        )
        self.event_index = self.add(
            self.home,
            EventIndexPage(
                title=text["event_index"]["title"],
                slug="events",
                intro=text["event_index"]["intro"],
                show_in_menus=True,
            ),
        )
        self.add(
            self.home,
            StandardPage(
                title=text["about"]["title"],
                slug="about",
                intro=text["about"]["intro"],
                body=stream(text["about"]["body"]),
                show_in_menus=True,
            ),
        )
        self.create_contact_page()

        self.projects = self.create_projects(self.project_index, PROJECTS, text["projects"], self.organisations, en)
        self.create_news(self.news_index, NEWS, text["news"], self.projects, self.organisations, self.topics, en)
        self.create_events(self.event_index, EVENTS, text["events"], self.projects, en)

    def create_projects(self, parent, projects, texts, organisations, locale):
        created = {}
        for key, facts in projects.items():
            project_text = texts[key]
            project = ProjectPage(
                title=project_text["title"],
                slug=key,
                summary=project_text["summary"],
                image=self.images[key],
                start_date=facts["start"],
                end_date=facts["end"],
                budget=facts["budget"],
                currency=facts["currency"],
                lead_organisation=organisations[facts["lead"]],
                funder=organisations[facts["funder"]],
                funding_disclaimer=project_text["funding_disclaimer"],
                body=paragraphs(project_text["body"]),
                target_groups=items(project_text["target_groups"]),
                goals=items(project_text["goals"]),
                results=items(project_text["results"]),
                activities=items(project_text["activities"]),
                featured=True,
            )
            project.partners = [ProjectPartner(organisation=organisations[p]) for p in facts["partners"]]
            created[key] = self.add(parent, project, locale)
        return created

    def create_news(self, parent, news, texts, projects, organisations, topics, locale):
        created = []
        today = timezone.localdate()
        for key, (when, project_key, author, topic_keys) in news.items():
            news_text = texts[key]
            body = stream(news_text["body"])
            body.insert(
                1,
                {
                    "type": "image",
                    "id": str(uuid.uuid4()),
                    "value": {
                        "image": self.images[f"{key}-inline"].pk,
                        "caption": news_text["image_caption"],
                        "alt_text": "",
                    },
                },
            )
            article = NewsPage(
                title=news_text["title"],
                slug=key,
                date=when if isinstance(when, date) else today - timedelta(days=when),
                lead=news_text["lead"],
                image=self.images[key],
                body=body,
                author_organisation=organisations[author],
                related_project=projects[project_key],
            )
            article.topic_links = [NewsPageTopic(topic=topics[t]) for t in topic_keys]
            created.append(self.add(parent, article, locale))
        return created

    def create_events(self, parent, events, texts, projects, locale):
        created = []
        today = timezone.localdate()
        for key, (when, hour, hours, project_key) in events.items():
            event_text = texts[key]
            day = when if isinstance(when, date) else today + timedelta(days=when)
            zone_name = EVENT_TIME_ZONES.get(key, settings.TIME_ZONE)
            start = timezone.make_aware(datetime.combine(day, time(hour)), ZoneInfo(zone_name))
            event = EventPage(
                title=event_text["title"],
                slug=key,
                start=start,
                end=start + timedelta(hours=hours),
                venue=event_text["venue"],
                address=event_text["address"],
                summary=event_text["summary"],
                image=self.images[key],
                body=paragraphs(event_text["body"]),
                related_project=projects[project_key],
                time_zone=zone_name,  # the page shows its times in the place's zone
            )
            created.append(self.add(parent, event, locale))
        return created

    def create_contact_page(self):
        text = self.source["contact"]
        labels = text["labels"]
        contact = ContactPage(
            title=text["title"],
            slug="contact",
            intro=text["intro"],
            thank_you_text=text["thank_you"],
            to_address="office@example.org",
            from_address="noreply@example.org",
            subject="Glas: contact form",
            show_in_menus=True,
        )
        contact.form_fields = [
            ContactFormField(sort_order=0, label=labels["name"], field_type="singleline", required=True),
            ContactFormField(sort_order=1, label=labels["email"], field_type="email", required=True),
            ContactFormField(sort_order=2, label=labels["organisation"], field_type="singleline", required=False),
            ContactFormField(sort_order=3, label=labels["message"], field_type="multiline", required=True),
        ]
        self.add(self.home, contact)

    def add(self, parent, page, locale=None):
        page.locale = locale or self.locales[settings.LANGUAGE_CODE]
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    # Translations ----------------------------------------------------------------------

    def translate_everything(self):
        """Translate each snippet and page through wagtail-localize, parents first."""
        objects = [*self.organisations.values(), *self.topics.values()]
        objects += [page.specific for page in Page.objects.descendant_of(self.home, inclusive=True).order_by("path")]
        # Snippets first, then pages by depth, projects before the news and events that point at them.
        objects.sort(
            key=lambda obj: (obj.depth, not isinstance(obj, ProjectPage)) if isinstance(obj, Page) else (0, 0)
        )
        for code, target_text in self.translations.items():
            translate_objects(objects, self.locales[code], dict(segment_pairs(self.source, target_text)))

    # Content written in Bulgarian first ------------------------------------------------

    def create_bulgarian_first(self):
        """The Bulgarian-first project, its news and event: created in the Bulgarian tree (the
        translations of the English index pages), then translated from Bulgarian."""
        texts = load_json("bulgarian_first.json")
        bg = self.locales.get(BULGARIAN_FIRST)
        if bg is None or not self.news_index.has_translation(bg):
            return
        source = texts[BULGARIAN_FIRST]
        organisations = self.create_organisations(BG_ORGANISATIONS, source["organisations"], bg)
        topics = {key: topic.get_translation(bg) for key, topic in self.topics.items()}
        projects = self.create_projects(
            self.project_index.get_translation(bg), BG_PROJECTS, source["projects"], organisations, bg
        )
        news = self.create_news(
            self.news_index.get_translation(bg), BG_NEWS, source["news"], projects, organisations, topics, bg
        )
        events = self.create_events(self.event_index.get_translation(bg), BG_EVENTS, source["events"], projects, bg)
        # Snippets first, then the project that the news and the event point at.
        objects = [*organisations.values(), *projects.values(), *news, *events]
        for code, _name in settings.LANGUAGES:
            if code != BULGARIAN_FIRST and code in texts and code in self.locales:
                translate_objects(objects, self.locales[code], dict(segment_pairs(source, texts[code])))
