"""Reads of the public portal: what a petitioner sees of their petition, and the staff screening list."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines import calendar
from deadlines.models import Step
from deadlines.policy import NoTimeLimitRule, rule_for
from handling import selectors as handling_selectors
from handling.models import Reply, ReplyStatus
from petitions.models import Petition, State
from petitions.scope import visible_petitions
from petitions.selectors import closed_matter_for, linked_petition_label

# The timeline actions a petitioner sees, each with the wording shown to them. Everything else (internal work,
# drafts, rejections, reminders, extension requests, termination steps, notes, attachments added by staff) is
# internal. Only the time and this wording are shown: never the actor, the unit's staff, the note or the data.
PUBLIC_EVENTS = {
    "registered": _("提交（登记）"),
    "screen_online": _("审核通过，转入登记"),
    "accept": _("依法受理并交承办单位办理"),
    "transfer_out": _("不属于涉法涉诉事项，已转送信访部门"),
    "decline": _("不予受理"),
    "divert": _("导入法律程序"),
    "record_diversion_outcome": _("法律程序结果已登记"),
    "receive": _("承办单位签收"),
    "extension_approved": _("办理期限依法延长"),
    "decide_reply": _("作出答复意见书"),
    "record_delivery": _("答复已送达"),
    "follow_up": _("回访"),
    "close": _("办结"),
    "request_review": _("申请复查"),
    "request_rereview": _("申请复核"),
    "approve_termination": _("依法终结"),
    "archive": _("归档"),
    "portal_evaluated": _("网上评价"),
}
SATISFACTION_CHOICES = ("satisfied", "basically", "unsatisfied")


@dataclass(frozen=True)
class PublicEvent:
    at: object
    label: str


def public_timeline(petition: Petition) -> list[PublicEvent]:
    rows = petition.events.filter(action__in=PUBLIC_EVENTS).order_by("at", "id").values_list("at", "action")
    return [PublicEvent(at=at, label=str(PUBLIC_EVENTS[action])) for at, action in rows]


@dataclass(frozen=True)
class TimeLimit:
    label: str
    days: int
    working: bool


def time_limits(system: str = "") -> list[TimeLimit]:
    """The legal time limits a petitioner is told on submission, from the deadlines policy."""
    steps = (
        (Step.ACCEPTANCE, _("受理告知：收到之日起")),
        (Step.HANDLING, _("办理并答复：受理之日起")),
        (Step.REVIEW_REQUEST, _("不服答复可申请复查：收到答复意见书之日起")),
        (Step.REVIEW, _("复查机关作出复查意见：收到复查申请之日起")),
        (Step.REREVIEW_REQUEST, _("不服复查意见可申请复核：收到复查意见书之日起")),
    )
    found = []
    for step, label in steps:
        try:
            rule = rule_for(system, step)
        except NoTimeLimitRule:
            continue
        found.append(TimeLimit(label=label, days=rule.days, working=rule.counting == "working"))
    return found


def public_replies(petition: Petition) -> list[Reply]:
    return list(
        Reply.objects.filter(petition=petition, status=ReplyStatus.APPROVED, document__isnull=False)
        .select_related("unit", "document")
        .order_by("approved_at", "id")
    )


def tracking(petition: Petition) -> dict:
    """Everything the tracking page shows, and nothing more."""
    from portal.models import Evaluation

    today = calendar.local_date(timezone.now())
    latest = handling_selectors.latest_reply(petition)
    right = handling_selectors.review_right(petition, latest)
    context = {
        "number": petition.number,
        "title": petition.title,
        "state": petition.get_state_display(),
        "submitted": petition.registered_at,
        "timeline": public_timeline(petition),
        "replies": public_replies(petition),
        "due": None,
        "evaluation": None,
        "can_evaluate": False,
        "review": None,
    }
    if petition.due_at and petition.is_open:
        due = calendar.local_date(petition.due_at)
        context["due"] = {"label": petition.get_due_kind_display() or _("下一期限"), "date": due}
    if latest is not None:
        evaluation = Evaluation.objects.filter(reply=latest).first()
        context["evaluation"] = evaluation
        context["can_evaluate"] = evaluation is None
    if right is not None:
        kind = _("复查") if right.level == 1 else _("复核")
        is_open = right.open_on(today) and petition.state in (State.REPLIED, State.FOLLOWED_UP, State.CLOSED)
        if is_open:
            reason = ""
        elif right.waived:
            reason = _("您已书面声明放弃申请%(kind)s。") % {"kind": kind}
        else:
            reason = _("申请%(kind)s的期限已于%(day)s届满（收到答复意见书之日起30日内），依法不再受理。") % {
                "kind": kind,
                "day": right.last_day.isoformat(),
            }
        context["review"] = {"level": right.level, "kind": kind, "last_day": right.last_day, "open": is_open,
                             "closed_reason": reason}  # fmt: skip
    return context


def screening_list(user):
    """网上待审核 submissions the user's scope holds, oldest first."""
    return (
        visible_petitions(user, Petition.objects.filter(state=State.ONLINE_PENDING))
        .select_related("registered_unit", "problem_region")
        .order_by("registered_at", "id")
    )


def screening_checks(user, petitions) -> None:
    """The staff form's checks on each row: a terminated/复核-done matter, and 重信重访 (named within scope)."""
    for p in petitions:
        closed = closed_matter_for(p)
        p.closed_matter_label = linked_petition_label(user, closed)
        p.repeat_label = "" if closed else linked_petition_label(user, p.related_to)
