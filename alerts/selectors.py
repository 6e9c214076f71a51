"""Reads of early warning, scoped: a user sees an alert only if they may see what it is about.

A petition's alert is visible exactly when its petition is: ``_petition_visible`` is the condition of
``petitions.scope.visible_petitions`` itself (``scope_q``), applied to the alert's petition — region tests, then
correlated ``EXISTS`` probes on ``PetitionAccess`` per alert, never a hash of the whole subtree's access rows.
``tests/test_scope.py`` checks that both agree for every kind of user.

An aggregate alert (a region's or a category's unusual rise) is visible to the 政法委 staff whose region contains
the alert's region — the only people who see every petition the figure counts.
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from alerts.models import Alert, AlertStatus
from organisations.models import region_code_range
from organisations.selectors import staff_context
from petitions.models import Petition
from petitions.scope import scope_q, visible_petitions


def visible_alerts(user, queryset: QuerySet | None = None) -> QuerySet:
    qs = Alert.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    ranges = staff_context(user).committee_region_ranges
    condition = Q(petition__isnull=False) & _petition_visible(user)
    for lo, hi in ranges:
        condition |= Q(petition__isnull=True, region_id__gte=lo, region_id__lte=hi)
    return qs.filter(condition)


def _petition_visible(user) -> Q:
    """``visible_petitions(user)`` for the alert's petition: the scope's own condition, probed per alert."""
    return scope_q(user, petition="petition_id", prefix="petition__")


def alert_list(user) -> QuerySet:
    return visible_alerts(user).select_related("petition", "unit", "region", "acknowledged_by", "closed_by")


def get_visible_alert(user, pk) -> Alert:
    try:
        return alert_list(user).get(pk=pk)
    except (Alert.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def open_alerts_for(user, limit: int = 10) -> list[Alert]:
    """The most severe, newest open alerts the user can see: for dashboards (``alerts/_dashboard_panel.html``)."""
    return list(
        alert_list(user).filter(status=AlertStatus.OPEN).order_by("-severity", "-created_at", "-id")[:limit]
    )


def open_alert_count(user) -> int:
    return visible_alerts(user).filter(status=AlertStatus.OPEN).count()


def aggregate_alert_petitions(user, alert: Alert) -> QuerySet:
    """The petitions an aggregate alert counted in its week (a growing cluster: its members this period), as
    far as the user may see them."""
    data = alert.data or {}
    if alert.kind == "cluster_growth":
        ids = [pk for pk in data.get("petitions") or [] if isinstance(pk, int)]
        qs = visible_petitions(user).filter(pk__in=ids).order_by("-registered_at", "-id")
        return qs.select_related("registered_unit", "handling_unit").prefetch_related("parties__petitioner")
    try:
        start = datetime.fromisoformat(data["window_start"])
        end = datetime.fromisoformat(data["window_end"])
    except (KeyError, TypeError, ValueError):
        return Petition.objects.none()
    qs = visible_petitions(user).filter(registered_at__gt=start, registered_at__lte=end)
    if data.get("level") == "county":
        qs = qs.filter(problem_region_id=alert.region_id)
    else:
        lo, hi = region_code_range(alert.region_id)
        qs = qs.filter(problem_region_id__gte=lo, problem_region_id__lte=hi)
    if data.get("dimension") == "category":
        qs = qs.filter(problem_category=alert.category)
    return qs.select_related("registered_unit", "handling_unit").prefetch_related("parties__petitioner")
