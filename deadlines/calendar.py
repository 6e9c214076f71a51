"""The working-day calendar and the Civil Code's rules for counting periods (DOMAIN §5).

Pure functions of dates. Whether a day is a working day comes from, in order of precedence:

1. an administrator's override (``CalendarDay`` rows, passed in as ``overrides``: date → is working);
2. the ``chinese_calendar`` package, which knows the official holidays and the weekend days made working
   days (调休) for the years it covers;
3. for a year the package does not cover, Monday to Friday.

Every function takes ``overrides``; when it is ``None`` the current table is fetched once per call through
``deadlines.selectors.calendar_overrides`` (a small cached provider), so the arithmetic itself never touches
the database and is tested with plain dictionaries.

Counting (民法典 第二百零一条、第二百零三条): the day of the triggering event is not counted, counting starts
the next day. A calendar-day period ends on ``start + days``; if that day is a statutory holiday or rest day,
the period ends on the first working day after it. A working-day period ends on the N-th working day after
the triggering day.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

import chinese_calendar
from django.utils.translation import gettext as _

CHINA_TZ = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)

CALENDAR: Literal["calendar"] = "calendar"
WORKING: Literal["working"] = "working"
CountingRule = Literal["calendar", "working"]

Overrides = Mapping[date, bool]

ONE_DAY = timedelta(days=1)
FIRST_COVERED_YEAR: int = min(chinese_calendar.holidays).year
LAST_COVERED_YEAR: int = max(chinese_calendar.holidays).year


# --- which days are working days -------------------------------------------------------------------------


def library_covers(year: int) -> bool:
    """Whether ``chinese_calendar`` knows the official holiday schedule of ``year``."""
    return FIRST_COVERED_YEAR <= year <= LAST_COVERED_YEAR


@lru_cache(maxsize=16384)
def _library_is_working(d: date) -> bool:
    if library_covers(d.year):
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5


def _is_working(d: date, overrides: Overrides) -> bool:
    found = overrides.get(d)
    if found is not None:
        return found
    return _library_is_working(d)


def resolve_overrides(overrides: Overrides | None) -> Overrides:
    """``overrides`` itself, or the administrator's current table when it is ``None``."""
    if overrides is not None:
        return overrides
    from deadlines.selectors import calendar_overrides

    return calendar_overrides()


def is_working_day(d: date, overrides: Overrides | None = None) -> bool:
    """True when ``d`` is a working day: override first, then the official schedule, else Monday–Friday."""
    return _is_working(_as_date(d), resolve_overrides(overrides))


def year_is_covered(year: int, overrides: Overrides | None = None) -> bool:
    """Whether the holiday schedule of ``year`` is known: from the package, or entered by an administrator.

    A year counts as entered as soon as it has at least one override; administrators enter a year's schedule
    (holidays and 调休 working weekends) in one sitting. For an uncovered year the UI warns
    "该年度节假日安排尚未录入" and the calendar falls back to Monday–Friday.
    """
    if library_covers(year):
        return True
    return any(d.year == year for d in resolve_overrides(overrides))


def uncovered_years(a: date, b: date, overrides: Overrides | None = None) -> list[int]:
    """The years between ``a`` and ``b`` (inclusive, either order) whose schedule is not known."""
    ov = resolve_overrides(overrides)
    low, high = sorted((a.year, b.year))
    return [y for y in range(low, high + 1) if not year_is_covered(y, ov)]


# --- counting periods ------------------------------------------------------------------------------------


