from django.urls import path

from campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/phases/", views.campaign_phases, name="phases"),
    path("<int:pk>/scope/", views.campaign_scope, name="scope"),
    path("<int:pk>/cases/", views.campaign_cases, name="cases"),
    path("<int:pk>/cases/add/", views.campaign_cases_add, name="cases_add"),
    path("<int:pk>/cases/remove/", views.campaign_cases_remove, name="cases_remove"),
    path("<int:pk>/inspections/", views.inspection_create, name="inspection_create"),
    path("<int:pk>/typical-cases/", views.typical_cases, name="typical_cases"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("typical-cases/<int:pk>/", views.typical_case_detail, name="typical_case"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
]
