from rest_framework.routers import DefaultRouter

from mediation.api.views import MediationViewSet

router = DefaultRouter()
router.register("mediations", MediationViewSet, basename="mediation")
urlpatterns = router.urls
