from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from home import views as home_views

FEATURE_URLS = [("essays", "jury/"), ("consultations", "my-comments/")]

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    # For load balancers: /healthz/live (the process answers), /healthz/ready and /healthz (the
    # database, the shared cache and the uploads folder too; 503 naming what fails).
    path("healthz", core_views.healthz_ready, name="healthz"),
    path("healthz/live", core_views.healthz_live, name="healthz_live"),
    path("healthz/ready", core_views.healthz_ready, name="healthz_ready"),
    # The open-data API (opendata/urls.py): versioned, and outside the language prefixes.
    path("api/v1/", include("opendata.urls")),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", core_views.favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static as serve_media

    urlpatterns += serve_media(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", home_views.search, name="search"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/e-mails/", core_views.email_language, name="email_language"),
    # Each feature app may have pages of its own beside Wagtail's (the jury's); an app taken
    # out of INSTALLED_APPS takes them with it.
    *(path(prefix, include(f"{app}.urls")) for app, prefix in FEATURE_URLS if apps.is_installed(app)),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "core.views.server_error"
