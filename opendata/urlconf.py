"""The API's addresses without the language-prefixed site around them. An API answer that is a
404 names this urlconf (opendata.views.exception_handler): Django's LocaleMiddleware would
otherwise redirect it to /<language>/api/v1/..., which Wagtail's catch-all route matches."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("opendata.urls"))]
