from django.urls import path

from reception import public_views

app_name = "appointments"
urlpatterns = [
    path("", public_views.schedule, name="list"),
    path("<int:pk>/", public_views.reception, name="reception"),
    path("booked/", public_views.booked, name="booked"),
    path("cancel/", public_views.cancel, name="cancel"),
]
