from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("board/", views.board, name="board"),
    path("area/", views.area, name="area"),
    path("areas/", views.areas, name="areas"),
    path("areas/<int:pk>/end/", views.area_end, name="area_end"),
    path("ledger/plans.xlsx", views.ledger_plans, name="ledger_plans"),
    path("ledger/supervisions.xlsx", views.ledger_supervisions, name="ledger_supervisions"),
    path("petition/<int:pk>/plan/", views.plan_create, name="plan_create"),
    path("petition/<int:pk>/supervise/", views.supervision_create, name="create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/action/", views.plan_action, name="plan_action"),
    path("plans/<int:pk>/signoff/", views.plan_signoff, name="plan_signoff"),
    path("plans/<int:pk>/handover/", views.plan_handover, name="plan_handover"),
    path("<int:pk>/", views.supervision_detail, name="detail"),
    path("<int:pk>/report/", views.report_submit, name="report"),
    path("<int:pk>/urge/", views.urge_send, name="urge"),
    path("<int:pk>/mark/", views.supervision_mark, name="mark"),
    path("<int:pk>/sheet/", views.sheet_generate, name="sheet"),
    path("reports/<int:pk>/review/", views.report_review, name="review"),
    path("urges/<int:pk>/read/", views.urge_read, name="urge_read"),
]
