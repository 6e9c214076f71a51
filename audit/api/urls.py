from django.urls import path

from audit.api.views import AuditEntryList

urlpatterns = [path("", AuditEntryList.as_view(), name="audit-api-list")]
