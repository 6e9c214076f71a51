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
    path("api/v1/", include("circulars.api.urls")),
    path("api/v1/", include("petitions.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("audit/", include("audit.urls")),
    path("circulars/", include("circulars.urls")),
    path("admin/", admin.site.urls),
]
