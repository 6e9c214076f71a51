"""What the lifecycle adds to the petition page: the allowed actions, the deadline card, the records."""

from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines import calendar
from handling import selectors
from handling.lifecycle import Case, allowed_actions
from handling.models import Assignment, Extension, FollowUp, Reply, ReviewRequest, TerminationCase
from handling.next_steps import next_step
from petitions.models import DueKind, State


def _case(petition) -> Case:
    """One lifecycle ``Case`` for the page's petition, shared by the next-step line and the allowed actions (each
    loaded the same assignments, replies and extensions on its own)."""
    case = petition.__dict__.get("_lifecycle_case")
    if case is None:
        case = petition.__dict__["_lifecycle_case"] = Case(petition)
    return case


def next_step_context(request, petition):
    step = next_step(petition, _case(petition))
    return {"next_step": step} if step is not None else None


def actions_context(request, petition):
    actions = allowed_actions(request.user, petition, _case(petition))
    return {"actions": actions} if actions else None


def due_label(petition) -> str:
    """What the stored deadline is. While a 交办 waits for 签收 it is still the assignment's handling limit."""
    if petition.due_kind == DueKind.ASSIGNMENT:
        return _("办理期限（待签收）")
    return petition.get_due_kind_display() or _("下一期限")


def deadline_context(request, petition):
    today = calendar.local_date(timezone.now())
    context = {"today": today}
    if petition.due_at:
        due = calendar.local_date(petition.due_at)
        left = calendar.days_left(due, today)
        context.update(
            due=due,
            due_label=due_label(petition),
            days_left=left,
            overdue=left < 0,
            overdue_days=-left,
            warning=petition.warn_at is not None and timezone.now() >= petition.warn_at and left >= 0,
        )
    if petition.state in (State.REPLIED, State.FOLLOWED_UP, State.CLOSED):
        right = selectors.review_right(petition, selectors.latest_reply(petition))
        if right is not None:
            context.update(
                window_level=right.level,
                window_last=right.last_day,
                window_left=calendar.days_left(right.last_day, today),
                window_waived=right.waived,
            )
    return context if len(context) > 1 else None


def records_context(request, petition):
    context = {
        "assignments": Assignment.objects.filter(petition=petition).select_related("unit", "handler"),
        "extensions": Extension.objects.filter(petition=petition).select_related(
            "requested_by", "decided_by"
        ),
        "replies": Reply.objects.filter(petition=petition).select_related("unit", "document", "approved_by"),
        "follow_ups": FollowUp.objects.filter(petition=petition).select_related("unit", "by"),
        "reviews": ReviewRequest.objects.filter(petition=petition).select_related("reviewing_unit"),
        "terminations": TerminationCase.objects.filter(petition=petition).prefetch_related(
            "steps__by", "steps__unit"
        ),
        "screenings": petition.screenings.select_related("target_unit", "decided_by"),
    }
    if not any(qs.exists() for qs in context.values()):
        return None
    return context
