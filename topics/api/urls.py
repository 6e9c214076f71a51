from django.urls import path

from topics.api import views

urlpatterns = [
    path("clusters/", views.ClusterListView.as_view(), name="api-topics-clusters"),
    path("clusters/<int:pk>/", views.ClusterDetailView.as_view(), name="api-topics-cluster"),
]
