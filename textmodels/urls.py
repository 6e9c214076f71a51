from django.urls import path

from textmodels import views

app_name = "textmodels"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("petitions/<int:pk>/confirm/", views.confirm, name="confirm"),
]
