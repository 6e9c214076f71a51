from django.urls import path

from ledger import views

app_name = "ledger"
urlpatterns = [
    path("export.xlsx", views.export_xlsx, name="export"),
    path("template.xlsx", views.template_xlsx, name="template"),
    path("import/", views.import_upload, name="import"),
    path("import/<str:token>/", views.import_report, name="report"),
    path("import/<str:token>/confirm/", views.import_confirm, name="confirm"),
    path("import/<str:token>/errors.xlsx", views.import_errors, name="errors"),
]
