"""Load the demo consultations: an open draft strategy for Kukës County and a closed visitor
plan for Kuklica with its report, both translated through wagtail-localize, with comments
written in the commenters' own languages, replies and official responses. Safe to run twice.
Runs after `load_demo_content`, which makes the home page and the organisations."""

import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from consultations.choices import Status
from consultations.drafts import take_snapshot
from consultations.models import Comment, ConsultationIndexPage, ConsultationPage, DraftVersion, Municipality
from consultations.models.municipalities import match_municipality
from core import roles
from home.demo.command import DemoCommand
from home.demo.localize import segment_pairs, translate_objects
from home.models import Organisation

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
SKOPJE = ZoneInfo("Europe/Skopje")

# Facts that do not change with the language. The municipalities of each comment form are
# given by their English names (municipality_list in the texts).
CONSULTATIONS = {
    # Kukës County is in Albania: its consultation shows Tirana time.
    "open": {
        "slug": "youth-employment-migration-kukes",
        "organiser": "TAG",
        "time_zone": "Europe/Tirane",
        "municipalities": ["Kukës", "Has", "Tropojë"],
    },
    "closed": {
        "slug": "kuklica-visitor-plan",
        "municipalities": ["Kratovo", "Kriva Palanka", "Kumanovo", "Kyustendil"],
        "organiser": "Izvor",
        "opens": date(2026, 4, 1),
        "closes": date(2026, 4, 30),
        "report": date(2026, 6, 15),
    },
}


# The closed consultation's second draft came out between its closing and its report.
VERSION_2 = date(2026, 6, 10)


def second_draft(blocks, changes):
    """The draft's blocks with the demo's changes made: a paragraph (numbered as the page numbers
    them) given a new text, or a new paragraph inserted after it."""
    paragraphs = [block for block in blocks if block["type"] == "paragraph"]
    result = [dict(block) for block in blocks]
    for change in changes:
        target = paragraphs[change["paragraph"] - 1]
        index = next(i for i, block in enumerate(result) if block["id"] == target["id"])
        if "value" in change:
            result[index]["value"] = change["value"]
        if "insert_after" in change:
            result.insert(index + 1, {"type": "paragraph", "value": change["insert_after"], "id": str(uuid.uuid4())})
    return result


def skopje(day, hour=0):
    return datetime.combine(day, time(hour), tzinfo=SKOPJE)


