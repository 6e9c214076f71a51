from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("案件评查与责任追究")

    def ready(self):
        from core.navigation import NavItem
        from core.navigation import register as register_nav
        from petitions.events import register_actions
        from petitions.panels import Panel, register
        from quality import panels, selectors

        register_actions(
            {
                "quality_review_opened": _("启动案件评查"),
                "quality_case_graded": _("评定评查等次"),
                "quality_task_set": _("下达整改任务"),
                "quality_task_done": _("整改完成"),
                "quality_review_concluded": _("评查结束"),
                "quality_lookback_opened": _("逢访必查：启动倒查"),
                "quality_lookback_checked": _("逢访必查：登记倒查情况"),
                "quality_accountability": _("责任追究"),
            }
        )
        register(Panel("main", "quality/_panel.html", panels.petition_context, order=40))
        register_nav(
            NavItem(
                section=_("办理工具"),
                label=_("案件评查"),
                url_name="quality:review_list",
                order=10,
                section_order=20,
                visible=lambda staff: bool(staff.roles & set(selectors.REVIEW_ROLES)),
            )
        )
        register_nav(
            NavItem(
                section=_("办理工具"),
                label=_("责任追究"),
                url_name="quality:accountability_list",
                order=11,
                section_order=20,
                visible=lambda staff: bool(staff.roles & set(selectors.REVIEW_ROLES)),
            )
        )
        register_nav(
            NavItem(
                section=_("待办"),
                label=_("整改任务"),
                url_name="quality:my_tasks",
                order=50,
                section_order=5,
                visible=lambda staff: bool(staff.roles & set(selectors.TASK_ROLES)),
                count=selectors.open_task_count,
            )
        )
