"""/api/v1/: the open-data API, outside the language prefixes (the language of a version is a
query parameter or a key of per-language fields). Each feature app's endpoints are there only
while the app is installed."""

from django.apps import apps
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.docs, name="docs"),
    # A stable address for the OpenAPI 3 schema: YAML, or JSON with ?format=json.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("news/", views.NewsList.as_view(), name="news"),
    path("projects/", views.ProjectList.as_view(), name="projects"),
    path("events/", views.EventList.as_view(), name="events"),
]

if apps.is_installed("consultations"):
    from opendata import consultation_views as consultations
    from opendata import download

    urlpatterns += [
        path("consultations/", consultations.ConsultationList.as_view(), name="consultations"),
        path("consultations/<str:key>/", consultations.ConsultationDetail.as_view(), name="consultation"),
        path(
            "consultations/<str:key>/paragraphs/",
            consultations.ParagraphList.as_view(),
            name="consultation_paragraphs",
        ),
        path("consultations/<str:key>/report/", consultations.ReportFigures.as_view(), name="consultation_report"),
        path("consultations/<str:key>/download.zip", download.consultation_download, name="consultation_download"),
        path("comments/", consultations.CommentList.as_view(), name="comments"),
        path("answers/", consultations.AnswerList.as_view(), name="answers"),
    ]

if apps.is_installed("essays"):
    from opendata import competition_views as competitions

    urlpatterns += [
        path("competitions/", competitions.CompetitionList.as_view(), name="competitions"),
        path("competitions/<str:key>/", competitions.CompetitionDetail.as_view(), name="competition"),
        path(
            "competitions/<str:key>/results/",
            competitions.CompetitionResults.as_view(),
            name="competition_results",
        ),
    ]
