from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Public consultations on draft documents (built in the consultations issue)."""

    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from consultations import signals

        signals.connect()
