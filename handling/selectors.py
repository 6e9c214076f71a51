"""Reads about a petition's lifecycle records, shared by the lifecycle table, views and worklists."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from deadlines.models import Step
from deadlines.policy import compute_due
from handling.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    Extension,
    ExtensionStatus,
    Reply,
    ReplyStatus,
    ReviewWaiver,
    TerminationCase,
    TerminationStatus,
)
from petitions.selectors import closed_matter_for  # noqa: F401  (re-exported for the lifecycle)

# newest signed reply first; a reply imported from a ledger above level 0 has no signing time and comes last
LATEST_FIRST = F("approved_at").desc(nulls_last=True)


def active_assignments(petition) -> list[Assignment]:
    return list(
        Assignment.objects.filter(petition=petition, status__in=ACTIVE_ASSIGNMENT).select_related("unit")
    )


def lead_assignment(petition) -> Assignment | None:
    return (
        Assignment.objects.filter(
            petition=petition, status__in=ACTIVE_ASSIGNMENT, kind__in=("lead", "review", "rereview")
        )
        .select_related("unit")
        .order_by("-assigned_at", "-id")
        .first()
    )


def pending_extension(petition) -> Extension | None:
    return Extension.objects.filter(petition=petition, status=ExtensionStatus.PENDING).first()


def draft_reply(petition) -> Reply | None:
    return Reply.objects.filter(petition=petition, status=ReplyStatus.DRAFT).first()


def latest_reply(petition) -> Reply | None:
    return (
        Reply.objects.filter(petition=petition, status=ReplyStatus.APPROVED)
        .order_by(LATEST_FIRST, "-id")
        .first()
    )


def open_termination(petition) -> TerminationCase | None:
    return (
        TerminationCase.objects.filter(petition=petition)
        .exclude(status__in=(TerminationStatus.APPROVED, TerminationStatus.REJECTED))
        .first()
    )


def anchor_unit(case):
    lead = next(
        (a for a in case.assignments if a.kind in ("lead", "review", "rereview") and a.status == "received"),
        None,
    )
    if lead is None:
        lead = next((a for a in case.assignments if a.kind in ("lead", "review", "rereview")), None)
    if lead is not None:
        return lead.unit
    reply = case.latest_reply
    if reply is not None:
        return reply.unit
    return case.petition.handling_unit or case.petition.registered_unit


def unit_worklist_assignments(unit_ids, status):
    return Assignment.objects.filter(unit_id__in=unit_ids, status=status)


def extension_days_left(petition) -> int:
    """Days of extension the policy still allows on the active lead assignment (0 when none is active)."""
    from deadlines.models import Step
    from deadlines.policy import rule_for

    lead = lead_assignment(petition)
    if lead is None or lead.kind != "lead":
        return 0
    rule = rule_for(petition.responsible_system or lead.unit.system, Step.HANDLING)
    return max(rule.extension_days - lead.extended_days, 0)


def system_of(petition, unit=None) -> str:
    """The responsible system whose time-limit rules apply: the petition's, else the acting unit's."""
    return petition.responsible_system or (unit.system if unit is not None else "") or ""


def review_window(reply: Reply, system: str, level: int) -> dt.date:
    """The last day the petitioner may ask for 复查 (level 1) or 复核 (level 2): 30 days from receipt."""
    step = Step.REVIEW_REQUEST if level == 1 else Step.REREVIEW_REQUEST
    return compute_due(reply.delivered_on, system, step).due_date


@dataclass(frozen=True)
class ReviewRight:
    """A right the petitioner still holds: to ask for 复查 (level 1) or 复核 (level 2) of ``reply`` until
    ``last_day``, unless they waived it in a recorded statement."""

    level: int
    reply: Reply
    last_day: dt.date
    waived: bool

    def open_on(self, day: dt.date) -> bool:
        return not self.waived and day <= self.last_day


def review_right(petition, reply: Reply | None, *, waived: bool | None = None) -> ReviewRight | None:
    """The next review right the latest delivered reply gives, or None (no delivered reply, or 复核 done).
    ``waived``: already known (a page loads the waivers of all its rows at once)."""
    if petition.review_level >= 2 or reply is None or reply.delivered_on is None:
        return None
    level = petition.review_level + 1
    if waived is None:
        waived = ReviewWaiver.objects.filter(petition=petition, level=level).exists()
    return ReviewRight(
        level=level,
        reply=reply,
        last_day=review_window(reply, system_of(petition, reply.unit), level),
        waived=waived,
    )
