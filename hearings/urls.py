from django.urls import path

from hearings import views

app_name = "hearings"
urlpatterns = [
    path("", views.hearing_list, name="hearing_list"),
    path("petition/<int:pk>/new/", views.hearing_create, name="hearing_create"),
    path("<int:pk>/", views.hearing_detail, name="hearing_detail"),
    path("<int:pk>/record/", views.hearing_record, name="hearing_record"),
    path("<int:pk>/cancel/", views.hearing_cancel, name="hearing_cancel"),
    path("<int:pk>/notice.docx", views.hearing_notice, name="hearing_notice"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/petition/<int:pk>/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path(
        "consultations/<int:pk>/tasks/new/", views.consultation_task_create, name="consultation_task_create"
    ),
    path("consultations/<int:pk>/conclude/", views.consultation_conclude, name="consultation_conclude"),
    path("consultations/tasks/", views.my_tasks, name="my_tasks"),
    path("consultations/tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
]
