"""The petition page's section for care, counselling and agents."""

from care import selectors
from care.models import AgentAssignment, CareTask
from organisations.selectors import staff_context


def petition_panel(request, petition):
    user = request.user
    if (
        not user.is_authenticated
        or not staff_context(user).scope_units
        and not user.agent_assignments.filter(petition=petition, active=True).exists()
    ):
        return None
    return {
        "care_tasks": list(CareTask.objects.filter(petition=petition).select_related("committee")),
        "counselling": selectors.counselling_for(user, petition),
        "agents": list(
            AgentAssignment.objects.filter(petition=petition, active=True).select_related("agent")
        ),
        "is_agent": AgentAssignment.objects.filter(petition=petition, agent=user, active=True).exists(),
    }
