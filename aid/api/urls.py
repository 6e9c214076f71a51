from rest_framework.routers import DefaultRouter

from aid.api.views import AidApplicationViewSet, AidBudgetViewSet

router = DefaultRouter()
router.register("applications", AidApplicationViewSet, basename="aid-application")
router.register("budgets", AidBudgetViewSet, basename="aid-budget")
urlpatterns = router.urls
