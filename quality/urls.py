from django.urls import path

from quality import views

app_name = "quality"
urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("petition/<int:pk>/new/", views.review_create, name="review_create"),
    path("petition/<int:pk>/lookback/", views.lookback_create, name="lookback_create"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("<int:pk>/conclude/", views.review_conclude, name="review_conclude"),
    path("<int:pk>/accountability/new/", views.accountability_create, name="accountability_create"),
    path("cases/<int:pk>/grade/", views.case_grade, name="case_grade"),
    path("checks/<int:pk>/", views.lookback_check, name="lookback_check"),
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
    path("accountability/", views.accountability_list, name="accountability_list"),
    path("accountability/<int:pk>/", views.accountability_detail, name="accountability_detail"),
]
