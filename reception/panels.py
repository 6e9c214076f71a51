"""What reception adds to the petition page (assigned lawyers and their advice) and to the register form (a
booked appointment as the starting point)."""

from django.http import Http404
from django.utils import timezone

from reception import access, selectors, services
from reception.forms import AdviceForm


def lawyers_context(request, petition):
    assignments = selectors.petition_assignments(request.user, petition)
    if not assignments:  # assigning starts from the lawyer's page (no cost on every petition page)
        return None
    can_assign = bool(access.managed_unit_ids(request.user))
    mine = {a.pk for a in assignments if a.lawyer.user_id == request.user.pk}
    return {
        "assignments": assignments,
        "advice_form": AdviceForm(initial={"date": timezone.localdate()}) if assignments else None,
        "can_manage": can_assign,
        "mine": mine,
    }


class BookingPrefill:
    """``/petitions/register/?booking=<id>``: the booking's name, phone and matter fill the form; once the
    petition is registered it is linked to the reception and the booking marked received."""

    def _booking(self, request):
        pk = request.GET.get("booking")
        if not pk:
            return None
        try:
            booking = selectors.get_booking(request.user, pk)
        except Http404:
            return None
        return booking if access.can_manage(request.user, booking.slot.reception.unit) else None

    def initial(self, request):
        booking = self._booking(request)
        if booking is None:
            return None
        return {
            "form": {"channel": "visit", "title": booking.summary[:40], "facts": booking.summary},
            "people": [{"name": booking.name, "phone": booking.phone}],
        }

    def registered(self, request, petition):
        booking = self._booking(request)
        if booking is not None:
            services.reception_link_petition(
                actor=request.user, reception=booking.slot.reception, petition=petition, booking=booking
            )


def portal_bookings(petition) -> str | None:
    """The petitioner's appointments on the public tracking page (portal.tracking): kind, time, place or
    link and status only."""
    from django.template.loader import render_to_string

    from reception.selectors import bookings_for_petition

    rows = bookings_for_petition(petition)
    if not rows:
        return None
    return render_to_string("reception/public/_tracking_bookings.html", {"bookings": rows})
