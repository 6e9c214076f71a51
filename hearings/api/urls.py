from rest_framework.routers import SimpleRouter

from hearings.api.views import ConsultationViewSet, HearingViewSet

router = SimpleRouter()
router.register("hearings", HearingViewSet, basename="hearing")
router.register("consultations", ConsultationViewSet, basename="consultation")
urlpatterns = router.urls
