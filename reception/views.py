"""Staff pages for reception: thin views that parse input, call a selector or service, render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, InvalidInput
from petitions.models import Petition
from petitions.scope import get_visible_petition, visible_petitions
from reception import access, selectors, services
from reception.forms import (
    AdviceForm,
    AssignForm,
    DutyForm,
    LawyerAssignForm,
    LawyerForm,
    LinkForm,
    OfficerForm,
    PeriodForm,
    ReceptionForm,
    StatusForm,
)
from reception.models import DutySystem, Period


def _errors_to(form, exc: DomainError) -> None:
    if isinstance(exc, InvalidInput):
        for key, errors in exc.errors.items():
            for error in errors:
                form.add_error(key if key in form.fields else None, error)
    else:
        form.add_error(None, exc.message)


def _day(value) -> dt.date:
    try:
        day = dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return min(max(day, dt.date(2000, 1, 1)), dt.date(2100, 12, 31))


@login_required
def day(request):
    """The day's reception list: who is on duty, which receptions, and the public's bookings."""
    today = _day(request.GET.get("date"))
    shifts = selectors.duty_shifts(request.user, today, today)
    context = {
        "day": today,
        "previous": today - dt.timedelta(days=1),
        "next": today + dt.timedelta(days=1),
        "shifts": shifts,
        "receptions": selectors.day_receptions(request.user, today),
        "can_manage": bool(access.managed_unit_ids(request.user)),
    }
    return render(request, "reception/day.html", context)


@login_required
def roster(request):
    """The week's roster per center, day and half-day; managers add shifts (conflicts refused)."""
    start = _day(request.GET.get("week"))
    start -= dt.timedelta(days=start.weekday())
    days = [start + dt.timedelta(days=i) for i in range(7)]
    can_manage = bool(access.managed_unit_ids(request.user))
    form = None
    status = 200
    if can_manage:
        form = DutyForm(
            request.POST if request.method == "POST" else None, user=request.user, initial={"date": days[0]}
        )
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.duty_add(
                    actor=request.user,
                    unit=d["unit"],
                    date=d["date"],
                    period=d["period"],
                    system=d["system"],
                    person=d["person"],
                    lawyer=d["lawyer"],
                )
            except DomainError as exc:
                _errors_to(form, exc)
            else:
                messages.success(request, _("已排班。"))
                return redirect(f"{request.path}?week={d['date']:%Y-%m-%d}")
        if form.errors:
            status = 400
    shifts = list(selectors.duty_shifts(request.user, days[0], days[-1]))
    grid = [
        {
            "day": d,
            "periods": [
                {"label": label, "shifts": [s for s in shifts if s.date == d and s.period == value]}
                for value, label in Period.choices
            ],
        }
        for d in days
    ]
    context = {
        "grid": grid,
        "form": form,
        "week": days[0],
        "previous": days[0] - dt.timedelta(days=7),
        "next": days[0] + dt.timedelta(days=7),
        "systems": DutySystem.choices,
    }
    return render(request, "reception/roster.html", context, status=status)


@login_required
@require_POST
def duty_remove(request, pk):
    shift = selectors.duty_shifts(request.user, dt.date.min, dt.date.max).filter(pk=pk).first()
    if shift is None or not access.can_manage(request.user, shift.unit):
        raise Http404
    week = shift.date
    services.duty_remove(actor=request.user, shift=shift)
    messages.success(request, _("已删除值班安排。"))
    return redirect(f"{reverse('reception:roster')}?week={week:%Y-%m-%d}")


