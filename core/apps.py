from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The platform under the content and feature apps; it imports none of them."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Signals need the models of Wagtail, which are loaded only once the apps are ready.
        from core import signals

        signals.connect()
