"""司法救助 pages: the scoped list, the application form on a petition, the detail with the next step's form,
the budgets of the user's units, and the encrypted documents' download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aid import selectors, services
from aid.filtersets import AidFilterSet
from aid.forms import ApplyForm, ApproveForm, BudgetForm, LevelsForm, PayForm, ReviewForm
from aid.models import AidDocument, AidStatus
from aid.money import yuan
from audit.services import audit_download
from core.downloads import file_response
from core.errors import DomainError, InvalidInput, NotVisible
from organisations.models import Role
from organisations.selectors import staff_context
from petitions.scope import can_see, get_visible_petition


def _apply_errors(form, exc: DomainError) -> None:
    """Put a refusal on the form: field errors where the service named the field, else on the form."""
    if isinstance(exc, NotVisible):
        raise Http404
    if isinstance(exc, InvalidInput):
        for field, errors in exc.errors.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc.message)


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    base = selectors.application_list(request.user)
    filterset = AidFilterSet(request.GET or None, queryset=base)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = Paginator(qs.order_by("-created_at", "-id"), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "aid/list.html", {"filter": filterset, "page": page, "query": query.urlencode()})


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    petition = get_visible_petition(request.user, pk)
    units = staff_context(request.user).units_with(*services.APPLY_ROLES)
    form = ApplyForm(request.POST or None, request.FILES or None)
    if not units:
        form.add_error(None, _("只有接访员、承办人或部门负责人可以登记司法救助申请。"))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.aid_apply(
                actor=request.user,
                petition=petition,
                unit=units[0],
                applicant_name=data["applicant_name"],
                relation=data["relation"],
                harm=data["harm"],
                hardship=data["hardship"],
                amount=data["amount"],
                documents=data["documents"],
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已登记司法救助申请。"))
            return redirect("aid:detail", application.pk)
    context = {"petition": petition, "form": form, "unit": units[0] if units else None}
    return render(request, "aid/apply.html", context, status=400 if form.errors else 200)


def _detail(request, application, **forms) -> HttpResponse:
    step = services.next_level(application) if application.status == AidStatus.APPROVING else None
    context = {
        "a": application,
        "decisions": application.decisions.select_related("by"),
        "documents": application.documents.all(),
        "payment": getattr(application, "payment", None) if application.status == AidStatus.PAID else None,
        "step_role": Role(step[1]).label if step else "",
        "review_form": forms.get("review_form") or ReviewForm(),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "pay_form": forms.get("pay_form") or PayForm(initial={"paid_on": timezone.localdate()}),
        "yuan": yuan,
    }
    return render(request, "aid/detail.html", context, status=400 if forms else 200)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_visible_application(request.user, pk))


def _act(request, pk, form_class, key, call):
    application = selectors.get_visible_application(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(application, form.cleaned_data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("aid:detail", pk)
    return _detail(request, selectors.get_visible_application(request.user, pk), **{key: form})


@login_required
@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ReviewForm,
        "review_form",
        lambda a, d: services.aid_review(
            actor=request.user,
            application=a,
            approve=d["approve"],
            opinion=d["opinion"],
            amount_granted=d["amount_granted"],
        ),
    )


@login_required
@require_POST
def application_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        ApproveForm,
        "approve_form",
        lambda a, d: services.aid_approve(
            actor=request.user, application=a, approve=d["approve"], comment=d["comment"]
        ),
    )


@login_required
@require_POST
def application_pay(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        PayForm,
        "pay_form",
        lambda a, d: services.aid_pay(
            actor=request.user,
            application=a,
            paid_on=d["paid_on"],
            method=d["method"],
            voucher_number=d["voucher_number"],
        ),
    )


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        doc = AidDocument.objects.select_related("application__petition").get(pk=pk)
    except (AidDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_see(request.user, doc.application.petition):
        raise Http404
    audit_download(actor=request.user, obj=doc, filename=doc.original_name)
    return file_response(
        request, doc.file, filename=doc.original_name, content_type=doc.content_type, sha256=doc.sha256
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_list(request: HttpRequest) -> HttpResponse:
    units = staff_context(request.user).units_with(Role.UNIT_HEAD)
    levels_posted = request.method == "POST" and request.POST.get("form") == "levels"
    form = BudgetForm(
        request.POST if request.method == "POST" and not levels_posted else None,
        initial={"year": timezone.localdate().year},
    )
    levels_form = LevelsForm(request.POST if levels_posted else None, initial=_levels_initial(units))
    if levels_posted:
        if not units:
            levels_form.add_error(None, _("只有部门负责人可以设置司法救助审批层级。"))
        elif levels_form.is_valid():
            try:
                services.aid_levels_set(actor=request.user, unit=units[0], steps=levels_form.steps())
            except DomainError as exc:
                _apply_errors(levels_form, exc)
            else:
                messages.success(request, _("已保存审批层级。"))
                return redirect("aid:budgets")
    elif request.method == "POST":
        if not units:
            form.add_error(None, _("只有部门负责人可以设置司法救助预算。"))
        elif form.is_valid():
            try:
                services.aid_budget_set(
                    actor=request.user,
                    unit=units[0],
                    year=form.cleaned_data["year"],
                    amount=form.cleaned_data["amount"],
                )
            except DomainError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("已保存年度预算。"))
                return redirect("aid:budgets")
    budgets = selectors.budgets_for(request.user)
    return render(
        request,
        "aid/budgets.html",
        {
            "budgets": budgets,
            "form": form if units else None,
            "levels_form": levels_form if units else None,
            "levels": selectors.approval_levels_for(request.user),
            "unit": units[0] if units else None,
            "yuan": yuan,
        },
        status=400 if form.errors or levels_form.errors else 200,
    )


def _levels_initial(units) -> dict:
    """The form shows the unit's chain as it stands."""
    if not units:
        return {}
    initial = {}
    for row in units[0].aid_levels.order_by("level")[:3]:
        initial[f"role_{row.level}"] = row.role
        if row.level > 1:
            initial[f"amount_{row.level}"] = str(row.min_amount)
    return initial


def petition_panel(request, petition):
    """The petition page's 司法救助 section: its applications, and the link to apply."""
    if not request.user.is_authenticated:
        return None
    applications = list(petition.aid_applications.all())
    can_apply = bool(staff_context(request.user).units_with(*services.APPLY_ROLES))
    if not applications and not can_apply:
        return None
    return {"aid_applications": applications, "aid_can_apply": can_apply}
