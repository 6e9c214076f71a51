from django.urls import path

from deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("calculator/", views.calculator, name="calculator"),
]
