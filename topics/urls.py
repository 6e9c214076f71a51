from django.urls import path

from topics import views

app_name = "topics"
urlpatterns = [
    path("", views.cluster_list, name="list"),
    path("<int:pk>/", views.cluster_detail, name="detail"),
]
