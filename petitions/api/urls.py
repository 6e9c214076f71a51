from rest_framework.routers import DefaultRouter

from petitions.api.views import PetitionViewSet

router = DefaultRouter()
router.register("petitions", PetitionViewSet, basename="petition")
urlpatterns = router.urls
