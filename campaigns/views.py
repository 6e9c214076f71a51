"""专项活动 pages: thin views over the services and selectors, every record through the one scope."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analytics.selectors import local_date_now
from campaigns import selectors, services
from campaigns.forms import (
    CaseNumbersForm,
    InspectionForm,
    NoteForm,
    PhasesForm,
    ReviewForm,
    ScopeForm,
    TypicalCaseForm,
)
from core.errors import DomainError, InvalidInput
from petitions.filtersets import PetitionFilterSet
from petitions.pagination import CappedPaginator
from petitions.scope import visible_petitions

CANDIDATES_PER_PAGE = 20
CHOSEN_SHOWN = 200


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


def _detail_context(request, campaign, phases_form) -> dict:
    phases = list(campaign.phases.all())
    return {
        "campaign": campaign, "phases": phases, "current": selectors.current_phase(campaign, local_date_now(), phases),
        "inspections": selectors.visible_inspections(request.user, campaign)[:50],
        "can_manage": services.can_manage(request.user, campaign), "phases_form": phases_form,
        "chosen_count": selectors.chosen_count(campaign),
        "cohort_size": selectors.cohort_size(request.user, campaign),
    }  # fmt: skip


@login_required
def campaign_detail(request, pk: int):
    campaign = selectors.get_visible_campaign(request.user, pk)
    return render(
        request, "campaigns/detail.html", _detail_context(request, campaign, PhasesForm(campaign=campaign))
    )


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
    return render(request, "campaigns/detail.html", _detail_context(request, campaign, form), status=400)


# ------------------------------------------------------------------------------------------------ scope by filter


def _managed_campaign(request, pk: int):
    """The campaign, for those who run it; anyone else gets 404 (as for a campaign they cannot see)."""
    campaign = selectors.get_visible_campaign(request.user, pk)
    if not services.can_manage(request.user, campaign):
        raise Http404
    return campaign


@login_required
def campaign_scope(request, pk: int):
    """Set the campaign's scope by filter; 预览 shows the cohort the filter would give without saving it."""
    campaign = _managed_campaign(request, pk)
    form = ScopeForm(request.POST or None, campaign=campaign)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if "preview" in request.POST:
                values = services.campaign_scope_clean(campaign=campaign, **form.scope())
                preview = selectors.filter_size(request.user, services.scope_applied(campaign, values))
            else:
                services.campaign_scope_set(campaign=campaign, actor=request.user, **form.scope())
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            if preview is None:
                messages.success(request, _("活动范围已保存。"))
                return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/scope.html", {
        "campaign": campaign, "form": form, "preview": preview,
        "filter_size": selectors.filter_size(request.user, campaign),
        "chosen_count": selectors.chosen_count(campaign), "changes": selectors.scope_changes(campaign),
    }, status=400 if form.errors else 200)  # fmt: skip


# ------------------------------------------------------------------------------------------------ chosen cases


def _cases_page(request, campaign, *, numbers_form=None, error: str = "", status: int = 200):
    """The chosen cases (who chose each, when) and, for those who run the campaign, the cases they may add: a
    list filtered like the petitions list, within their scope, with a checkbox each."""
    user = request.user
    can_manage = services.can_manage(user, campaign)
    chosen = list(selectors.chosen_cases(user, campaign)[: CHOSEN_SHOWN + 1])
    context = {
        "campaign": campaign, "can_manage": can_manage, "chosen": chosen[:CHOSEN_SHOWN],
        "more_chosen": len(chosen) > CHOSEN_SHOWN, "chosen_count": selectors.chosen_count(campaign),
        "numbers_form": numbers_form or CaseNumbersForm(), "error": error,
    }  # fmt: skip
    if can_manage:
        candidates = selectors.candidate_petitions(user, campaign)
        filterset = PetitionFilterSet(request.GET or None, queryset=candidates, user=user)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else candidates
        page = CappedPaginator(qs, CANDIDATES_PER_PAGE).get_page(request.GET.get("page"))
        picked = selectors.chosen_ids(campaign, [p.pk for p in page.object_list])
        for petition in page.object_list:
            petition.already_chosen = petition.pk in picked
        query = request.GET.copy()
        query.pop("page", None)
        context.update({"filter": filterset, "page": page, "query": query.urlencode(),
                        "full_query": request.GET.urlencode()})  # fmt: skip
    else:
        context["filter_size"] = (
            selectors.filter_size(user, campaign) if not context["chosen_count"] else None
        )
    return render(request, "campaigns/cases.html", context, status=status)


def _back_to_cases(request, campaign):
    query = request.GET.urlencode()
    return redirect(reverse("campaigns:cases", args=[campaign.pk]) + (f"?{query}" if query else ""))


@login_required
def campaign_cases(request, pk: int):
    campaign = selectors.get_visible_campaign(request.user, pk)
    return _cases_page(request, campaign)


@login_required
@require_POST
def campaign_cases_add(request, pk: int):
    """Add the ticked cases and those typed by registration number (each must be in the actor's scope)."""
    campaign = _managed_campaign(request, pk)
    form = CaseNumbersForm(request.POST)
    ids = request.POST.getlist("petition")
    if not form.is_valid():
        return _cases_page(request, campaign, numbers_form=form, status=400)
    try:
        chosen = services.campaign_choose_cases(campaign=campaign, actor=request.user, petition_ids=ids,
                                                numbers=form.cleaned_data["numbers"])  # fmt: skip
    except InvalidInput as exc:
        if "numbers" not in exc.errors:
            return _cases_page(request, campaign, numbers_form=form, error=exc.message, status=400)
        form.add_error("numbers", exc.errors["numbers"])
        return _cases_page(request, campaign, numbers_form=form, status=400)
    except DomainError as exc:
        return _cases_page(request, campaign, numbers_form=form, error=exc.message, status=400)
    messages.success(request, _("已加入%(n)s件案件。") % {"n": len(chosen)})
    return _back_to_cases(request, campaign)


@login_required
@require_POST
def campaign_cases_remove(request, pk: int):
    campaign = _managed_campaign(request, pk)
    try:
        removed = services.campaign_unchoose_cases(campaign=campaign, actor=request.user,
                                                   petition_ids=request.POST.getlist("petition"))  # fmt: skip
    except DomainError as exc:
        return _cases_page(request, campaign, error=exc.message, status=400)
    messages.success(request, _("已移出%(n)s件案件。") % {"n": removed})
    return _back_to_cases(request, campaign)


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
