from django.urls import path
from rest_framework.routers import SimpleRouter

from circulars.api.views import AssessmentView, CircularViewSet, MeetingViewSet, MyTaskViewSet

router = SimpleRouter()
router.register("circulars", CircularViewSet, basename="api-circular")
router.register("meetings", MeetingViewSet, basename="api-meeting")
router.register("my-tasks", MyTaskViewSet, basename="api-meeting-task")

urlpatterns = [path("assessment/", AssessmentView.as_view(), name="api-assessment"), *router.urls]
