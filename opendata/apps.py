from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """The read-only, public open-data API at /api/v1/ and the per-consultation download."""

    name = "opendata"
    verbose_name = "Open data"
