"""Pages of 稳控帮扶 (list, task with plan/visit/close), 心理疏导 (record, read) and 代办员 (assign, worklist,
record an action, end)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from care import rules, selectors, services
from care.filtersets import CareTaskFilterSet
from care.forms import AgentActionForm, AgentAssignForm, CloseForm, CounsellingForm, PlanForm, VisitForm
from care.models import CareStatus
from core.errors import DomainError, InvalidInput, NotVisible
from petitions.scope import get_visible_petition


def _errors_on(form, exc: DomainError) -> None:
    if isinstance(exc, NotVisible):
        raise Http404
    if isinstance(exc, InvalidInput):
        for field, errors in exc.errors.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc.message)


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = CareStatus.OPEN
    base = selectors.care_task_list(request.user)
    filterset = CareTaskFilterSet(data, queryset=base)
    qs = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(qs.order_by("next_visit_on", "-id"), 30).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "care/list.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )


def _task_page(request, task, status=200, **forms):
    context = {
        "task": task,
        "visits": task.visits.select_related("recorded_by"),
        "can_manage": rules.can_manage_care(request.user, task),
        "plan_form": forms.get("plan_form")
        or PlanForm(
            initial={
                "responsible_name": task.responsible_name,
                "responsible_kind": task.responsible_kind,
                "visit_interval_days": task.visit_interval_days or 30,
                "first_visit_on": task.next_visit_on or timezone.localdate(),
                "plan": task.plan,
            }
        ),
        "visit_form": forms.get("visit_form") or VisitForm(initial={"visited_on": timezone.localdate()}),
        "close_form": forms.get("close_form") or CloseForm(),
    }
    return render(request, "care/detail.html", context, status=status)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_page(request, selectors.get_visible_task(request.user, pk))


def _task_act(request, pk, form_class, key, call):
    task = selectors.get_visible_task(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(task, form.cleaned_data)
        except DomainError as exc:
            _errors_on(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("care:detail", pk)
    return _task_page(request, selectors.get_visible_task(request.user, pk), status=400, **{key: form})


@login_required
@require_POST
def task_plan(request, pk):
    return _task_act(
        request,
        pk,
        PlanForm,
        "plan_form",
        lambda t, d: services.care_task_plan(actor=request.user, task=t, **d),
    )


@login_required
@require_POST
def task_visit(request, pk):
    return _task_act(
        request,
        pk,
        VisitForm,
        "visit_form",
        lambda t, d: services.care_visit_log(actor=request.user, task=t, **d),
    )


@login_required
@require_POST
def task_close(request, pk):
    return _task_act(
        request,
        pk,
        CloseForm,
        "close_form",
        lambda t, d: services.care_task_close(actor=request.user, task=t, note=d["note"]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def counselling_create(request: HttpRequest, pk: int) -> HttpResponse:
    petition = get_visible_petition(request.user, pk)
    form = CounsellingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.counselling_record(actor=request.user, petition=petition, **form.cleaned_data)
        except DomainError as exc:
            _errors_on(form, exc)
        else:
            messages.success(request, _("已记录心理疏导。"))
            return redirect("care:counselling", session.pk)
    return render(
        request,
        "care/counselling_form.html",
        {"petition": petition, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def counselling_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_readable_session(request.user, pk)
    return render(request, "care/counselling.html", {"s": session})


@login_required
def agent_worklist(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.agent_worklist(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "care/agents.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def agent_assign(request: HttpRequest, pk: int) -> HttpResponse:
    petition = get_visible_petition(request.user, pk)
    form = AgentAssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agent_assign(actor=request.user, petition=petition, **form.cleaned_data)
        except DomainError as exc:
            _errors_on(form, exc)
        else:
            messages.success(request, _("已指派代办员。"))
            return redirect("petitions:detail", petition.pk)
    return render(
        request,
        "care/form.html",
        {"petition": petition, "form": form, "title": _("指派代办员"), "action": request.path},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agent_act(request: HttpRequest, pk: int) -> HttpResponse:
    petition = get_visible_petition(request.user, pk)
    form = AgentActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agent_record_action(actor=request.user, petition=petition, **form.cleaned_data)
        except DomainError as exc:
            _errors_on(form, exc)
        else:
            messages.success(request, _("已记录代办情况。"))
            return redirect("care:agent_worklist")
    return render(
        request,
        "care/form.html",
        {"petition": petition, "form": form, "title": _("记录代办情况"), "action": request.path},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def agent_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.get_visible_assignment(request.user, pk)
    try:
        services.agent_end(actor=request.user, assignment=assignment, note=request.POST.get("note", ""))
    except DomainError as exc:
        if isinstance(exc, NotVisible):
            raise Http404 from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("代办已结束。"))
    return redirect("petitions:detail", assignment.petition_id)