class Command(DemoCommand):
    demo_dir = DEMO_DIR

    help = "Load the demo consultations, their translations and comments. Does nothing if they are there."

    def handle(self, *args, **options):
        self.quiet = options["quiet"]
        if ConsultationIndexPage.objects.exists():
            self.say("Demo consultations are already there: nothing to do.")
            return
        home = self.demo_home()
        self.source, translations = self.demo_texts()
        with transaction.atomic():
            municipalities = self.create_municipalities()
            pages = self.create_pages(home)
            for code, text in translations.items():
                locale = Locale.objects.get(language_code=code)
                translate_objects([*municipalities, *pages], locale, dict(segment_pairs(self.source, text)))
            self.create_comments()
            self.publish_second_version(translations)
        self.say("Demo consultations loaded in: " + ", ".join([settings.LANGUAGE_CODE, *translations]))

    def publish_second_version(self, translations):
        """The closed consultation's draft changed after the comments: version 2, published in
        every language, with paragraphs changed and one added (block ids kept, so each comment
        stays beside its paragraph and the versions can be compared)."""
        source_v2 = self.source["closed"].get("draft_v2")
        if not source_v2:
            return
        page = ConsultationPage.objects.get(pk=self.pages["closed"].pk)
        page.draft = second_draft(list(page.draft.raw_data), source_v2["changes"])
        page.draft_versions.add(DraftVersion(summary=source_v2["summary"], published_at=skopje(VERSION_2, 12)))
        page.save_revision().publish()
        for code, text in translations.items():
            strings = dict(segment_pairs(self.source, text))
            translate_objects([page], Locale.objects.get(language_code=code), strings)

    def create_municipalities(self):
        """The municipalities of the comment forms, in English; translated with the pages."""
        self.municipalities = {}
        locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        for row in self.source["municipality_list"]:
            municipality, _created = Municipality.objects.get_or_create(
                locale=locale, name=row["name"], defaults={"country": row["country"]}
            )
            self.municipalities[row["name"]] = municipality
        return list(self.municipalities.values())

    def create_pages(self, home):
        text = self.source
        index = ConsultationIndexPage(
            title=text["index"]["title"], slug="consultations", intro=text["index"]["intro"], show_in_menus=True
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        pages = [index]
        now = timezone.now()
        for key, facts in CONSULTATIONS.items():
            content = text[key]
            if key == "open":
                opens_at = (now - timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
                closes_at = skopje((now + timedelta(days=30)).astimezone(SKOPJE).date(), 23)
                report_at = None
            else:
                opens_at, closes_at = skopje(facts["opens"], 9), skopje(facts["closes"], 23)
                report_at = skopje(facts["report"], 12)
            page = ConsultationPage(
                title=content["title"],
                slug=facts["slug"],
                summary=content["summary"],
                organiser=Organisation.objects.filter(
                    locale__language_code=settings.LANGUAGE_CODE, name__icontains=facts["organiser"]
                ).first(),
                municipalities=[
                    {"type": "item", "value": name, "id": str(uuid.uuid4())} for name in content["municipalities"]
                ],
                opens_at=opens_at,
                closes_at=closes_at,
                report_published_at=report_at,
                time_zone=facts.get("time_zone", settings.TIME_ZONE),
                how_to_take_part=content["how_to_take_part"],
                draft=[{"type": b["type"], "value": b["value"], "id": str(uuid.uuid4())} for b in content["draft"]],
                report_summary=content.get("report_summary", ""),
                report_changes=content.get("report_changes", ""),
                comment_municipalities=[self.municipalities[name] for name in facts["municipalities"]],
            )
            index.add_child(instance=page)
            page.save_revision().publish()
            pages.append(page)
        self.pages = dict(zip(CONSULTATIONS, pages[1:], strict=True))
        return pages

    def create_comments(self):
        moderator = get_user_model().objects.filter(groups__name=roles.MODERATORS).first()
        now = timezone.now()
        created = []
        # A municipality written in any language links to the list's when it is on the page's list.
        every_language = list(Municipality.objects.all())
        self.municipalities_by_key = {m.translation_key: m for m in self.municipalities.values()}
        for row in self.load("comments.json"):
            source = self.pages[row["consultation"]]
            page = source.get_translation_or_none(Locale.objects.get(language_code=row["language"])) or source
            block_ids = [p.block_id for section in source.sections() for p in section.paragraphs]
            parent = created[row["reply_to"]] if "reply_to" in row else None
            if "date" in row:
                written = skopje(date.fromisoformat(row["date"]), 18)
            else:
                written = (now - timedelta(days=row["days_ago"], hours=3)).replace(microsecond=0)
            status = row.get("status", Status.PUBLISHED)
            comment = Comment(
                consultation=page,
                consultation_key=page.translation_key,
                parent=parent,
                paragraph_id=parent.paragraph_id
                if parent
                else (block_ids[row["paragraph"] - 1] if row.get("paragraph") else ""),
                stance=row["stance"],
                text=row["text"],
                proposed_wording=row.get("proposed_wording", ""),
                author_name=row.get("author_name", ""),
                show_name=not row.get("anonymous", False),
                email="" if row.get("channel") else f"demo.commenter{len(created) + 1}@example.org",
                organisation=row.get("organisation", ""),
                municipality=row.get("municipality", ""),
                language=page.locale.language_code,
                channel=row.get("channel", "online"),
                status=status,
                created_at=written,
                consent_at=written,
                confirmed_at=written + timedelta(minutes=7),
                moderated_at=written + timedelta(hours=5) if status == Status.PUBLISHED else None,
                moderated_by=moderator if status == Status.PUBLISHED else None,
                decision=row.get("decision", ""),
                response=row.get("response", ""),
                response_paragraph_id=block_ids[row["response_paragraph"] - 1]
                if row.get("response_paragraph")
                else "",
                responded_at=written + timedelta(days=2) if row.get("response") else None,
                responded_by=moderator if row.get("response") else None,
            )
            offered = {m.translation_key for m in source.comment_municipalities.all()}
            choice = match_municipality(
                comment.municipality, [m for m in every_language if m.translation_key in offered]
            )
            if choice is not None:
                comment.municipality_choice = self.municipalities_by_key[choice.translation_key]
                comment.municipality = ""
            take_snapshot(comment, page)
            comment.save()
            created.append(comment)
