from rest_framework.routers import SimpleRouter

from quality.api.views import AccountabilityViewSet, ReviewedCaseViewSet, ReviewViewSet

router = SimpleRouter()
router.register("quality/reviews", ReviewViewSet, basename="quality-review")
router.register("quality/cases", ReviewedCaseViewSet, basename="quality-case")
router.register("quality/accountability", AccountabilityViewSet, basename="quality-accountability")
urlpatterns = router.urls
