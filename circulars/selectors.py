"""Reads of circulars, case conferences and return visits, each within the user's scope."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from circulars.models import Circular, Explanation, Meeting, MeetingTask, ReturnVisit, ReturnVisitVerdict
from deadlines.calendar import start_of_day
from organisations.models import Unit, region_code_range
from organisations.selectors import staff_context
from petitions.models import Petition, SettlementState
from petitions.scope import visible_petitions


def _unit_paths(user) -> list[str]:
    return [u.path for u in staff_context(user).scope_units]


def visible_circulars(user) -> QuerySet:
    """Circulars issued within the user's scope units (their subtree), or sent to one of the user's units."""
    if not user.is_authenticated:
        return Circular.objects.none()
    condition = Q(recipients__unit__in=[m.unit_id for m in staff_context(user).memberships])
    for path in _unit_paths(user):
        condition |= Q(issuer__path__startswith=path)
    ids = Circular.objects.filter(condition).values("pk")
    return Circular.objects.filter(pk__in=ids).select_related("issuer", "campaign", "issued_by")


def get_visible_circular(user, pk) -> Circular:
    circular = visible_circulars(user).filter(pk=pk).first()
    if circular is None:
        raise Http404
    return circular


def previous_circular(circular: Circular) -> Circular | None:
    """The circular of the same series (issuer, kind, campaign) issued just before."""
    return (
        Circular.objects.filter(issuer=circular.issuer, kind=circular.kind, campaign=circular.campaign)
        .exclude(pk=circular.pk)
        .filter(period_to__lte=circular.period_to)
        .order_by("-period_to", "-issued_at", "-id")
        .first()
    )


def visible_meetings(user) -> QuerySet:
    if not user.is_authenticated:
        return Meeting.objects.none()
    condition = Q(attendees=user) | Q(tasks__owner=user)
    for path in _unit_paths(user):
        condition |= Q(unit__path__startswith=path)
    ids = Meeting.objects.filter(condition).values("pk")
    return Meeting.objects.filter(pk__in=ids).select_related("unit")


def get_visible_meeting(user, pk) -> Meeting:
    meeting = visible_meetings(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def meeting_petitions(user, meeting: Meeting) -> QuerySet:
    """The cases discussed, as far as the user may see them."""
    return visible_petitions(user, Petition.objects.filter(pk__in=meeting.petitions.values("pk"))).order_by(
        "pk"
    )


def my_meeting_tasks(user, *, open_only: bool = True) -> QuerySet:
    qs = MeetingTask.objects.filter(owner=user).select_related("meeting", "meeting__unit", "petition")
    if open_only:
        qs = qs.filter(done_at__isnull=True)
    return qs.order_by("deadline", "id")


def my_meeting_task_count(user) -> int:
    return (
        MeetingTask.objects.filter(owner=user, done_at__isnull=True).count() if user.is_authenticated else 0
    )


def get_my_task(user, pk) -> MeetingTask:
    task = MeetingTask.objects.filter(owner=user, pk=pk).select_related("petition", "meeting").first()
    if task is None:
        raise Http404
    return task


def my_explanations(user) -> QuerySet:
    units = [m.unit_id for m in staff_context(user).memberships]
    return (
        Explanation.objects.filter(unit_id__in=units).select_related("circular", "unit").order_by("-due_on")
    )


def get_my_explanation(user, pk) -> Explanation:
    item = my_explanations(user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def reported_settled(*, committee: Unit, date_from: dt.date, date_to: dt.date) -> QuerySet:
    """Cases handled in the committee's region and reported settled (已结已息) within the period."""
    lo, hi = region_code_range(committee.region_id)
    return Petition.objects.filter(
        settlement_state=SettlementState.SETTLED,
        closed_at__gte=start_of_day(date_from),
        closed_at__lt=start_of_day(date_to + dt.timedelta(days=1)),
        handling_unit__region_id__gte=lo,
        handling_unit__region_id__lte=hi,
    ).order_by("pk")


def found_unsettled_by_unit(*, issuer: Unit, date_from: dt.date, date_to: dt.date) -> list[tuple[Unit, int]]:
    """Return visits in the period that found a case reported settled unsettled, per reporting unit."""
    lo, hi = region_code_range(issuer.region_id)
    rows = (
        ReturnVisit.objects.filter(
            verdict=ReturnVisitVerdict.UNSETTLED,
            visited_on__gte=date_from,
            visited_on__lte=date_to,
            handling_unit__region_id__gte=lo,
            handling_unit__region_id__lte=hi,
        )
        .values("handling_unit")
        .annotate(n=Count("pk"))
        .order_by()
    )
    units = Unit.objects.in_bulk([r["handling_unit"] for r in rows])
    return [(units[r["handling_unit"]], r["n"]) for r in rows if r["handling_unit"] in units]


def visible_return_visits(user) -> QuerySet:
    paths = _unit_paths(user)
    if not paths:
        return ReturnVisit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(committee__path__startswith=path)
    return ReturnVisit.objects.filter(condition).select_related("petition", "handling_unit", "committee")


def committee_return_visits(user) -> QuerySet:
    """The return visits of the 政法委 units the user may sample and record for (``services.issuing_units``),
    within the user's scope: another committee's visits are not among them."""
    from circulars.services import issuing_units  # noqa: PLC0415 — services import this module

    committees = [u.pk for u in issuing_units(user)] if user.is_authenticated else []
    if not committees:
        return ReturnVisit.objects.none()
    return visible_return_visits(user).filter(committee_id__in=committees).select_related("visited_by")


def filter_return_visits(
    visits: QuerySet,
    *,
    verdict: str = "",
    handling_unit: Unit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet:
    """``verdict``: pending, settled or unsettled; the period is when the case was reported settled."""
    if verdict == "pending":
        visits = visits.filter(verdict="")
    elif verdict in ReturnVisitVerdict.values:
        visits = visits.filter(verdict=verdict)
    if handling_unit is not None:
        visits = visits.filter(handling_unit=handling_unit)
    if date_from is not None:
        visits = visits.filter(petition__closed_at__gte=start_of_day(date_from))
    if date_to is not None:
        visits = visits.filter(petition__closed_at__lt=start_of_day(date_to + dt.timedelta(days=1)))
    return visits


def get_committee_return_visit(user, pk) -> ReturnVisit:
    visit = committee_return_visits(user).filter(pk=pk).first()
    if visit is None:
        raise Http404
    return visit


def petitions_by_number(user, text: str) -> tuple[list[int], list[str]]:
    """The registration numbers typed into a meeting record (comma, 、 or space separated), resolved inside the
    user's scope: the ids found, and the numbers not found (a number outside the scope is not found)."""
    numbers = [n for n in re.split(r"[\s,，、]+", text or "") if n]
    found = dict(
        visible_petitions(user, Petition.objects.filter(number__in=numbers)).values_list("number", "pk")
    )
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]
