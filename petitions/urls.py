from django.urls import path

from petitions import views

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list, name="list"),
    path("register/", views.petition_register, name="register"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/panels/<slug:panel>/", views.petition_panel, name="panel"),
    path("<int:pk>/attachments/", views.petition_add_attachments, name="add_attachments"),
    path("<int:pk>/petitioners/<int:petitioner_pk>/reveal/", views.petitioner_reveal, name="reveal"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
