from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Public consultations on draft documents."""

    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        # The signals need the models, which are loaded only now.
        from consultations import signals

        signals.connect()
