"""Formatting of figures: the same rules on the page and in the tables under each chart."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def format_figure(value, kind: str) -> str:
    if kind == "stage":
        if not value or value.get("value") is None:
            return "—"
        mark = _("达标") if value["achieved"] else _("未达标")
        return f"{value['value']}%（{mark}）"
    if value is None or value == "":
        return "—"
    if kind in ("rate", "share"):
        return f"{value}%"
    if kind == "days":
        return _("%(days)s天") % {"days": value}
    if kind == "count":
        return f"{value:,}" if isinstance(value, int) else str(value)
    if kind in ("change", "points"):
        if value == 0:
            return _("持平")
        arrow = "▲" if value > 0 else "▼"
        amount = abs(Decimal(value))
        return (
            f"{arrow} {amount}%"
            if kind == "change"
            else _("%(arrow)s %(amount)s个百分点")
            % {
                "arrow": arrow,
                "amount": amount,
            }
        )
    return str(value)


@register.filter
def figure(value, kind: str) -> str:
    """``{{ value|figure:"rate" }}`` → ``37.5%``; None → ``—``."""
    return format_figure(value, kind)


@register.filter
def trend_class(value, better_when_lower: bool = False) -> str:
    """``up``/``down`` for the arrow's colour: green when the change is an improvement."""
    if value is None or value == 0:
        return "flat"
    improving = (value < 0) if better_when_lower else (value > 0)
    return "good" if improving else "bad"


@register.filter
def rate_band(value) -> str:
    """The colour band of a settled rate: ≥ 90 %, 70–90 %, below 70 %, or none."""
    if value is None:
        return "band-none"
    if value >= 90:
        return "band-high"
    if value >= 70:
        return "band-mid"
    return "band-low"
