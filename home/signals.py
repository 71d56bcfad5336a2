"""What every page shows of home's snippets (organisations, topics): a change purges the site."""

from core.signals import purge_site_on_change
from home.models.snippets import Organisation, Topic


def connect() -> None:
    for model in (Organisation, Topic):
        purge_site_on_change(model, model.__name__)
