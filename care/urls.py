from django.urls import path

from care import views

app_name = "care"
urlpatterns = [
    path("", views.task_list, name="list"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/plan/", views.task_plan, name="plan"),
    path("<int:pk>/visit/", views.task_visit, name="visit"),
    path("<int:pk>/close/", views.task_close, name="close"),
    path("counselling/new/<int:pk>/", views.counselling_create, name="counselling_new"),
    path("counselling/<int:pk>/", views.counselling_detail, name="counselling"),
    path("agents/", views.agent_worklist, name="agent_worklist"),
    path("agents/assign/<int:pk>/", views.agent_assign, name="agent_assign"),
    path("agents/act/<int:pk>/", views.agent_act, name="agent_act"),
    path("agents/<int:pk>/end/", views.agent_end, name="agent_end"),
]
