"""Load the demo essay competitions: one open for entries, one in judging with entries and
partial scores, and one whose results are published. Pages are written in English and translated
through wagtail-localize; the essays are in their writers' languages. Safe to run twice; runs
after `load_demo_content`, which makes the home page and the demo users."""

import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale

from core import roles
from core.tokens import hash_token, new_token
from essays.choices import EntryStatus
from essays.jury import assign_jurors
from essays.models import Assignment, Award, CompetitionIndexPage, CompetitionPage, Entry, RankingSettings, Score
from essays.text import count_words
from home.demo.command import DemoCommand
from home.demo.localize import segment_pairs, translate_objects

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
SKOPJE = ZoneInfo("Europe/Skopje")
DEMO_PASSWORD = "glas-demo-2026"
EXTRA_JURORS = ["juror2", "juror3"]
RUBRIC_FACTS = [(2, 10), (1, 10), (1, 10), (1, 5)]  # (weight, maximum points) per criterion
PRIZE_AMOUNTS = ["€300", "€200", "€100"]

# Points per entry (in entries.json order) for each juror: the demo juror leaves some undone.
JUDGING_POINTS = [[8, 7, 7, 5], [6, 6, 7, 4], [9, 8, 8, 5], [7, 7, 6, 4], [7, 8, 8, 5], [8, 9, 8, 5]]
RESULTS_POINTS = [[10, 9, 9, 5], [9, 9, 8, 5], [9, 8, 8, 4], [7, 6, 7, 4], [6, 7, 6, 3], [6, 6, 5, 4]]


def skopje(day, hour=0, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=SKOPJE)


