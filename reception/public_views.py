"""Public appointment pages (no login): the published schedule, booking a slot, cancelling with the code."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from reception import ratelimit, selectors, services
from reception.forms import BookingForm, CancelForm
from reception.models import Booking, ReceptionKind


def _render(request, body, context, *, title, status=200):
    return render(
        request,
        "reception/public/page.html",
        {**context, "body": f"reception/public/{body}.html", "title": title},
        status=status,
    )


BOOK_LIMIT = (10, 3600)  # bookings per client and hour
CANCEL_LIMIT = (20, 3600)  # cancellation attempts per client and hour: 20 guesses of a 32^12 code


def schedule(request):
    receptions = list(selectors.public_receptions())
    sections = [(label, [r for r in receptions if r.kind == kind]) for kind, label in ReceptionKind.choices]
    return _render(
        request,
        "schedule",
        {"sections": sections, "officers": selectors.public_officers()},
        title=_("接访预约"),
    )


def reception(request, pk):
    r = selectors.get_public_reception(pk)
    form = BookingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(request, "book", limit=BOOK_LIMIT[0], seconds=BOOK_LIMIT[1]):
            form.is_valid()
            form.add_error(None, _("预约过于频繁，请一小时后再试。"))
            status = 429
        elif form.is_valid():
            d = form.cleaned_data
            try:
                booking = services.booking_create(
                    slot_id=d["slot"], reception=r, name=d["name"], phone=d["phone"], summary=d["summary"]
                )
            except InvalidInput as exc:
                for key, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(key if key in form.fields and key != "slot" else None, error)
            else:
                request.session["reception_booking"] = booking.code
                return redirect("appointments:booked")
        if status == 200 and form.errors:
            status = 400
    chosen = request.POST.get("slot", "")
    return _render(
        request,
        "reception",
        {"reception": r, "slots": selectors.open_slots(r), "form": form, "chosen": chosen},
        title=_("预约"),
        status=status,
    )


def booked(request):
    code = request.session.pop("reception_booking", None)
    if not code:
        return redirect("appointments:list")
    booking = Booking.objects.select_related("slot__reception").filter(code=code).first()
    if booking is None:
        return redirect("appointments:list")
    return _render(request, "booked", {"booking": booking}, title=_("预约成功"))


def cancel(request):
    form = CancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(request, "cancel", limit=CANCEL_LIMIT[0], seconds=CANCEL_LIMIT[1]):
            form.is_valid()
            form.add_error(None, _("尝试次数过多，请一小时后再试。"))
            status = 429
        elif form.is_valid():
            try:
                booking = services.booking_cancel(code=form.cleaned_data["code"])
            except InvalidInput as exc:
                for error in exc.errors.get("code", []):
                    form.add_error("code", error)
            else:
                return _render(request, "cancelled", {"booking": booking}, title=_("预约已取消"))
        if status == 200 and form.errors:
            status = 400
    return _render(request, "cancel", {"form": form}, title=_("取消预约"), status=status)