def due_date(
    start: date, days: int, rule: CountingRule = CALENDAR, overrides: Overrides | None = None
) -> date:
    """The last day of a period of ``days`` days triggered on ``start`` (which is not counted).

    ``calendar``: ``start + days``, moved to the first working day after it when that day is not a working day.
    ``working``: the ``days``-th working day after ``start``.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    start = _as_date(start)
    ov = resolve_overrides(overrides)
    if rule == WORKING:
        return add_working_days(start, days, ov)
    if rule != CALENDAR:
        raise ValueError(f"unknown counting rule: {rule!r}")
    last = start + timedelta(days=days)
    while not _is_working(last, ov):
        last += ONE_DAY
    return last


def add_working_days(d: date, n: int, overrides: Overrides | None = None) -> date:
    """The ``n``-th working day after ``d`` (``n`` > 0), before ``d`` (``n`` < 0), or ``d`` itself (``n`` = 0)."""
    d = _as_date(d)
    ov = resolve_overrides(overrides)
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        d += step
        if _is_working(d, ov):
            remaining -= 1
    return d


def working_days_between(a: date, b: date, overrides: Overrides | None = None) -> int:
    """The number of working days in ``(a, b]``; negative (the count in ``(b, a]``) when ``b`` is before ``a``.

    With ``a`` = today and ``b`` = a due date this is the number of working days left.
    """
    a, b = _as_date(a), _as_date(b)
    if b < a:
        return -working_days_between(b, a, overrides)
    ov = resolve_overrides(overrides)
    return sum(1 for d in _days_after(a, b) if _is_working(d, ov))


def non_working_days(a: date, b: date, overrides: Overrides | None = None) -> list[date]:
    """The days in ``(a, b]`` that are not working days, in order."""
    ov = resolve_overrides(overrides)
    return [d for d in _days_after(_as_date(a), _as_date(b)) if not _is_working(d, ov)]


def days_left(due: date, today: date) -> int:
    """Calendar days from ``today`` to ``due``: 0 on the due day, negative when overdue."""
    return (_as_date(due) - _as_date(today)).days


def warning_date(
    due: date, warn_days_before: int, rule: CountingRule, overrides: Overrides | None = None
) -> date:
    """The first day on which at most ``warn_days_before`` days (counted by ``rule``) remain after it."""
    if warn_days_before <= 0:
        return _as_date(due)
    if rule == WORKING:
        return add_working_days(due, -warn_days_before, overrides)
    return _as_date(due) - timedelta(days=warn_days_before)


# --- dates and stored datetimes --------------------------------------------------------------------------


def end_of_day(d: date) -> datetime:
    """The aware datetime 23:59:59 Beijing time on ``d``: what a due date is stored as."""
    return datetime.combine(_as_date(d), END_OF_DAY, tzinfo=CHINA_TZ)


def start_of_day(d: date) -> datetime:
    """The aware datetime 00:00 Beijing time on ``d``."""
    return datetime.combine(_as_date(d), time.min, tzinfo=CHINA_TZ)


def local_date(moment: datetime) -> date:
    """The Beijing-time calendar date of an aware datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("an aware datetime is required")
    return moment.astimezone(CHINA_TZ).date()


def _as_date(d: date) -> date:
    return local_date(d) if isinstance(d, datetime) else d


def _days_after(a: date, b: date):
    d = a + ONE_DAY
    while d <= b:
        yield d
        d += ONE_DAY


# --- explaining a computation ----------------------------------------------------------------------------


def day_reason(d: date, overrides: Overrides | None = None, notes: Mapping[date, str] | None = None) -> str:
    """Why ``d`` is (or is not) a working day, in Chinese: "国庆节", "周末", "春节调休上班", an admin's note …"""
    ov = resolve_overrides(overrides)
    weekend = d.weekday() >= 5
    if d in ov:
        note = (notes or {}).get(d, "")
        if note:
            return note
        return _("管理员设为工作日") if ov[d] else _("管理员设为休息日")
    if library_covers(d.year):
        _on_holiday, name = chinese_calendar.get_holiday_detail(d)
        if name:
            holiday = chinese_calendar.Holiday(name).chinese
            if _library_is_working(d):
                return _("%(holiday)s调休上班") % {"holiday": holiday}
            return holiday
    return _("周末") if weekend else _("工作日")


@dataclass(frozen=True)
class DayNote:
    day: date
    reason: str


@dataclass(frozen=True)
class Explanation:
    """A due date with what the calculator shows about how it was reached."""

    start: date
    days: int
    rule: CountingRule
    due: date
    skipped: list[DayNote]
    adjusted_working: list[DayNote]
    uncovered_years: list[int]


def explain(
    start: date,
    days: int,
    rule: CountingRule,
    overrides: Overrides | None = None,
    notes: Mapping[date, str] | None = None,
) -> Explanation:
    """Compute a due date and list the non-working days skipped and the weekend days worked on the way."""
    ov = resolve_overrides(overrides)
    due = due_date(start, days, rule, ov)
    skipped: list[DayNote] = []
    adjusted: list[DayNote] = []
    for d in _days_after(start, due):
        working = _is_working(d, ov)
        if not working:
            skipped.append(DayNote(d, day_reason(d, ov, notes)))
        elif d.weekday() >= 5:
            adjusted.append(DayNote(d, day_reason(d, ov, notes)))
    return Explanation(
        start=start,
        days=days,
        rule=rule,
        due=due,
        skipped=skipped,
        adjusted_working=adjusted,
        uncovered_years=uncovered_years(start, due, ov),
    )
