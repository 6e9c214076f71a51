"""The time-limit policy: which rule applies to a step, and the deadline it gives (DOMAIN §5).

Lifecycle code calls ``compute_due`` when a state change starts a clock and stores ``due_at`` and ``warn_at``
on its own rows; sweeps compare those stored values with the current time and use ``deadline_status`` to
grade a deadline. Rules are data (``TimeLimitRule``), seeded from the 《信访工作条例》 defaults.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from core.errors import DomainError
from deadlines import calendar
from deadlines.models import ALL_SYSTEMS, DeadlineStatus, Step, TimeLimitRule
from deadlines.selectors import step_rules


class NoTimeLimitRule(DomainError):
    code = "no_time_limit_rule"


@dataclass(frozen=True)
class DueInfo:
    """A computed deadline: the last day, the moment it expires, when to start warning, and the rule used."""

    start_date: date
    days: int
    due_date: date
    due_at: datetime
    warn_at: datetime
    rule: TimeLimitRule


def rule_for(system: str | None, step: str) -> TimeLimitRule:
    """The rule for ``step`` in ``system``: the system's own rule if there is one, else the default (system "")."""
    system = system or ALL_SYSTEMS
    rules = step_rules(step, {system, ALL_SYSTEMS})  # cached outside transactions, afresh inside
    rule = rules.get(system) or rules.get(ALL_SYSTEMS)
    if rule is None:
        label = Step(step).label if step in Step.values else step
        raise NoTimeLimitRule(_("尚未配置“%(step)s”环节的期限规则，请联系系统管理员。") % {"step": label})
    return rule


def compute_due(
    start: datetime | date,
    system: str | None,
    step: str,
    extra_days: int = 0,
    *,
    excluded_days: int = 0,
    overrides: calendar.Overrides | None = None,
    rule: TimeLimitRule | None = None,
) -> DueInfo:
    """The deadline of ``step`` for a clock started at ``start`` (an aware datetime, or a Beijing-time date).

    ``extra_days``: an approved extension, at most the rule's ``extension_days``.
    ``excluded_days``: time that by law does not count (e.g. a hearing during 复核, 条例第三十六条).
    Both are counted the same way as the rule (calendar or working days).
    ``overrides`` and ``rule``: read beforehand by a caller that computes outside its reads' transaction.
    """
    rule = rule or rule_for(system, step)
    if extra_days < 0 or excluded_days < 0:
        raise DomainError(_("延期或不计入期限的天数不能为负数。"), code="negative_days")
    if extra_days > rule.extension_days:
        if rule.extension_days == 0:
            message = _("“%(step)s”环节不得延期。") % {"step": rule.get_step_display()}
        else:
            message = _("“%(step)s”环节最多延期%(days)s日。") % {
                "step": rule.get_step_display(),
                "days": rule.extension_days,
            }
        raise DomainError(message, code="extension_too_long", field="extra_days")

    if isinstance(start, datetime):
        start_moment = start
        start_day = calendar.local_date(start)
    else:
        start_day = start
        start_moment = calendar.start_of_day(start)
    ov = calendar.resolve_overrides(overrides)
    total = rule.days + extra_days + excluded_days
    due = calendar.due_date(start_day, total, rule.counting, ov)
    warn_day = calendar.warning_date(due, rule.warn_days_before, rule.counting, ov)
    warn_at = max(calendar.start_of_day(warn_day), start_moment)
    return DueInfo(
        start_date=start_day,
        days=total,
        due_date=due,
        due_at=calendar.end_of_day(due),
        warn_at=warn_at,
        rule=rule,
    )


def deadline_status(
    *, due_at: datetime, warn_at: datetime, rule: TimeLimitRule, now: datetime
) -> DeadlineStatus:
    """Grade a deadline at ``now``: on time, warning, overdue, moderately or seriously overdue."""
    if now <= due_at:
        return DeadlineStatus.WARNING if now >= warn_at else DeadlineStatus.ON_TIME
    overdue_days = -calendar.days_left(calendar.local_date(due_at), calendar.local_date(now))
    if overdue_days >= rule.serious_overdue_days:
        return DeadlineStatus.SERIOUS
    if overdue_days >= rule.moderate_overdue_days:
        return DeadlineStatus.MODERATE
    return DeadlineStatus.OVERDUE
