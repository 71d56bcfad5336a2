from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.sections import HomeSection
from home.models import Organisation, Topic
from home.sections import latest_content, latest_content_changes_at


@hooks.register("register_home_section")
def latest_content_section():
    return HomeSection(
        "latest", "home/includes/home_content.html", latest_content, order=50, changes_at=latest_content_changes_at
    )


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
