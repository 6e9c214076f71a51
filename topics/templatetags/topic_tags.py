"""``{% load topic_tags %}{% topics_dashboard_panel limit=5 %}``: the hot-topics panel for dashboards."""

from django import template

from topics.selectors import can_view_topics, top_clusters

register = template.Library()


@register.inclusion_tag("topics/_dashboard_panel.html", takes_context=True)
def topics_dashboard_panel(context, limit: int = 5) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_view_topics(user):
        return {"visible": False}
    run, clusters = top_clusters(user, limit=limit)
    return {"visible": True, "run": run, "clusters": clusters}
