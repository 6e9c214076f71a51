"""The statistics dashboard and its xlsx downloads: thin views over ``analytics.selectors``."""

from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from analytics import selectors
from analytics.cache import cached
from analytics.exports import workbook
from analytics.forms import StatsFilterForm, filter_from_params
from analytics.tables import CHARTS, campaign_panels, chart_data, dashboard_tables, headline
from audit.services import audit_export, params_of
from core.errors import InvalidInput
from organisations.selectors import staff_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cached_dashboard(user, f, metric: str, level: str) -> dict:
    """The page's figures; the downloads reuse them, so a table downloaded is the table shown."""
    return cached(
        "dashboard",
        user,
        f,
        {"metric": metric, "level": level},
        lambda: selectors.dashboard(user, f, ranking_metric=metric, ranking_level=level),
    )


def _require_statistics(user) -> None:
    if not selectors.can_view_statistics(staff_context(user)):
        raise Http404


def _open_alerts(user) -> list | None:
    """The early-warning panel, when the alerts app is installed."""
    if not apps.is_installed("alerts"):
        return None
    try:
        from alerts.selectors import open_alerts_for
    except ImportError:
        return None
    return open_alerts_for(user, limit=8)


@login_required
def dashboard(request):
    _require_statistics(request.user)
    form = StatsFilterForm(request.GET or {"preset": "this_year"}, user=request.user)
    context: dict = {"form": form}
    if form.is_valid():
        f = form.cleaned_data["filter"]
        metric, level = form.cleaned_data["metric"], form.cleaned_data["level"]
        data = cached_dashboard(request.user, f, metric, level)
        query = urlencode({**f.params(), "metric": metric, "level": level})
        tables = dashboard_tables(data)
        context.update(
            {
                "filter": f,
                "data": data,
                "cards": headline(data),
                "tables": tables,
                "campaigns": campaign_panels(data, tables),
                "charts": chart_data(data),
                "query": query,
                "alerts": _open_alerts(request.user),
                "alerts_installed": apps.is_installed("alerts"),
            }
        )
    return render(request, "analytics/dashboard.html", context)


@login_required
def export_chart(request, chart: str):
    """One chart's table (or ``all``) as xlsx, for the same filters as the page."""
    _require_statistics(request.user)
    if chart not in (*CHARTS, "all") and not chart.startswith("campaign-"):
        raise Http404
    try:
        f, metric, level = filter_from_params(request.GET, user=request.user)
    except InvalidInput as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    data = cached_dashboard(request.user, f, metric, level)
    tables = dashboard_tables(data)
    if chart == "all":
        chosen = list(tables.values())
    elif chart in tables:
        chosen = [tables[chart]]
    else:
        raise Http404
    title = _("涉法涉诉信访统计分析")
    content = workbook(chosen, title=title, filter_lines=f.describe())
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{title}-{chosen[0].title if len(chosen) == 1 else _('全部')}-{f.date_from}-{f.date_to}.xlsx"
    audit_export(
        actor=request.user,
        kind=f"statistics.{chart}",
        filename=filename,
        params=params_of(request.GET),
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
