from rest_framework.routers import DefaultRouter

from supervision.api.views import PlanViewSet, ReportViewSet, SupervisionViewSet

router = DefaultRouter()
router.register("plans", PlanViewSet, basename="supervision-plan")
router.register("supervisions", SupervisionViewSet, basename="supervision")
router.register("reports", ReportViewSet, basename="supervision-report")
urlpatterns = router.urls
