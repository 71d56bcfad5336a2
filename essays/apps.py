from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EssaysConfig(AppConfig):
    """Essay competitions with blind jury scoring."""

    name = "essays"
    verbose_name = _("Essay competitions")

    def ready(self):
        # The signals need the models, which are loaded only now.
        from essays import signals

        signals.connect()
