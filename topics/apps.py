from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = _("热点类案")

    def ready(self):
        from analytics.selectors import can_view_statistics
        from core.navigation import NavItem, register

        register(
            NavItem(
                section=_("分析研判"),
                label=_("热点类案"),
                url_name="topics:list",
                order=15,
                section_order=20,
                visible=can_view_statistics,
            )
        )
        from notifications.apps import embedded_sweep_wanted

        interval = getattr(settings, "XINFANG_CLUSTER_INTERVAL", 0)
        if embedded_sweep_wanted() and interval > 0:
            # the embedded default has no Celery beat: cluster in this process, as the early warning runs
            from core.periodic import start_periodic
            from topics.services import cluster_topics

            start_periodic("xinfang-topics", cluster_topics, float(interval), first_delay=90.0)
