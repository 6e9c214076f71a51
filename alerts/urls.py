from django.urls import path

from alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:pk>/acknowledge/", views.alert_acknowledge, name="acknowledge"),
    path("<int:pk>/close/", views.alert_close, name="close"),
    path("<int:pk>/petitions/", views.alert_petitions, name="petitions"),
]
