"""Pages of 包案 and 督办: thin — parse input, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import audit_export
from core.errors import DomainError, InvalidInput
from organisations.selectors import staff_context
from petitions.scope import get_visible_petition
from supervision import documents, exports, forms, selectors, services
from supervision.models import OwnershipPlan, ReportStatus, SupervisionReport, Urge

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(form, call) -> bool:
    """Call the service with the form's data; put its refusal on the form. True when done."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except InvalidInput as exc:
        for key, errors in exc.errors.items():
            for error in errors:
                form.add_error(key if key in form.fields else None, error)
        return False
    except DomainError as exc:
        form.add_error(None, exc.message)
        return False
    return True


def _form_page(request, *, title, form, petition, back, status=200):
    return render(
        request, "supervision/form.html", {"title": title, "form": form, "petition": petition, "back": back},
        status=status,
    )  # fmt: skip


# ------------------------------------------------------------------ petition page panel


def panel_context(request, petition):
    ctx = staff_context(request.user)
    unit = services.case_unit(petition)
    plan = (
        OwnershipPlan.objects.filter(petition=petition)
        .select_related("owner_leader", "owner_officer")
        .first()
    )
    sups = list(
        petition.supervisions.select_related("supervising_unit", "supervised_unit").order_by("-created_at")
    )
    can_plan = (
        plan is None
        and petition.state not in services.NOT_YET_ACCEPTED
        and any(unit.path.startswith(u.path) for u in ctx.units_with(*services.PLANNERS))
    )
    can_supervise = petition.state not in services.NOT_YET_ACCEPTED and any(
        services.oversees(u, unit) and u.pk != unit.pk for u in ctx.units_with(*services.SUPERVISORS)
    )
    if plan is None and not sups and not can_plan and not can_supervise:
        return None
    if plan is not None:
        selectors.flag_idle([plan])
    return {"plan": plan, "supervisions": sups, "can_plan": can_plan, "can_supervise": can_supervise}


# ------------------------------------------------------------------ 包案


@login_required
def plan_create(request, pk):
    petition = get_visible_petition(request.user, pk)
    form = forms.PlanForm(request.POST or None, petition=petition)
    if request.method == "POST":
        if _run(
            form,
            lambda d: services.plan_create(actor=request.user, petition=petition, **form.service_kwargs()),
        ):
            messages.success(request, _("已落实包案。"))
            return redirect("petitions:detail", pk=petition.pk)
        return _form_page(
            request, title=_("落实包案"), form=form, petition=petition, back=petition, status=400
        )
    return _form_page(request, title=_("落实包案"), form=form, petition=petition, back=petition)


@login_required
def plan_detail(request, pk):
    plan = selectors.get_plan(request.user, pk)
    selectors.flag_idle([plan])
    context = {
        "plan": plan,
        "petition": plan.petition,
        "people": [
            (OwnershipPlan._meta.get_field(f).verbose_name, getattr(plan, f))
            for f in OwnershipPlan.ROLE_FIELDS
        ],
        "analysis": [(label, getattr(plan, f)) for f, label in forms.ANALYSIS_LABELS.items()],
        "actions": plan.actions.select_related("actor").order_by("-on", "-id"),
        "handovers": plan.handovers.select_related("from_user", "to_user").order_by("-at"),
        "signoffs": plan.signoffs.select_related("user"),
        "is_owner": request.user.pk in plan.owner_ids(),
        "may_sign": request.user.pk in plan.required_signers()
        and not plan.signoffs.filter(user=request.user).exists(),
        "action_form": forms.OwnerActionForm(),
        "signoff_form": forms.SignOffForm(),
        "handover_form": forms.HandoverForm(petition=plan.petition),
    }
    return render(request, "supervision/plan.html", context)


