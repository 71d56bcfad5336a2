"""factory_boy factories for Glas content, in one place."""

import copy
import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone
from wagtail.models import Locale

from consultations.choices import Stance, Status
from consultations.drafts import take_snapshot
from consultations.models import Comment, ConsultationPage
from core import roles
from essays.choices import EntryStatus
from essays.models import CompetitionPage, Entry
from home.models import (
    EventIndexPage,
    EventPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    Organisation,
    ProjectIndexPage,
    ProjectPage,
    StandardPage,
    Topic,
)

PASSWORD = "correct-horse-battery"


def english():
    return Locale.objects.get_or_create(language_code="en")[0]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    locale = factory.LazyFunction(english)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    city = "Skopje"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    locale = factory.LazyFunction(english)
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Glas"
    slug = "home"
    hero_heading = "Voices of civil society"
    hero_text = "News and projects of our network."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"About us {n}")
    intro = "Who we are."


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "News"
    slug = "news"
    show_in_menus = True


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"News article {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300))
    lead = "A short lead."
    body = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>Body text.</p>"}])


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectIndexPage

    title = "Projects"
    slug = "projects"
    show_in_menus = True


class ProjectPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProjectPage

    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "A project of the network."
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    budget = 400000
    currency = "MKD"
    featured = True


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Events"
    slug = "events"
    show_in_menus = True


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Event {n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    end = factory.LazyAttribute(lambda e: e.start + datetime.timedelta(hours=2))
    venue = "Cultural centre"
    address = "Main street 1, Kratovo"


CONSULTATION_DRAFT = [
    {"type": "paragraph", "value": "<p>This strategy covers 2027 to 2031.</p>"},
    {"type": "section", "value": "Young people and work"},
    {"type": "paragraph", "value": "<p>Paid internships with local employers.</p>"},
    {"type": "paragraph", "value": "<p>A youth office in every municipality.</p>"},
    {"type": "section", "value": "Transport"},
    {"type": "paragraph", "value": "<p>Buses between villages every hour.</p>"},
]


def make_consultation(parent, slug, opens_in_days, lasts_days=30, draft=None, **fields):
    """A published consultation that opened `opens_in_days` from now (negative: in the past)."""
    opens_at = timezone.now() + datetime.timedelta(days=opens_in_days)
    page = ConsultationPage(
        title=fields.pop("title", f"Consultation {slug}"),
        slug=slug,
        summary="A local strategy on youth employment and migration.",
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=lasts_days),
        # A copy: a test that edits the page's raw draft must not edit the next test's draft.
        draft=copy.deepcopy(CONSULTATION_DRAFT if draft is None else draft),
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class CommentFactory(factory.django.DjangoModelFactory):
    """A published comment; pass `consultation` and, for a paragraph comment, `paragraph_id`."""

    class Meta:
        model = Comment
        skip_postgeneration_save = True

    stance = Stance.SUPPORT
    text = factory.Sequence(lambda n: f"Comment number {n} on the draft.")
    author_name = factory.Sequence(lambda n: f"Citizen {n}")
    email = factory.Sequence(lambda n: f"citizen{n}@example.org")
    language = factory.LazyAttribute(lambda c: c.consultation.locale.language_code)
    status = Status.PUBLISHED
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def snapshot(comment, create, extracted, **kwargs):
        take_snapshot(comment, comment.consultation)
        if create:
            comment.save()


RUBRIC = [
    {"type": "criterion", "value": {"name": "Idea", "description": "", "weight": "2", "max_points": 10}},
    {"type": "criterion", "value": {"name": "Language", "description": "", "weight": "1", "max_points": 10}},
    {"type": "criterion", "value": {"name": "Structure", "description": "", "weight": "1", "max_points": 5}},
]


def make_competition(parent, slug, opens_in_days, lasts_days=30, **fields):
    """A published essay competition that opened `opens_in_days` from now (negative: in the past)."""
    opens_at = timezone.now() + datetime.timedelta(days=opens_in_days)
    deadline = opens_at + datetime.timedelta(days=lasts_days)
    defaults = {
        "title": f"Competition {slug}",
        "theme": "My neighbour from the next street",
        "summary": "Secondary-school students write about a neighbour.",
        "accepted_languages": "mk,sq,bg,en",
        "accepted_file_types": "pdf,docx,odt",
        "min_words": 20,
        "max_words": 200,
        "min_age": 14,
        "max_age": 19,
        "opens_at": opens_at,
        "deadline": deadline,
        "jury_deadline": deadline + datetime.timedelta(days=14),
        "results_at": deadline + datetime.timedelta(days=21),
        "rubric": copy.deepcopy(RUBRIC),
        "prizes": [{"type": "prize", "value": {"place": 1, "title": "First prize", "amount": "EUR 300"}}],
    }
    page = CompetitionPage(slug=slug, **{**defaults, **fields})
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_entry(page, **fields):
    """A submitted entry to a competition, as the entry form would save it."""
    defaults = {
        "competition": page,
        "name": "Ana Petrovska",
        "email": "ana@example.org",
        "birth_date": "2008-03-01",
        "school": "Gymnasium Nikola Karev",
        "grade": "4",
        "municipality": "Kratovo",
        "title": "The shoemaker",
        "language": "en",
        "text": "Every morning the old shoemaker opens his shop.",
        "word_count": 8,
        "status": EntryStatus.SUBMITTED,
        "consent_version": "1",
        "edit_token_hash": "x" * 64,
    }
    entry = Entry(**{**defaults, **fields})
    entry.save()
    return entry


def juror(name):
    """A user in the Jury role."""
    user = UserFactory(username=name)
    user.groups.add(Group.objects.get(name=roles.JURY))
    return user


# Every role, and None for a visitor who is not signed in: rules are tested for each.
ROLES = [None, roles.EDITORS, roles.TRANSLATORS, roles.MODERATORS, roles.JURY, roles.COORDINATORS]


def person(role):
    """A signed-in user in the role's group, or an anonymous visitor for None."""
    if role is None:
        return AnonymousUser()
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user
