from rest_framework.routers import DefaultRouter

from care.api.views import AgentAssignmentViewSet, CareTaskViewSet, CounsellingViewSet

router = DefaultRouter()
router.register("tasks", CareTaskViewSet, basename="care-task")
router.register("counselling", CounsellingViewSet, basename="counselling")
router.register("agents", AgentAssignmentViewSet, basename="agent-assignment")
urlpatterns = router.urls
