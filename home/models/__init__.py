from home.models.events import EventIndexPage, EventPage
from home.models.news import NewsIndexPage, NewsPage, NewsPageTopic
from home.models.pages import ContactFormField, ContactPage, HomePage, StandardPage
from home.models.projects import ProjectIndexPage, ProjectPage, ProjectPartner
from home.models.snippets import Organisation, Topic

__all__ = [
    "ContactFormField",
    "ContactPage",
    "EventIndexPage",
    "EventPage",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTopic",
    "Organisation",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectPartner",
    "StandardPage",
    "Topic",
]
