"""Reads of care records: each is visible iff its petition is (``petitions.scope``), plus the counselling rule."""

from django.db.models import QuerySet
from django.http import Http404

from care import rules
from care.models import AgentAssignment, CareStatus, CareTask, CounsellingSession
from petitions.scope import get_visible_petition, visible_petitions


def care_task_list(user) -> QuerySet:
    return CareTask.objects.filter(petition__in=visible_petitions(user).values("pk")).select_related(
        "petition", "committee"
    )


def get_visible_task(user, pk) -> CareTask:
    try:
        return care_task_list(user).get(pk=pk)
    except (CareTask.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def open_task_count(user) -> int:
    return care_task_list(user).filter(status=CareStatus.OPEN).count()


def counselling_for(user, petition) -> list[CounsellingSession]:
    """The sessions of a petition the user may read (the others are not shown at all)."""
    sessions = CounsellingSession.objects.filter(petition=petition).select_related("petition", "counsellor")
    return [s for s in sessions if rules.can_read_counselling(user, s)]


def readable_counselling(user) -> QuerySet:
    return CounsellingSession.objects.filter(
        petition__in=visible_petitions(user).values("pk")
    ).select_related("petition", "counsellor", "petition__handling_unit")


def get_readable_session(user, pk) -> CounsellingSession:
    """Outside the petition's scope or the counselling rule: 404, as if the notes did not exist."""
    try:
        session = readable_counselling(user).get(pk=pk)
    except (CounsellingSession.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not rules.can_read_counselling(user, session):
        raise Http404
    return session


def agent_worklist(user) -> QuerySet:
    return (
        AgentAssignment.objects.filter(agent=user, active=True)
        .select_related("petition", "unit", "assigned_by")
        .order_by("-assigned_at")
    )


def agent_assignments(user) -> QuerySet:
    return AgentAssignment.objects.filter(petition__in=visible_petitions(user).values("pk")).select_related(
        "petition", "agent", "unit"
    )


def get_visible_assignment(user, pk) -> AgentAssignment:
    try:
        return agent_assignments(user).get(pk=pk)
    except (AgentAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def agent_petition_ids(user) -> QuerySet:
    """The petitions an official carries as 代办员: added to their scope (``petitions.scope.register_grant``)."""
    return AgentAssignment.objects.filter(agent=user, active=True).values("petition_id")


__all__ = ["get_visible_petition"]
