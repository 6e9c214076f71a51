from django.urls import path

from search import views

app_name = "search"
urlpatterns = [
    path("intake-duplicates/", views.intake_duplicates, name="intake_duplicates"),
    path("petitions/<int:pk>/repeat/", views.link, {"kind": "repeat"}, name="link_repeat"),
    path("petitions/<int:pk>/merge/", views.link, {"kind": "merge"}, name="merge"),
    path("petitions/<int:pk>/split/", views.split, name="split"),
]
