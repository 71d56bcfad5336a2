"""Pages of consultations that belong to no one consultation: a citizen's own comments on all of
them (by e-mailed link, no account) and the "stop these e-mails" link (consultations/mine.py)."""

from django.urls import path

from consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("list/<str:token>/", views.mine_list, name="mine_list"),
    path("stop/<str:token>/", views.stop_mail, name="stop_mail"),
]
