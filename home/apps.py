from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site content")

    def ready(self):
        # The snippets' signals need the models, which are loaded only now.
        from home import signals

        signals.connect()