def _plan_post(request, pk, form_class, call, done, title, **form_kwargs):
    plan = selectors.get_plan(request.user, pk)
    form = form_class(request.POST, **form_kwargs(plan) if form_kwargs else {})
    if _run(form, lambda d: call(plan, d)):
        messages.success(request, done)
        return redirect("supervision:plan", pk=plan.pk)
    return _form_page(request, title=title, form=form, petition=plan.petition, back=plan.petition, status=400)


@login_required
@require_POST
def plan_action(request, pk):
    return _plan_post(
        request, pk, forms.OwnerActionForm,
        lambda plan, d: services.owner_log_action(actor=request.user, plan=plan, **d), _("已登记。"), _("亲自办理"),
    )  # fmt: skip


@login_required
@require_POST
def plan_signoff(request, pk):
    return _plan_post(
        request, pk, forms.SignOffForm,
        lambda plan, d: services.plan_sign_off(actor=request.user, plan=plan, **d), _("已签字。"), _("双签字"),
    )  # fmt: skip


@login_required
@require_POST
def plan_handover(request, pk):
    plan = selectors.get_plan(request.user, pk)
    form = forms.HandoverForm(request.POST, petition=plan.petition)
    if _run(form, lambda d: services.plan_handover(actor=request.user, plan=plan, **d)):
        messages.success(request, _("已办理交接。"))
        return redirect("supervision:plan", pk=plan.pk)
    return _form_page(
        request, title=_("包案交接"), form=form, petition=plan.petition, back=plan.petition, status=400
    )


@login_required
def mine(request):
    return render(request, "supervision/mine.html", {"plans": selectors.my_plans(request.user),
                                                     "idle_days": selectors.idle_days()})  # fmt: skip


@login_required
def area(request):
    return render(request, "supervision/area.html", selectors.area_board(request.user))


