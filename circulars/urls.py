from django.urls import path

from circulars import views

app_name = "circulars"
urlpatterns = [
    path("", views.circular_list, name="list"),
    path("<int:pk>/", views.circular_detail, name="detail"),
    path("<int:pk>/download/", views.circular_download, name="download"),
    path("explanations/<int:pk>/", views.explanation_submit, name="explanation"),
    path("assessment/", views.assessment_page, name="assessment"),
    path("assessment/export.xlsx", views.assessment_export, name="assessment_export"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("return-visits/", views.return_visits, name="return_visits"),
    path("return-visits/<int:pk>/", views.return_visit_detail, name="return_visit"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
]
