"""Reads: what each user may see of rosters, receptions, bookings and lawyers, and the public schedule."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from petitions.scope import visible_petitions
from reception import access
from reception.models import (
    Advice,
    Booking,
    BookingStatus,
    DutyShift,
    Lawyer,
    LawyerAssignment,
    LawyerStatus,
    Officer,
    Reception,
    ReceptionKind,
    Slot,
)


def duty_shifts(user, start: dt.date, end: dt.date) -> QuerySet:
    qs = DutyShift.objects.filter(date__gte=start, date__lte=end).select_related(
        "unit", "person", "lawyer", "from_unit"
    )
    return access.in_scope(user, qs, lawyer_field="lawyer")


def receptions(user) -> QuerySet:
    return access.in_scope(user, Reception.objects.select_related("unit", "officer"))


def get_reception(user, pk) -> Reception:
    try:
        return receptions(user).get(pk=pk)
    except (Reception.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def day_receptions(user, day: dt.date) -> list[Reception]:
    """The day's receptions with their live bookings (for the staff's day list)."""
    live = Booking.objects.exclude(status=BookingStatus.CANCELLED).select_related("slot")
    slots = Slot.objects.prefetch_related(Prefetch("bookings", queryset=live, to_attr="live"))
    return list(receptions(user).filter(date=day).prefetch_related(Prefetch("slots", queryset=slots)))


def reception_petitions(user, reception: Reception) -> QuerySet:
    return visible_petitions(user).filter(pk__in=reception.links.values("petition_id"))


def bookings(user) -> QuerySet:
    return Booking.objects.filter(slot__reception__in=receptions(user)).select_related("slot__reception")


def get_booking(user, pk) -> Booking:
    try:
        return bookings(user).get(pk=pk)
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def officers(user) -> QuerySet:
    return access.in_scope(user, Officer.objects.select_related("unit"))


def lawyers(user) -> QuerySet:
    qs = Lawyer.objects.select_related("unit")
    if user is not None and user.is_authenticated:
        return qs.filter(Q(unit__in=access.unit_ids(user)) | Q(user=user))
    return qs.none()


def get_lawyer(user, pk) -> Lawyer:
    try:
        return lawyers(user).get(pk=pk)
    except (Lawyer.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def assignments(user) -> QuerySet:
    """Assignments on petitions the user sees, of lawyers the user sees."""
    return LawyerAssignment.objects.filter(
        petition__in=visible_petitions(user), lawyer__in=lawyers(user)
    ).select_related("lawyer", "petition", "petitioner")


def get_assignment(user, pk) -> LawyerAssignment:
    try:
        return assignments(user).get(pk=pk)
    except (LawyerAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def petition_assignments(user, petition) -> list[LawyerAssignment]:
    return list(
        assignments(user)
        .filter(petition=petition, active=True)
        .prefetch_related(Prefetch("advice", queryset=Advice.objects.order_by("-date", "-pk")))
    )


def lawyer_figures(user, start: dt.date, end: dt.date) -> dict[str, int]:
    """Lawyers active, duty sessions, persons received and cases taken part in, for a period."""
    shifts = DutyShift.objects.filter(lawyer__in=lawyers(user), date__gte=start, date__lte=end)
    advice = Advice.objects.filter(assignment__in=assignments(user), date__gte=start, date__lte=end)
    took_part = assignments(user).filter(
        Q(assigned_at__date__gte=start, assigned_at__date__lte=end) | Q(advice__in=advice)
    )
    return {
        "lawyers_active": lawyers(user)
        .filter(Q(duties__in=shifts) | Q(assignments__in=took_part))
        .filter(status=LawyerStatus.ACTIVE)
        .distinct()
        .count(),
        "duty_sessions": shifts.count(),
        "persons_received": (shifts.aggregate(n=Sum("persons_received"))["n"] or 0)
        + (advice.aggregate(n=Sum("persons"))["n"] or 0),
        "cases_taken_part": took_part.values("petition_id").distinct().count(),
    }


# ---------------------------------------------------------------------------------------------- the public


def public_receptions(now=None) -> QuerySet:
    """Published receptions from today on, with their open slots counted."""
    now = now or timezone.now()
    return (
        Reception.objects.filter(published=True, date__gte=timezone.localdate(now))
        .select_related("unit", "officer")
        .annotate(
            open_slots=Count(
                "slots",
                filter=Q(slots__starts_at__gt=now) & ~Q(slots__bookings__status__in=("booked", "received")),
                distinct=True,
            )
        )
    )


def public_officers() -> QuerySet:
    return Officer.objects.filter(published=True).select_related("unit")


def get_public_reception(pk) -> Reception:
    try:
        return Reception.objects.select_related("unit", "officer").get(pk=pk, published=True)
    except (Reception.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def open_slots(reception: Reception, now=None) -> list[Slot]:
    now = now or timezone.now()
    taken = Booking.objects.exclude(status=BookingStatus.CANCELLED).values("slot_id")
    return list(reception.slots.filter(starts_at__gt=now).exclude(pk__in=taken))


def bookings_for_petition(petition) -> list[dict]:
    """The appointments tied to a petition, for the portal's tracking page: only what the petitioner may read
    (kind, time, place or link, status) — never staff names beyond the published host, nor other bookings."""
    rows = (
        Booking.objects.filter(petition=petition)
        .select_related("slot__reception")
        .order_by("slot__starts_at")
    )
    return [
        {
            "kind": b.slot.reception.get_kind_display(),
            "starts_at": b.slot.starts_at,
            "place": b.slot.reception.place,
            "meeting_link": b.slot.reception.meeting_link
            if b.slot.reception.kind == ReceptionKind.VIDEO
            else "",
            "status": b.get_status_display(),
        }
        for b in rows
    ]
