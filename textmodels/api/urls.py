from django.urls import path

from textmodels.api import views

urlpatterns = [
    path(
        "petitions/<int:pk>/suggestions/", views.SuggestionsView.as_view(), name="api-textmodels-suggestions"
    ),
    path("petitions/<int:pk>/confirm/", views.ConfirmView.as_view(), name="api-textmodels-confirm"),
    path("rates/", views.RatesView.as_view(), name="api-textmodels-rates"),
]
