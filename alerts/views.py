"""Alert pages: the scoped list, acknowledge and close (htmx, POST), and an aggregate alert's petitions."""

from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from alerts import selectors, services
from alerts.filtersets import AlertFilterSet
from alerts.forms import CloseForm
from alerts.models import Alert, AlertStatus
from core.errors import DomainError, NotVisible, PermissionDenied

PAGE_SIZE = 30


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = AlertStatus.OPEN
    base = selectors.alert_list(request.user)
    filterset = AlertFilterSet(data, queryset=base)
    qs = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(qs.order_by("-created_at", "-severity", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = data.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "can_act": services.can_act(request.user),
    }
    template = "alerts/_list_results.html" if request.htmx else "alerts/list.html"
    return render(request, template, context)


def _row(request: HttpRequest, alert: Alert, **extra) -> HttpResponse:
    context = {"a": alert, "can_act": services.can_act(request.user), **extra}
    return render(request, "alerts/_row.html", context)


def _refused(request: HttpRequest, alert: Alert, exc: DomainError, **extra) -> HttpResponse:
    if isinstance(exc, NotVisible):
        raise Http404
    if request.htmx:
        return _row(request, alert, error=exc.message, **extra)
    if isinstance(exc, PermissionDenied):
        raise HttpForbidden(exc.message)
    messages.error(request, exc.message)
    return redirect("alerts:list")


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.get_visible_alert(request.user, pk)
    try:
        alert = services.alert_acknowledge(alert=alert, actor=request.user)
    except DomainError as exc:
        return _refused(request, alert, exc)
    if request.htmx:
        return _row(request, selectors.get_visible_alert(request.user, pk))
    messages.success(request, "已确认该预警。")
    return redirect("alerts:list")


@login_required
@require_http_methods(["GET", "POST"])
def alert_close(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.get_visible_alert(request.user, pk)
    if not services.can_act(request.user):
        raise HttpForbidden("只有督办员、部门负责人或接访员可以处理预警。")
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_close(alert=alert, actor=request.user, note=form.cleaned_data["note"])
        except DomainError as exc:
            return _refused(request, alert, exc, close_form=form)
        if request.htmx:
            return _row(request, selectors.get_visible_alert(request.user, pk))
        messages.success(request, "已关闭该预警。")
        return redirect("alerts:list")
    if request.htmx:
        return _row(request, alert, close_form=form)
    return render(request, "alerts/close.html", {"a": alert, "form": form})


@login_required
def alert_petitions(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.get_visible_alert(request.user, pk)
    if not alert.is_aggregate:
        return redirect("petitions:detail", alert.petition_id)
    qs = selectors.aggregate_alert_petitions(request.user, alert)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request, "alerts/petitions.html", {"a": alert, "page": page, "ledger_url": _ledger_url(alert)}
    )


def _ledger_url(alert: Alert) -> str:
    """The ledger (事项台账) filtered to a region alert's region and week; its filters have no category."""
    data = alert.data or {}
    if data.get("dimension") != "region" or (
        data.get("level") == "county" and alert.region_id.endswith("00")
    ):
        return ""
    try:
        start = timezone.localdate(datetime.fromisoformat(data["window_start"]))
        end = timezone.localdate(datetime.fromisoformat(data["window_end"]))
    except (KeyError, TypeError, ValueError):
        return ""
    query = urlencode({"region": alert.region_id, "registered_from": start, "registered_to": end})
    return f"{reverse('petitions:list')}?{query}"
