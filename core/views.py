import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from analytics.cache import cached
from core import health, navigation
from core.selectors import configuration_health
from core.widgets import LEVELS, RegionCascadeWidget
from organisations.models import Role
from organisations.selectors import staff_context
from petitions.selectors import home_figures, home_summary


@login_required
def home(request):
    staff = staff_context(request.user)
    administrator = request.user.is_superuser or staff.has_role(Role.SYSADMIN)
    if administrator and not (staff.roles - {Role.SYSADMIN}):  # sees no petitions: show what they look after
        return render(request, "core/home_admin.html", {"health": configuration_health()})
    # the totals span the whole scope: cached on its data version (exact, like the statistics page's figures)
    figures = cached("home", request.user, None, {}, lambda: home_figures(request.user))
    return render(request, "core/home.html", {"summary": home_summary(request.user, figures)})


@login_required
@require_GET
def nav_badges(request):
    """The navigation's badge numbers for the page that asked (htmx, out-of-band into the empty slots)."""
    staff = staff_context(request.user)
    counts = navigation.counts(request.user, staff)
    return render(request, "core/_nav_badges.html", {"counts": sorted(counts.items())})


_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@login_required
def region_picker(request):
    """The region cascade re-rendered after one of its selects changed (htmx): the levels below follow."""
    field, widget_id, level = (request.GET.get(k, "") for k in ("field", "id", "level"))
    if not (_NAME.match(field) and _NAME.match(widget_id)) or level not in LEVELS:
        raise Http404
    code = request.GET.get(f"{field}_{level}", "")
    if not code and level != LEVELS[0]:  # cleared a level: keep the one above
        code = request.GET.get(f"{field}_{LEVELS[LEVELS.index(level) - 1]}", "")
    if not (code.isdigit() and len(code) == 6):
        code = ""
    html = RegionCascadeWidget().render(field, code, attrs={"id": widget_id})
    return HttpResponse(html)


@never_cache
@require_GET
def healthz(request):
    """The process answers (nothing else is checked: see core/health.py)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    """The process can serve: database (migrated), cache and broker answer; 503 naming what does not."""
    checks = health.readiness()
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
