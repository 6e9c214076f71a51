from django.urls import path
from rest_framework.routers import SimpleRouter

from circulars.api.views import (
    AssessmentView,
    CircularViewSet,
    MeetingViewSet,
    MyTaskViewSet,
    ReturnVisitViewSet,
)

router = SimpleRouter()
router.register("circulars", CircularViewSet, basename="api-circular")
router.register("meetings", MeetingViewSet, basename="api-meeting")
router.register("my-tasks", MyTaskViewSet, basename="api-meeting-task")
router.register("return-visits", ReturnVisitViewSet, basename="api-return-visit")

urlpatterns = [path("assessment/", AssessmentView.as_view(), name="api-assessment"), *router.urls]
