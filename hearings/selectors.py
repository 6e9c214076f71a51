"""Reads of hearings and joint consultations, all through the one petition scope."""

from django.db.models import Q, QuerySet
from django.http import Http404

from hearings.models import Consultation, ConsultationTask, Hearing
from organisations.models import Role, Unit
from organisations.selectors import staff_context
from petitions.models import Petition
from petitions.scope import visible_petitions

# who organises hearings and consultations: 承办人, 部门负责人, 督办员, 领导
ORGANISER_ROLES = (Role.HANDLER, Role.UNIT_HEAD, Role.SUPERVISOR, Role.LEADER)
TASK_ROLES = (Role.HANDLER, Role.UNIT_HEAD, Role.REVIEWER, Role.SUPERVISOR, Role.LEADER)


def organiser_unit(user) -> Unit | None:
    units = staff_context(user).units_with(*ORGANISER_ROLES)
    return units[0] if units else None


def can_organise(user) -> bool:
    return organiser_unit(user) is not None


def _visible_ids(user):
    return visible_petitions(user, Petition.objects.all()).values("pk")


def hearing_list(user) -> QuerySet:
    return (
        Hearing.objects.filter(petition__in=_visible_ids(user))
        .select_related("petition", "unit")
        .order_by("-starts_at", "-id")
    )


def get_visible_hearing(user, pk) -> Hearing:
    try:
        return hearing_list(user).get(pk=pk)
    except (Hearing.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def consultation_list(user) -> QuerySet:
    return (
        Consultation.objects.filter(petition__in=_visible_ids(user))
        .select_related("petition", "unit")
        .order_by("-held_on", "-id")
    )


def get_visible_consultation(user, pk) -> Consultation:
    try:
        return consultation_list(user).get(pk=pk)
    except (Consultation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_visible_task(user, pk) -> ConsultationTask:
    try:
        return ConsultationTask.objects.select_related("consultation__petition", "owner_unit", "owner").get(
            pk=pk, consultation__petition__in=_visible_ids(user)
        )
    except (ConsultationTask.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def my_open_tasks(user) -> QuerySet:
    """The worklist of 会诊 tasks: open tasks owned by the user or by a unit where they work."""
    units = [u.pk for u in staff_context(user).units_with(*TASK_ROLES)]
    return (
        ConsultationTask.objects.filter(completed_at__isnull=True)
        .filter(Q(owner=user) | Q(owner_unit_id__in=units, owner__isnull=True))
        .select_related("consultation__petition", "owner_unit", "owner")
        .order_by("deadline", "id")
    )


def open_task_count(user) -> int:
    return my_open_tasks(user).count()