class Command(DemoCommand):
    demo_dir = DEMO_DIR

    help = "Load the demo essay competitions. Does nothing if they are there."

    def handle(self, *args, **options):
        self.quiet = options["quiet"]
        if CompetitionIndexPage.objects.exists():
            self.say("Demo competitions are already there: nothing to do.")
            return
        home = self.demo_home()
        self.source, translations = self.demo_texts()
        with transaction.atomic():
            self.jurors = self.create_jurors()
            pages = self.create_pages(home)
            for code, text in translations.items():
                translate_objects(
                    pages, Locale.objects.get(language_code=code), dict(segment_pairs(self.source, text))
                )
            self.grant_coordinators(pages[0])
            self.create_entries()
        self.say("Demo competitions loaded in: " + ", ".join([settings.LANGUAGE_CODE, *translations]))

    def create_jurors(self):
        User = get_user_model()
        jury = Group.objects.get(name=roles.JURY)
        jurors = list(User.objects.filter(username="juror"))
        for username in EXTRA_JURORS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org", "first_name": username.capitalize()}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(jury)
            jurors.append(user)
        return jurors

    def create_pages(self, home):
        text = self.source
        index = CompetitionIndexPage(
            title=text["index"]["title"], slug="essays", intro=text["index"]["intro"], show_in_menus=True
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        today = timezone.localdate()
        facts = {
            "open": {
                "slug": "the-village-i-would-not-leave",
                "opens_at": skopje(today - timedelta(days=7), 9),
                "deadline": skopje(today + timedelta(days=45), 23, 59),
                "jury_deadline": skopje(today + timedelta(days=60), 23, 59),
                "results_at": skopje(today + timedelta(days=75), 12),
                "min_words": 300,
                "max_words": 1000,
                "accepted_languages": "mk,sq,tr,rom,sr,bs",
                "jurors_per_entry": 2,
            },
            "judging": {
                "slug": "a-language-i-heard-on-my-street",
                "opens_at": skopje(today - timedelta(days=60), 9),
                "deadline": skopje(today - timedelta(days=7), 23, 59),
                "jury_deadline": skopje(today + timedelta(days=14), 23, 59),
                "results_at": skopje(today + timedelta(days=21), 12),
                "min_words": 60,
                "max_words": 800,
                "accepted_languages": "mk,sq,tr,rom,sr,bs,en",
                "jurors_per_entry": 2,
            },
            "results": {
                "slug": "my-neighbour-from-the-next-street",
                "opens_at": skopje(date(2023, 5, 10), 9),
                "deadline": skopje(date(2023, 9, 1), 23, 59),
                "jury_deadline": skopje(date(2023, 9, 25), 23, 59),
                "results_at": skopje(date(2023, 10, 5), 12),
                "results_published_at": skopje(date(2023, 10, 5), 12),
                "min_words": 120,
                "max_words": 1200,
                "accepted_languages": "mk,sq,tr,rom,sr,bs",
                "jurors_per_entry": 0,
            },
        }
        rubric = [
            {
                "type": "criterion",
                "id": str(uuid.uuid4()),
                "value": {**criterion, "weight": str(weight), "max_points": points},
            }
            for criterion, (weight, points) in zip(text["rubric"], RUBRIC_FACTS, strict=True)
        ]
        self.pages = {}
        pages = [index]
        for key, page_facts in facts.items():
            content = text["competitions"][key]
            page = CompetitionPage(
                title=content["title"],
                theme=content["theme"],
                summary=content["summary"],
                description=content["description"],
                rules=content["rules"],
                eligibility=content["eligibility"],
                school_grades=content["school_grades"],
                region=content["region"],
                min_age=14,
                max_age=19,
                accepted_file_types="pdf,docx,odt",
                prizes=[
                    {
                        "type": "prize",
                        "id": str(uuid.uuid4()),
                        "value": {"place": place, "title": title, "amount": amount},
                    }
                    for place, (title, amount) in enumerate(zip(content["prizes"], PRIZE_AMOUNTS, strict=True), 1)
                ],
                rubric=rubric,
                key_criterion=1,
                privacy_notice=text["privacy_notice"],
                consent_version="2026-1" if key != "results" else "2023-1",
                jury_statement=content.get("jury_statement", ""),
                **page_facts,
            )
            index.add_child(instance=page)
            page.jury.set(self.jurors)
            page.save_revision().publish()
            if key == "judging":  # set by the coordinator beside the ranking, not on the page
                RankingSettings.objects.create(
                    competition_key=page.translation_key, normalisation="zscore", min_scores_for_normalisation=3
                )
            self.pages[key] = page
            pages.append(page)
        return pages

    def grant_coordinators(self, index):
        coordinators = Group.objects.get(name="Competition coordinators")
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=coordinators,
                page=index,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )

    def page_in(self, key, language):
        source = self.pages[key]
        locale = Locale.objects.filter(language_code=language).first()
        return (source.get_translation_or_none(locale) if locale else None) or source

    def create_entries(self):
        entries = self.load("entries.json")
        demo_juror = self.jurors[0]
        for key, points_table in (("judging", JUDGING_POINTS), ("results", RESULTS_POINTS)):
            page = self.pages[key]
            created = []
            for n, row in enumerate(entries[key]):
                submitted = page.deadline - timedelta(days=20 - n, hours=n)
                entry = Entry(
                    competition=self.page_in(key, row["language"]),
                    competition_key=page.translation_key,
                    status=EntryStatus.SUBMITTED,
                    name=row.get("name", ""),
                    email="" if row.get("anonymised") else f"student{n + 1}.{key}@example.org",
                    birth_date=date(row["birth_year"], 3 + n, 10 + n),
                    school=row.get("school", ""),
                    grade=row["grade"],
                    municipality=row["municipality"],
                    title=row.get("title", ""),
                    language=row["language"],
                    text=row.get("text", ""),
                    # An anonymised entry's text is gone; its word count stays for the statistics.
                    word_count=count_words(row.get("text", "")) or 400 + 37 * n,
                    originality_declared_at=submitted,
                    privacy_consent_at=submitted,
                    consent_version=page.consent_version,
                    publish_name=row.get("publish_name", False),
                    edit_token_hash=hash_token(new_token()),
                    submitted_at=submitted,
                    personal_data_deleted_at=timezone.now() if row.get("anonymised") else None,
                )
                entry.save()
                created.append(entry)
                if row.get("award"):
                    Award.objects.create(entry=entry, place=row["award"], decided_at=page.results_at)
            assign_jurors(page)
            criteria = page.criteria()
            for index, entry in enumerate(created):
                for assignment in Assignment.objects.filter(entry=entry).order_by("juror_id"):
                    shift = (assignment.juror_id % 3) - 1  # jurors differ a little
                    points = [
                        max(0, min(c.max_points, p + shift))
                        for c, p in zip(criteria, points_table[index], strict=True)
                    ]
                    in_judging = key == "judging" and assignment.juror_id == demo_juror.pk
                    if in_judging and index % 3 == 2:
                        continue  # not started yet
                    Score.objects.bulk_create(
                        [
                            Score(assignment=assignment, criterion_id=c.id, points=p)
                            for c, p in zip(criteria, points, strict=True)
                        ]
                    )
                    if not (in_judging and index % 3 == 1):  # a draft for the demo juror
                        assignment.submitted_at = entry.submitted_at + timedelta(days=10)
                        assignment.overall_comment = ""
                        assignment.save(update_fields=["submitted_at", "overall_comment"])
