from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("regions/picker/", core_views.region_picker, name="region_picker"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("account/", include("accounts.urls")),
    path("petitions/", include("petitions.urls")),
    path("deadlines/", include("deadlines.urls")),
    path("notifications/", include("notifications.urls")),
    path("handling/", include("handling.urls")),
    path("ledger/", include("ledger.urls")),
    path("alerts/", include("alerts.urls")),
    path("analytics/", include("analytics.urls")),
    path("api/v1/statistics/", include("analytics.api.urls")),
    path("api/v1/audit/", include("audit.api.urls")),
    path("api/v1/", include("petitions.api.urls")),
    path("api/v1/", include("quality.api.urls")),
    path("api/v1/", include("hearings.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("audit/", include("audit.urls")),
    path("quality/", include("quality.urls")),
    path("hearings/", include("hearings.urls")),
    path("supervision/", include("supervision.urls")),
    path("api/v1/supervision/", include("supervision.api.urls")),
    path("portal/", include("portal.urls")),
    path("api/v1/portal/", include("portal.api.urls")),
    path("admin/", admin.site.urls),
    path("mediation/", include("mediation.urls")),
    path("aid/", include("aid.urls")),
    path("care/", include("care.urls")),
    path("api/v1/mediation/", include("mediation.api.urls")),
    path("api/v1/aid/", include("aid.api.urls")),
    path("api/v1/care/", include("care.api.urls")),
    path("api/v1/reception/", include("reception.api.urls")),
    path("reception/", include("reception.urls")),
    path("portal/appointments/", include("reception.public_urls")),
    path("search/", include("search.urls")),
    path("api/v1/search/", include("search.api.urls")),
]
