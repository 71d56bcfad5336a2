"""The site's URLs plus the ceiling: the smallest Django view, through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def ceiling(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ceiling", ceiling), *site_urlpatterns]
