"""The period a circular covers: a week (Monday–Sunday), a half month (1–15, 16–end) or a month."""

import calendar
import datetime as dt
import re

from django.utils.translation import gettext as _

from core.errors import InvalidInput


def period_of(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if kind == "weekly":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    last = calendar.monthrange(day.year, day.month)[1]
    if kind == "half_monthly":
        if day.day <= 15:
            return day.replace(day=1), day.replace(day=15)
        return day.replace(day=16), day.replace(day=last)
    return day.replace(day=1), day.replace(day=last)


def parse_month(text: str) -> tuple[dt.date, dt.date]:
    """``2025-11`` → the first and last day of November 2025."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", (text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise InvalidInput(
            {"period": [_("期间应写作“年-月”，例如 2025-11。")]},
            message=_("期间应写作“年-月”，例如 2025-11。"),
        )
    return period_of("monthly", dt.date(int(match.group(1)), int(match.group(2)), 1))
