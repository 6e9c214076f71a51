"""Reads of the calendar overrides and the time-limit rules: the small cached providers ``deadlines.calendar``
and ``deadlines.policy`` use.

The override table is small (a few dozen rows a year) and changes a few times a year, so it is loaded whole
and kept in the shared cache (Redis in production, so every web process sees an invalidation). Saving or
deleting a ``CalendarDay`` drops the cached copy at once and again after the commit, so a reader that
refilled it in between with the old rows does not keep them.

Inside a transaction the table is read afresh and not cached: the transaction sees its own uncommitted edits,
and a rolled-back edit never leaks into the cache. The time-limit rules (a few dozen rows, edited by an
administrator) are kept the same way.
"""

from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_delete, post_save

from core import reference_cache
from deadlines import calendar
from deadlines.models import CalendarDay, TimeLimitRule

CACHE_KEY = "deadlines:calendar-overrides:v1"
RULES_KEY = "deadlines:time-limit-rules:v1"
CACHE_SECONDS = 300


def calendar_overrides() -> dict[date, bool]:
    """Every administrator override: date → is a working day."""
    if _in_transaction():
        return _load()
    found = cache.get(CACHE_KEY)
    if found is not None:
        return found
    found = _load()
    cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def step_rules(step: str, systems: set[str]) -> dict[str, TimeLimitRule]:
    """The rules of ``step`` for the given systems ("" is the default rule): system → rule."""
    if _in_transaction():
        return {r.system: r for r in TimeLimitRule.objects.filter(step=step, system__in=systems)}
    every = cache.get(RULES_KEY)
    if every is None:
        every = {(r.system, r.step): r for r in TimeLimitRule.objects.all()}
        cache.set(RULES_KEY, every, CACHE_SECONDS)
    return {system: every[(system, step)] for system in systems if (system, step) in every}


def override_notes(first: date, last: date) -> dict[date, str]:
    """The notes of the overrides between two dates (inclusive), for explaining a computation."""
    rows = CalendarDay.objects.filter(date__gte=first, date__lte=last).exclude(note="")
    return dict(rows.values_list("date", "note"))


def explain_due(start: date, days: int, rule: calendar.CountingRule) -> calendar.Explanation:
    """A due date with the non-working days skipped and the administrator's notes on them (the calculator)."""
    overrides = calendar_overrides()
    due = calendar.due_date(start, days, rule, overrides)
    return calendar.explain(start, days, rule, overrides, override_notes(start, due))


def invalidate_calendar_overrides() -> None:
    reference_cache.forget(CACHE_KEY)


def invalidate_rules(sender=None, **kwargs) -> None:
    reference_cache.forget(RULES_KEY)


def _in_transaction() -> bool:
    return connection.in_atomic_block


def _load() -> dict[date, bool]:
    return dict(CalendarDay.objects.values_list("date", "is_working"))


def _on_change(sender, **kwargs) -> None:
    invalidate_calendar_overrides()


def connect_cache_invalidation() -> None:
    post_save.connect(_on_change, sender=CalendarDay, dispatch_uid="deadlines_calendar_saved")
    post_delete.connect(_on_change, sender=CalendarDay, dispatch_uid="deadlines_calendar_deleted")
    post_save.connect(invalidate_rules, sender=TimeLimitRule, dispatch_uid="deadlines_rule_saved")
    post_delete.connect(invalidate_rules, sender=TimeLimitRule, dispatch_uid="deadlines_rule_deleted")
