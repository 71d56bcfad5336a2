from django.urls import path

from essays import jury_views

app_name = "essays"

urlpatterns = [
    path("", jury_views.my_competitions, name="my_competitions"),
    path("<uuid:key>/", jury_views.competition_entries, name="competition_entries"),
    path("<uuid:key>/<str:code>/", jury_views.score_entry, name="score_entry"),
    path("<uuid:key>/<str:code>/file/", jury_views.entry_file, name="entry_file"),
]