@login_required
def areas(request):
    """包片管理: the caller's 政法委 assigns leaders their units, lists and ends the assignments."""
    if not services.area_committees(request.user):
        raise Http404
    form = forms.AreaAssignForm(request.POST or None, user=request.user)
    if request.method == "POST" and _run(form, lambda d: services.area_assign(actor=request.user, **d)):
        messages.success(request, _("已指定包片。"))
        return redirect("supervision:areas")
    page = Paginator(selectors.committee_areas(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "supervision/areas.html", {"form": form, "page": page, "end_form": forms.AreaEndForm()},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def area_end(request, pk):
    area = selectors.get_committee_area(request.user, pk)  # another committee's: 404
    form = forms.AreaEndForm(request.POST)
    if _run(form, lambda d: services.area_end(actor=request.user, area=area, **d)):
        messages.success(request, _("已结束包片。"))
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("supervision:areas")


# ------------------------------------------------------------------ 督办


@login_required
def supervision_create(request, pk):
    petition = get_visible_petition(request.user, pk)
    form = forms.SupervisionForm(request.POST or None)
    if request.method == "POST":
        if _run(form, lambda d: services.supervision_open(actor=request.user, petition=petition, **d)):
            messages.success(request, _("已督办。"))
            return redirect("petitions:detail", pk=petition.pk)
        return _form_page(request, title=_("督办"), form=form, petition=petition, back=petition, status=400)
    return _form_page(request, title=_("督办"), form=form, petition=petition, back=petition)


@login_required
def supervision_detail(request, pk):
    sup = selectors.get_supervision(request.user, pk)
    ctx = staff_context(request.user)
    supervisor = any(
        sup.supervising_unit.path.startswith(u.path) for u in ctx.units_with(*services.SUPERVISORS)
    )
    supervised = any(u.pk == sup.supervised_unit_id for u in ctx.units_with(*services.REPORTERS))
    context = {
        "sup": sup,
        "petition": sup.petition,
        "supervisor": supervisor,
        "supervised": supervised,
        "sheet_kinds": documents.may_generate(request.user, sup),
        "report_form": forms.ReportForm(),
        "review_form": forms.ReviewForm(),
        "urge_form": forms.UrgeForm(),
        "mark_form": forms.MarkForm(initial={"rectification": sup.rectification, "on_site": sup.on_site}),
        **selectors.supervision_detail(sup),
    }
    return render(request, "supervision/detail.html", context)


def _sup_post(request, pk, form, call, done, title):
    sup = selectors.get_supervision(request.user, pk)
    if _run(form, lambda d: call(sup, d)):
        messages.success(request, done)
        return redirect("supervision:detail", pk=sup.pk)
    return _form_page(request, title=title, form=form, petition=sup.petition, back=sup.petition, status=400)


@login_required
@require_POST
def report_submit(request, pk):
    return _sup_post(
        request, pk, forms.ReportForm(request.POST),
        lambda sup, d: services.report_submit(actor=request.user, supervision=sup, **d), _("已报送。"), _("报送督办报告"),
    )  # fmt: skip


@login_required
@require_POST
def report_review(request, pk):
    try:
        report = SupervisionReport.objects.select_related("supervision").get(pk=pk)
    except (SupervisionReport.DoesNotExist, ValueError):
        raise Http404 from None
    sup = selectors.get_supervision(request.user, report.supervision_id)
    if report.status != ReportStatus.SUBMITTED:
        messages.error(request, _("该报告已审核。"))
        return redirect("supervision:detail", pk=sup.pk)
    return _sup_post(
        request, sup.pk, forms.ReviewForm(request.POST),
        lambda sup, d: services.report_review(actor=request.user, report=report, **d), _("已审核。"), _("审核督办报告"),
    )  # fmt: skip


@login_required
@require_POST
def urge_send(request, pk):
    return _sup_post(
        request, pk, forms.UrgeForm(request.POST),
        lambda sup, d: services.urge_send(actor=request.user, supervision=sup, **d), _("已催办。"), _("催办"),
    )  # fmt: skip


@login_required
@require_POST
def urge_read(request, pk):
    try:
        urge = Urge.objects.get(pk=pk)
    except (Urge.DoesNotExist, ValueError):
        raise Http404 from None
    sup = selectors.get_supervision(request.user, urge.supervision_id)
    try:
        services.urge_mark_read(actor=request.user, urge=urge)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("supervision:detail", pk=sup.pk)


@login_required
@require_POST
def supervision_mark(request, pk):
    return _sup_post(
        request, pk, forms.MarkForm(request.POST),
        lambda sup, d: services.supervision_mark(actor=request.user, supervision=sup, **d), _("已标记。"), _("督办标记"),
    )  # fmt: skip


@login_required
@require_POST
def sheet_generate(request, pk):
    return _sup_post(
        request, pk, forms.SheetForm(request.POST),
        lambda sup, d: documents.sheet_generate(actor=request.user, supervision=sup, **d), _("文书已生成。"),
        _("生成文书"),
    )  # fmt: skip


@login_required
def board(request):
    form = forms.BoardFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.supervision_board(
        request.user,
        filters=filters,
        sort=filters.get("sort") or "deadline",
        after=filters.get("after") or "",
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "supervision/board.html", {"form": form, "page": page, "query": query.urlencode()})


# ------------------------------------------------------------------ ledgers


def _xlsx(request, content: bytes, count: int, *, kind: str, filename: str):
    audit_export(actor=request.user, kind=kind, filename=filename, rows=count)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def ledger_plans(request):
    from urllib.parse import quote

    content, count = exports.plans_workbook(selectors.plans_visible(request.user))
    return _xlsx(request, content, count, kind="ownership_ledger", filename=quote("包案责任分解表.xlsx"))


@login_required
def ledger_supervisions(request):
    from urllib.parse import quote

    content, count = exports.supervisions_workbook(selectors.supervisions_visible(request.user))
    return _xlsx(request, content, count, kind="supervision_ledger", filename=quote("督办台账.xlsx"))
