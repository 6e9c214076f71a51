"""What a user may see of campaigns, inspections and typical cases: the one scope (their units' subtrees and a
政法委's region), the same test as ``analytics.selectors.campaign_concerns``."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from analytics.models import Campaign
from analytics.selectors import campaign_concerns
from campaigns.models import Inspection, Phase, RectificationTask, TypicalCase
from organisations.models import Role
from organisations.selectors import staff_context


def is_staff(user) -> bool:
    return user.is_authenticated and bool(staff_context(user).roles - {Role.SYSADMIN, Role.LAWYER})


def _unit_condition(user, field: str) -> Q:
    """Records whose ``field`` unit lies in the user's scope (a unit subtree or a 政法委's region)."""
    ctx = staff_context(user)
    condition = Q(pk__in=[])
    for unit in ctx.scope_units:
        condition |= Q(**{f"{field}__path__startswith": unit.path})
    for lo, hi in ctx.committee_region_ranges:
        condition |= Q(**{f"{field}__region_id__gte": lo, f"{field}__region_id__lte": hi})
    return condition


def visible_campaigns(user) -> list[Campaign]:
    if not is_staff(user):
        return []
    campaigns = Campaign.objects.select_related("unit").order_by("-starts_on", "name")
    return [c for c in campaigns if campaign_concerns(user, c)]


def get_visible_campaign(user, pk) -> Campaign:
    try:
        campaign = Campaign.objects.select_related("unit", "tag").get(pk=pk)
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not is_staff(user) or not campaign_concerns(user, campaign):
        raise Http404
    return campaign


def current_phase(campaign: Campaign, today: dt.date, phases: list[Phase] | None = None) -> Phase | None:
    phases = phases if phases is not None else list(campaign.phases.all())
    return next((p for p in phases if p.starts_on <= today <= p.ends_on), None)


def visible_inspections(user, campaign: Campaign | None = None) -> QuerySet:
    if not is_staff(user):
        return Inspection.objects.none()
    qs = Inspection.objects.filter(
        _unit_condition(user, "inspecting_unit") | _unit_condition(user, "inspected_unit")
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.select_related("campaign", "inspecting_unit", "inspected_unit", "petition")


def get_visible_inspection(user, pk) -> Inspection:
    try:
        return visible_inspections(user).get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def visible_typical_cases(user, campaign: Campaign | None = None) -> QuerySet:
    if not is_staff(user):
        return TypicalCase.objects.none()
    qs = TypicalCase.objects.filter(_unit_condition(user, "unit"))
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.select_related("campaign", "unit", "petition", "submitted_by", "reviewed_by")


def get_visible_typical_case(user, pk) -> TypicalCase:
    try:
        return visible_typical_cases(user).get(pk=pk)
    except (TypicalCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def my_rectification_tasks(user, *, open_only: bool = True) -> QuerySet:
    if not user.is_authenticated:
        return RectificationTask.objects.none()
    qs = RectificationTask.objects.filter(owner=user).select_related(
        "inspection", "inspection__campaign", "inspection__inspected_unit", "owner_unit"
    )
    if open_only:
        qs = qs.filter(done_at__isnull=True)
    return qs.order_by("deadline", "id")


def get_my_task(user, pk) -> RectificationTask:
    try:
        return my_rectification_tasks(user, open_only=False).get(pk=pk)
    except (RectificationTask.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def my_rectification_task_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return RectificationTask.objects.filter(owner=user, done_at__isnull=True).count()
