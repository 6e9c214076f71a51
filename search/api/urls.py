from django.urls import path

from search.api import views

urlpatterns = [
    path("duplicates/", views.DuplicateCandidatesView.as_view(), name="api-search-duplicates"),
    path("petitions/<int:pk>/repeat/", views.LinkView.as_view(), name="api-search-repeat"),
    path("petitions/<int:pk>/merge/", views.MergeView.as_view(), name="api-search-merge"),
    path("petitions/<int:pk>/split/", views.SplitView.as_view(), name="api-search-split"),
]
