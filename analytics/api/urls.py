from django.urls import path

from analytics.api.views import StatisticsView

urlpatterns = [path("", StatisticsView.as_view(), name="api-statistics")]
