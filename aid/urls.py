from django.urls import path

from aid import views

app_name = "aid"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("budgets/", views.budget_list, name="budgets"),
    path("apply/<int:pk>/", views.application_create, name="apply"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/review/", views.application_review, name="review"),
    path("<int:pk>/approve/", views.application_approve, name="approve"),
    path("<int:pk>/pay/", views.application_pay, name="pay"),
    path("documents/<int:pk>/", views.document_download, name="document"),
]
