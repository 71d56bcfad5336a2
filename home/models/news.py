"""News: the index with filters and feeds, and the articles."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from core import cache as page_cache
from core.blocks import BodyBlock
from core.context_processors import brand_for
from core.fields import image_field
from core.links import absolute_url
from core.locales import language_code_of
from core.pages import CountedBy, GlasPageMixin, IndexPage, localised_link, text_search_fields
from core.restrictions import private_pages_q, visibility_key
from home.feeds import NewsAtomFeed, NewsRssFeed
from home.models.projects import ProjectPage
from home.models.snippets import Topic

NEWS_PER_PAGE = 10


class NewsPageQuerySet(PageQuerySet):
    def for_listing(self, private_pages_q=None):
        """Everything a news card shows, in a fixed number of queries. `private_pages_q` saves
        the view-restriction look-up when the caller already has it."""
        visible = self.live().public() if private_pages_q is None else self.live().exclude(private_pages_q)
        return (
            visible.select_related("image", "author_organisation")
            .prefetch_related("image__renditions")
            .order_by("-date", "-first_published_at", "-pk")
        )


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


class NewsIndexPage(RoutablePageMixin, IndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    menu_feed_route = "rss"  # the menu links the site's news feed to it (core's main_menu)

    class Meta:
        verbose_name = _("news index")

    def articles(self, request=None):
        return NewsPage.objects.child_of(self).for_listing(private_pages_q(request))

    @path("")
    def index_route(self, request):
        private = private_pages_q(request)
        articles = self.articles(request)
        topics = Topic.objects.filter(locale_id=self.locale_id)
        projects = ProjectPage.objects.live().exclude(private).filter(locale_id=self.locale_id).order_by("title")
        selected_topic = request.GET.get("topic", "")[:100]
        selected_project = request.GET.get("project", "")[:20]
        if selected_topic:
            articles = articles.filter(topic_links__topic__slug=selected_topic).distinct()
        project = projects.filter(pk=selected_project).first() if selected_project.isdigit() else None
        if project:
            articles = articles.filter(related_project__translation_key=project.translation_key)
        else:
            selected_project = ""

        listing_key = None
        if not selected_topic and not project:
            # Counting the pages alone spares a join with every article: thousands of rows.
            counter = Page.objects.child_of(self).type(NewsPage).live().exclude(private)
            visibility = visibility_key(private)
            articles = CountedBy(articles, self.kept_count(counter, visibility))
            # The unfiltered list is the same for every visitor: kept rendered (the template's
            # page_fragment) until an article, a project or the site's snippets change.
            listing_key = visibility
        paginator = Paginator(articles, NEWS_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)

        filter_query = urlencode(
            {name: value for name, value in (("topic", selected_topic), ("project", selected_project)) if value}
        )
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "articles": page_obj.object_list,
                "topics": topics,
                "projects": projects,
                "selected_topic": selected_topic,
                "selected_project": selected_project,
                "filter_query": filter_query,
                "listing_key": f"{listing_key}:{page_obj.number}" if listing_key else None,
            },
        )

    def kept_count(self, counter, visibility):
        """How many articles the unfiltered list has, as a callable for CountedBy: kept in the
        cache until an article below this index is published, unpublished or moved (each purges
        the index's tag, core/cache.py)."""
        if not getattr(settings, "GLAS_CACHE_FRAGMENTS", False):
            return counter.count
        key = page_cache.fragment_key("news-count", str(self.pk), visibility)
        tag = page_cache.page_tag(self.pk)
        return lambda: page_cache.tag_cached(tag, key, counter.count, page_cache.FRAGMENT_SECONDS)

    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return NewsAtomFeed(self)(request)


class NewsPageTopic(TranslatableMixin, Orderable):
    """Links an article to a topic. Translatable, so that wagtail-localize points each
    translation of the article at the topic's translation in the same language."""

    page = ParentalKey("home.NewsPage", on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey("home.Topic", verbose_name=_("topic"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("topic")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        pass


class NewsPage(GlasPageMixin, Page):
    date = models.DateField(_("date"))
    lead = models.TextField(_("lead"), help_text=_("One or two sentences shown in lists and link previews."))
    image = image_field(_("image"))
    body = StreamField(BodyBlock(), verbose_name=_("body"))
    author_organisation = models.ForeignKey(
        "home.Organisation",
        verbose_name=_("author organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )
    related_project = models.ForeignKey(
        "home.ProjectPage",
        verbose_name=_("related project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )

    objects = NewsPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("author_organisation"),
                FieldPanel("related_project"),
                InlinePanel("topic_links", label=_("Topics")),
            ],
            heading=_("Classification"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        *text_search_fields("lead", "body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        # Lists, feeds and "previous / next" order by date: with thousands of articles the
        # index saves a sort of all of them on every view.
        indexes = [models.Index(fields=["date", "page_ptr"], name="home_newspage_date_idx")]

    def topics(self):
        return [link.topic for link in self.topic_links.all()]

    def structured_data(self, request):
        """The article as a schema.org NewsArticle (JSON-LD in the page's head)."""
        language = language_code_of(self)
        data = {
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.lead,
            "datePublished": self.date.isoformat(),
            "inLanguage": language,
            "url": absolute_url(self.get_url(request), request),
            "publisher": {"@type": "Organization", "name": brand_for(language)},
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.author_organisation:
            data["author"] = {"@type": "Organization", "name": self.author_organisation.name}
        return data

    def project(self):
        return localised_link(self, self.related_project)

    def get_context(self, request, *args, **kwargs):
        # "Previous" and "next" need the view restrictions, which the request looks up once.
        self._private_q = private_pages_q(request)
        return super().get_context(request, *args, **kwargs)

    def visibility_key(self):
        """Which pages are private right now, in short: the article's kept fragment (its
        neighbours) is not shared between two states of the view restrictions."""
        return visibility_key(getattr(self, "_private_q", None))

    def siblings(self):
        if not hasattr(self, "_siblings"):
            private = getattr(self, "_private_q", None)
            live = NewsPage.objects.live()
            visible = live.public() if private is None else live.exclude(private)
            self._siblings = visible.sibling_of(self, inclusive=False)
        return self._siblings

    def previous_article(self):
        return (
            self.siblings()
            # date__lte lets the date index bound the scan; the rest breaks ties by id.
            .filter(models.Q(date__lt=self.date) | models.Q(date=self.date, pk__lt=self.pk), date__lte=self.date)
            .order_by("-date", "-pk")
            .first()
        )

    def next_article(self):
        return (
            self.siblings()
            .filter(models.Q(date__gt=self.date) | models.Q(date=self.date, pk__gt=self.pk), date__gte=self.date)
            .order_by("date", "pk")
            .first()
        )
