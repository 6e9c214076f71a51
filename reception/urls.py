from django.urls import path

from reception import views

app_name = "reception"
urlpatterns = [
    path("", views.day, name="day"),
    path("roster/", views.roster, name="roster"),
    path("roster/<int:pk>/remove/", views.duty_remove, name="duty_remove"),
    path("receptions/new/", views.reception_new, name="reception_new"),
    path("receptions/<int:pk>/", views.reception_detail, name="reception_detail"),
    path("officers/", views.officers, name="officers"),
    path("lawyers/", views.lawyers, name="lawyers"),
    path("lawyers/<int:pk>/", views.lawyer_detail, name="lawyer_detail"),
    path("petitions/<int:pk>/lawyers/", views.assign, name="assign"),
    path("assignments/<int:pk>/end/", views.unassign, name="unassign"),
    path("assignments/<int:pk>/advice/", views.advice, name="advice"),
    path("statistics/", views.statistics, name="statistics"),
]
