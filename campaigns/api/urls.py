from rest_framework.routers import SimpleRouter

from campaigns.api.views import (
    CampaignViewSet,
    InspectionViewSet,
    RectificationTaskViewSet,
    TypicalCaseViewSet,
)

router = SimpleRouter()
router.register("inspections", InspectionViewSet, basename="api-campaign-inspection")
router.register("rectification-tasks", RectificationTaskViewSet, basename="api-rectification-task")
router.register("typical-cases", TypicalCaseViewSet, basename="api-typical-case")
router.register("", CampaignViewSet, basename="api-campaign")

urlpatterns = router.urls
