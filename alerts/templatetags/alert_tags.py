"""``{% load alert_tags %}{% alerts_dashboard_panel limit=10 %}``: the open-alerts panel for dashboards."""

from django import template

from alerts.selectors import open_alerts_for

register = template.Library()


@register.inclusion_tag("alerts/_dashboard_panel.html", takes_context=True)
def alerts_dashboard_panel(context, limit: int = 10) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"alerts": open_alerts_for(user, limit=limit) if user is not None else []}
