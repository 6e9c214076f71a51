"""专项活动 pages: thin views over the services and selectors, every record through the one scope."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analytics.selectors import local_date_now
from campaigns import selectors, services
from campaigns.forms import InspectionForm, NoteForm, PhasesForm, ReviewForm, TypicalCaseForm
from core.errors import DomainError, InvalidInput
from petitions.scope import visible_petitions


def _form_errors(form, exc: DomainError) -> None:
    if isinstance(exc, InvalidInput):
        for field, errors in exc.errors.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc.message)


def _petition_id(user, number: str):
    """The id of the visible petition with this number, or -1 (the service then says it is not in scope)."""
    number = (number or "").strip()
    if not number:
        return None
    found = visible_petitions(user).filter(number=number).values_list("pk", flat=True).first()
    return found or -1


@login_required
def campaign_list(request):
    if not selectors.is_staff(request.user):
        raise Http404
    today = local_date_now()
    campaigns = selectors.visible_campaigns(request.user)
    return render(request, "campaigns/list.html", {"campaigns": campaigns, "today": today})


@login_required
def campaign_detail(request, pk: int):
    campaign = selectors.get_visible_campaign(request.user, pk)
    phases = list(campaign.phases.all())
    today = local_date_now()
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "phases": phases, "current": selectors.current_phase(campaign, today, phases),
        "inspections": selectors.visible_inspections(request.user, campaign)[:50],
        "can_manage": services.can_manage(request.user, campaign),
        "phases_form": PhasesForm(campaign=campaign),
    })  # fmt: skip


@login_required
@require_POST
def campaign_phases(request, pk: int):
    campaign = selectors.get_visible_campaign(request.user, pk)
    if not services.can_manage(request.user, campaign):
        raise Http404
    form = PhasesForm(request.POST, campaign=campaign)
    if form.is_valid():
        try:
            services.phases_set(campaign=campaign, actor=request.user, phases=form.phases())
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("活动阶段已保存。"))
            return redirect("campaigns:detail", pk=campaign.pk)
    phases = list(campaign.phases.all())
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "phases": phases, "current": selectors.current_phase(campaign, local_date_now(), phases),
        "inspections": selectors.visible_inspections(request.user, campaign)[:50],
        "can_manage": True, "phases_form": form,
    }, status=400)  # fmt: skip


@login_required
def inspection_create(request, pk: int):
    campaign = selectors.get_visible_campaign(request.user, pk)
    units = services.managing_units(request.user, campaign)
    if not units:
        raise Http404
    form = InspectionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tasks = []
        if data["task"]:
            owner = get_user_model().objects.filter(username=data["task_owner"]).first()
            owner_unit = None
            if owner is not None:
                membership = owner.memberships.select_related("unit").filter(
                    unit__path__startswith=data["inspected_unit"].path).first()  # fmt: skip
                owner_unit = membership.unit if membership else None
            tasks = [{"description": data["task"], "owner": owner, "owner_unit": owner_unit,
                      "deadline": data["task_deadline"]}]  # fmt: skip
        try:
            inspection = services.inspection_record(
                campaign=campaign, actor=request.user, kind=data["kind"], inspecting_unit=data["inspecting_unit"],
                inspected_unit=data["inspected_unit"], inspected_on=data["inspected_on"], findings=data["findings"],
                petition_id=_petition_id(request.user, data["petition"]), tasks=tasks,
            )  # fmt: skip
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("检查记录已保存。"))
            return redirect("campaigns:inspection", pk=inspection.pk)
    status = 400 if form.errors else 200
    return render(
        request, "campaigns/inspection_form.html", {"campaign": campaign, "form": form}, status=status
    )


@login_required
def inspection_detail(request, pk: int):
    inspection = selectors.get_visible_inspection(request.user, pk)
    return render(request, "campaigns/inspection.html", {
        "i": inspection, "tasks": inspection.tasks.select_related("owner", "owner_unit"),
    })  # fmt: skip


@login_required
def my_tasks(request):
    tasks = selectors.my_rectification_tasks(request.user, open_only=request.GET.get("all") != "1")
    return render(request, "campaigns/my_tasks.html", {"tasks": tasks, "form": NoteForm()})


@login_required
@require_POST
def task_complete(request, pk: int):
    task = selectors.get_my_task(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_complete(task=task, actor=request.user, note=form.cleaned_data["note"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("整改任务已完成。"))
    else:
        messages.error(request, _("请填写整改情况。"))
    return redirect("campaigns:my_tasks")


@login_required
def typical_cases(request, pk: int):
    """The campaign's typical cases in scope, and the form to submit one (county units)."""
    campaign = selectors.get_visible_campaign(request.user, pk)
    units = services.submitting_units(request.user)
    form = TypicalCaseForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.typical_case_submit(
                    campaign=campaign, actor=request.user, unit=data["unit"],
                    petition_id=_petition_id(request.user, data["petition"]), title=data["title"],
                    summary=data["summary"], what_worked=data["what_worked"],
                )  # fmt: skip
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("典型案例已报送。"))
                return redirect("campaigns:typical_case", pk=case.pk)
    cases = selectors.visible_typical_cases(request.user, campaign).order_by("-submitted_at", "-id")
    status = 400 if form.errors else 200
    return render(request, "campaigns/typical_cases.html", {"campaign": campaign, "cases": cases, "form": form,
                                                             "can_submit": bool(units)}, status=status)  # fmt: skip


@login_required
def typical_case_detail(request, pk: int):
    case = selectors.get_visible_typical_case(request.user, pk)
    form = ReviewForm(request.POST or None)
    can_review = services.can_manage(request.user, case.campaign)
    if request.method == "POST":
        if not can_review:
            raise Http404
        if form.is_valid():
            try:
                services.typical_case_review(case=case, actor=request.user,
                                             selected=form.cleaned_data["decision"] == "select",
                                             reason=form.cleaned_data["reason"])  # fmt: skip
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("评审结论已记录。"))
                return redirect("campaigns:typical_cases", pk=case.campaign_id)
    status = 400 if form.errors else 200
    return render(request, "campaigns/typical_case.html", {"c": case, "form": form, "can_review": can_review},
                  status=status)  # fmt: skip
