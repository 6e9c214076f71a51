from django.urls import path

from handling import views

app_name = "handling"
urlpatterns = [
    path("petitions/<int:pk>/<slug:action>/", views.petition_action, name="action"),
    path("worklists/<slug:name>/", views.worklist, name="worklist"),
]
