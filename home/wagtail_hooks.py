from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home import cache
from home.models import Organisation, Topic


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Pages served by Wagtail may be kept in the anonymous page cache (home/cache.py)."""
    cache.tag_page(request, page)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "city", "locale"]
    list_filter = ["locale", "city"]
    search_fields = ["name", "city"]
    list_export = ["name", "city", "website", "phone", "locale"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]
    search_fields = ["name"]


register_snippet(OrganisationViewSet)
register_snippet(TopicViewSet)
