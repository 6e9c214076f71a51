"""调解 pages: the scoped list, opening a mediation on a petition, and its detail with the next step's forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError, InvalidInput, NotVisible
from mediation import selectors, services
from mediation.filtersets import MediationFilterSet
from mediation.forms import ConcludeForm, ConfirmForm, OpenForm, SessionForm
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
def mediation_list(request: HttpRequest) -> HttpResponse:
    base = selectors.mediation_list(request.user)
    filterset = MediationFilterSet(request.GET or None, queryset=base)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = Paginator(qs.order_by("-created_at", "-id"), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "mediation/list.html", {"filter": filterset, "page": page, "query": query.urlencode()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def mediation_open(request: HttpRequest, pk: int) -> HttpResponse:
    petition = get_visible_petition(request.user, pk)
    form = OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            m = services.mediation_open(actor=request.user, petition=petition, **form.cleaned_data)
        except DomainError as exc:
            _errors_on(form, exc)
        else:
            messages.success(request, _("已启动调解。"))
            return redirect("mediation:detail", m.pk)
    return render(
        request,
        "mediation/open.html",
        {"petition": petition, "form": form},
        status=400 if form.errors else 200,
    )


def _page(request, m, status=200, **forms):
    today = timezone.localdate()
    return render(
        request,
        "mediation/detail.html",
        {
            "m": m,
            "sessions": m.sessions.all(),
            "session_form": forms.get("session_form") or SessionForm(initial={"held_on": today}),
            "conclude_form": forms.get("conclude_form") or ConcludeForm(initial={"concluded_on": today}),
            "confirm_form": forms.get("confirm_form") or ConfirmForm(initial={"confirmed_on": today}),
        },
        status=status,
    )


@login_required
def mediation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.get_visible_mediation(request.user, pk))


def _act(request, pk, form_class, key, call):
    m = selectors.get_visible_mediation(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(m, form.cleaned_data)
        except DomainError as exc:
            _errors_on(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("mediation:detail", pk)
    return _page(request, selectors.get_visible_mediation(request.user, pk), status=400, **{key: form})


@login_required
@require_POST
def mediation_session(request, pk):
    return _act(
        request,
        pk,
        SessionForm,
        "session_form",
        lambda m, d: services.mediation_add_session(actor=request.user, mediation=m, **d),
    )


@login_required
@require_POST
def mediation_conclude(request, pk):
    return _act(
        request,
        pk,
        ConcludeForm,
        "conclude_form",
        lambda m, d: services.mediation_conclude(actor=request.user, mediation=m, **d),
    )


@login_required
@require_POST
def mediation_confirm(request, pk):
    return _act(
        request,
        pk,
        ConfirmForm,
        "confirm_form",
        lambda m, d: services.mediation_confirm(actor=request.user, mediation=m, **d),
    )


def petition_panel(request, petition):
    if not request.user.is_authenticated:
        return None
    return {"mediations": list(petition.mediations.all())}
