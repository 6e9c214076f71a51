from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("公共")

    def ready(self):
        from django.contrib import admin

        from core import (
            checks,  # noqa: F401  registers the system checks
            text,
            validators,
        )
        from core.navigation import NavItem, register

        admin.site.site_header = _("涉法涉诉信访工作平台 管理")
        admin.site.site_title = _("涉法涉诉信访工作平台")
        admin.site.index_title = _("系统配置")
        text.install()  # every form and API character field drops control characters (core/text.py)
        validators.install_date_window()  # every form and API date field stays in a sane window

        register(NavItem(section=_("工作台"), label=_("首页"), url_name="home", order=0, section_order=0))
        register(
            NavItem(
                section=_("系统"),
                label=_("系统配置"),
                url_name="admin:index",
                order=900,
                section_order=1000,
                visible=lambda staff: staff.user.is_staff,
            )
        )
