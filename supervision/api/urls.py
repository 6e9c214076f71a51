from rest_framework.routers import DefaultRouter

from supervision.api.views import AreaViewSet, PlanViewSet, ReportViewSet, SupervisionViewSet

router = DefaultRouter()
router.register("plans", PlanViewSet, basename="supervision-plan")
router.register("supervisions", SupervisionViewSet, basename="supervision")
router.register("reports", ReportViewSet, basename="supervision-report")
router.register("areas", AreaViewSet, basename="supervision-area")
urlpatterns = router.urls
