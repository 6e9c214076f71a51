from django.urls import path

from mediation import views

app_name = "mediation"
urlpatterns = [
    path("", views.mediation_list, name="list"),
    path("open/<int:pk>/", views.mediation_open, name="open"),
    path("<int:pk>/", views.mediation_detail, name="detail"),
    path("<int:pk>/session/", views.mediation_session, name="session"),
    path("<int:pk>/conclude/", views.mediation_conclude, name="conclude"),
    path("<int:pk>/confirm/", views.mediation_confirm, name="confirm"),
]