@login_required
def reception_new(request):
    if not access.managed_unit_ids(request.user):
        raise Http404
    form = ReceptionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            reception = services.reception_create(
                actor=request.user,
                unit=d["unit"],
                kind=d["kind"],
                host=d["host"],
                host_title=d["host_title"],
                officer=d["officer"],
                date=d["date"],
                start_time=d["start_time"],
                end_time=d["end_time"],
                place=d["place"],
                topics=d["topics"],
                meeting_link=d["meeting_link"],
                published=d["published"],
                slot_minutes=d["slot_minutes"],
            )
        except DomainError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("已发布接访安排。"))
            return redirect("reception:reception_detail", pk=reception.pk)
    return render(
        request, "reception/reception_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def reception_detail(request, pk):
    reception = selectors.get_reception(request.user, pk)
    link_form = LinkForm(request.POST or None)
    if request.method == "POST" and link_form.is_valid():
        number = link_form.cleaned_data["number"].strip()
        petition = visible_petitions(request.user, Petition.objects.filter(number=number)).first()
        if petition is None:
            link_form.add_error("number", _("没有找到该编号的事项。"))
        else:
            try:
                services.reception_link_petition(actor=request.user, reception=reception, petition=petition)
            except DomainError as exc:
                _errors_to(link_form, exc)
            else:
                messages.success(request, _("已关联事项。"))
                return redirect("reception:reception_detail", pk=reception.pk)
    slots = selectors.day_receptions(request.user, reception.date)
    current = next((r for r in slots if r.pk == reception.pk), reception)
    context = {
        "reception": current,
        "petitions": selectors.reception_petitions(request.user, reception),
        "link_form": link_form,
        "can_manage": access.can_manage(request.user, reception.unit),
    }
    return render(
        request, "reception/reception_detail.html", context, status=400 if link_form.errors else 200
    )


@login_required
def officers(request):
    can_manage = bool(access.managed_unit_ids(request.user))
    form = OfficerForm(request.POST or None, request.FILES or None, user=request.user) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.officer_create(
                actor=request.user,
                unit=d["unit"],
                name=d["name"],
                title=d["title"],
                bio=d["bio"],
                photo=d["photo"],
            )
        except DomainError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("已添加约访对象。"))
            return redirect("reception:officers")
    return render(
        request,
        "reception/officers.html",
        {"officers": selectors.officers(request.user), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def lawyers(request):
    can_manage = bool(access.managed_unit_ids(request.user))
    form = LawyerForm(request.POST or None, user=request.user) if can_manage else None
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            lawyer = services.lawyer_create(
                actor=request.user,
                unit=d["unit"],
                name=d["name"],
                firm=d["firm"],
                licence_number=d["licence_number"],
                specialities=d["specialities"],
                user=d["user"],
            )
        except DomainError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("已加入律师名册。"))
            return redirect("reception:lawyer_detail", pk=lawyer.pk)
    return render(
        request,
        "reception/lawyers.html",
        {"lawyers": selectors.lawyers(request.user), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def lawyer_detail(request, pk):
    lawyer = selectors.get_lawyer(request.user, pk)
    can_manage = access.can_manage(request.user, lawyer.unit)
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if posted else None
    form = (
        StatusForm(posted if which != "assign" else None, initial={"status": lawyer.status})
        if can_manage
        else None
    )
    assign_form = LawyerAssignForm(posted if which == "assign" else None) if can_manage else None
    if request.method == "POST" and which == "assign":
        if assign_form is None:
            raise Http404
        if assign_form.is_valid():
            number = assign_form.cleaned_data["number"].strip()
            petition = visible_petitions(request.user, Petition.objects.filter(number=number)).first()
            if petition is None:
                assign_form.add_error("number", _("没有找到该编号的事项。"))
            else:
                try:
                    services.lawyer_assign(
                        actor=request.user,
                        lawyer=lawyer,
                        petition=petition,
                        role=assign_form.cleaned_data["role"],
                    )
                except DomainError as exc:
                    _errors_to(assign_form, exc)
                else:
                    messages.success(request, _("已指派律师。"))
                    return redirect("reception:lawyer_detail", pk=lawyer.pk)
    elif request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.lawyer_set_status(actor=request.user, lawyer=lawyer, status=form.cleaned_data["status"])
            messages.success(request, _("已更新状态。"))
            return redirect("reception:lawyer_detail", pk=lawyer.pk)
    today = timezone.localdate()
    context = {
        "lawyer": lawyer,
        "form": form,
        "duties": lawyer.duties.filter(date__gte=today - dt.timedelta(days=30)).select_related("unit"),
        "assignments": selectors.assignments(request.user).filter(lawyer=lawyer),
        "assign_form": assign_form,
    }
    status = (
        400 if (assign_form is not None and assign_form.errors) or (form is not None and form.errors) else 200
    )
    return render(request, "reception/lawyer_detail.html", context, status=status)


@login_required
def assign(request, pk):
    """Assign a lawyer to a petition (a page of its own, reached from the petition's lawyer panel)."""
    petition = get_visible_petition(request.user, pk)
    if not access.managed_unit_ids(request.user):
        raise Http404
    form = AssignForm(request.POST or None, user=request.user, petition=petition)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.lawyer_assign(
                actor=request.user,
                lawyer=d["lawyer"],
                petition=petition,
                role=d["role"],
                petitioner=d["petitioner"],
            )
        except DomainError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("已指派律师。"))
            return redirect("petitions:detail", pk=petition.pk)
    return render(
        request,
        "reception/assign.html",
        {"form": form, "petition": petition},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def unassign(request, pk):
    assignment = selectors.get_assignment(request.user, pk)
    try:
        services.lawyer_unassign(actor=request.user, assignment=assignment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已结束指派。"))
    return redirect("petitions:detail", pk=assignment.petition_id)


@login_required
@require_POST
def advice(request, pk):
    assignment = selectors.get_assignment(request.user, pk)
    form = AdviceForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.advice_record(
                actor=request.user,
                assignment=assignment,
                date=d["date"],
                persons=d["persons"],
                content=d["content"],
            )
        except DomainError as exc:
            _errors_to(form, exc)
    if form.errors:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
    else:
        messages.success(request, _("已记录咨询意见。"))
    return redirect("petitions:detail", pk=assignment.petition_id)


@login_required
def statistics(request):
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    start, end = today.replace(day=1), today
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    from analytics.metrics import reception_figures

    figures = reception_figures(request.user, start, end)
    return render(
        request,
        "reception/statistics.html",
        {"form": form, "figures": figures, "start": start, "end": end},
        status=400 if form.errors else 200,
    )
