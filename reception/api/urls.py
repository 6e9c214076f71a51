from rest_framework.routers import SimpleRouter

from reception.api.views import BookingViewSet, DutyShiftViewSet, LawyerViewSet, ReceptionViewSet

router = SimpleRouter()
router.register("duties", DutyShiftViewSet, basename="reception-duty")
router.register("receptions", ReceptionViewSet, basename="reception-reception")
router.register("bookings", BookingViewSet, basename="reception-booking")
router.register("lawyers", LawyerViewSet, basename="reception-lawyer")
urlpatterns = router.urls
