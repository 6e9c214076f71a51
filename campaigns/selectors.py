"""What a user may see of campaigns, inspections and typical cases: the one scope (their units' subtrees and a
政法委's region), the same test as ``analytics.selectors.campaign_concerns``."""

from __future__ import annotations

import copy
import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from analytics.models import Campaign
from analytics.selectors import campaign_cohort, campaign_concerns, scoped, unit_scope_petitions
from campaigns.models import CampaignCase, Inspection, Phase, RectificationTask, ScopeChange, TypicalCase
from organisations.models import Role
from organisations.selectors import staff_context
from petitions.models import Petition, Tag
from petitions.scope import visible_petitions


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


# ---------------------------------------------------------------------------------------------- scope and cohort


def cohort_size(user, campaign: Campaign) -> int:
    """How many cases of the campaign's cohort (the chosen cases when there are any, else its scope by filter)
    the user may see: the figure its progress is measured on for them."""
    return scoped(user, campaign_cohort(campaign)).count()


def filter_size(user, campaign: Campaign) -> int:
    """How many cases the campaign's scope by filter alone finds in the user's scope (chosen cases aside)."""
    unsaved = copy.copy(campaign)
    unsaved.pk = None  # ``campaign_cohort`` looks for chosen cases only on a saved campaign
    return scoped(user, campaign_cohort(unsaved)).count()


def chosen_count(campaign: Campaign) -> int:
    return CampaignCase.objects.filter(campaign=campaign).count()


def chosen_cases(user, campaign: Campaign) -> QuerySet:
    """The campaign's chosen cases that the user may see, newest choice first, with who chose them and when."""
    return (
        CampaignCase.objects.filter(campaign=campaign, petition__in=visible_petitions(user).values("pk"))
        .select_related("petition", "petition__handling_unit", "petition__registered_unit", "added_by")
        .order_by("-added_at", "-id")
    )


def candidate_petitions(user, campaign: Campaign) -> QuerySet:
    """Petitions the user may choose for the campaign: visible to them and, for a campaign of a unit, in that
    unit's scope (the same rule as ``services.campaign_choose_cases``), newest first."""
    qs = visible_petitions(user)
    if campaign.unit_id:
        qs = unit_scope_petitions(campaign.unit, qs)
    return qs.select_related("registered_unit", "handling_unit").order_by("-registered_at", "-id")


def chosen_ids(campaign: Campaign, petition_ids) -> set[int]:
    return set(
        CampaignCase.objects.filter(campaign=campaign, petition_id__in=list(petition_ids)).values_list(
            "petition_id", flat=True
        )
    )


def _shown(field: str, value, tags: dict[int, str]) -> str:
    if value in (None, ""):
        return str(_("不限"))
    if field == "backlog_only":
        return str(_("是") if value else _("否"))
    if field == "tag":
        return tags.get(value, str(value))
    choices = dict(Campaign._meta.get_field(field).choices or [])
    return str(choices.get(value, value))


def scope_changes(campaign: Campaign, limit: int = 10) -> list[ScopeChange]:
    """The latest changes of the scope, each with ``lines``: "字段：旧值 → 新值" for every field changed."""
    changes = list(campaign.scope_changes.select_related("changed_by").order_by("-changed_at", "-id")[:limit])
    tag_ids = {c.get("tag") for change in changes for c in (change.before, change.after)} - {None}
    tags = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name")) if tag_ids else {}
    for change in changes:
        change.lines = [
            f"{Campaign._meta.get_field(field).verbose_name}：{_shown(field, change.before.get(field), tags)} → "
            f"{_shown(field, change.after.get(field), tags)}"
            for field in change.after
            if change.before.get(field) != change.after.get(field)
        ]
    return changes


def visible_ids_by_number(user, numbers: list[str]) -> dict[str, int]:
    """Registration numbers → ids of the petitions the user may see (a number not in scope is simply absent)."""
    if not numbers:
        return {}
    rows = visible_petitions(user, Petition.objects.filter(number__in=numbers)).values_list("number", "pk")
    return dict(rows)


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
