from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("消息提醒")

    def ready(self):
        from core.navigation import NavItem, register
        from notifications.selectors import unread_count

        register(
            NavItem(
                section=_("工作台"),
                label=_("消息"),
                url_name="notifications:list",
                order=5,
                section_order=0,
                count=unread_count,
            )
        )
