from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "hearings"
    verbose_name = _("听证与会诊")

    def ready(self):
        from core.navigation import NavItem
        from core.navigation import register as register_nav
        from hearings import panels, selectors
        from petitions.events import register_actions
        from petitions.panels import Panel, register

        register_actions(
            {
                "hearing_scheduled": _("安排听证"),
                "hearing_held": _("登记听证结果"),
                "hearing_cancelled": _("取消听证"),
                "consultation_opened": _("召集会诊"),
                "consultation_task_set": _("下达会诊任务"),
                "consultation_task_done": _("会诊任务完成"),
                "consultation_concluded": _("会诊结论"),
            }
        )
        register(Panel("main", "hearings/_panel.html", panels.petition_context, order=45))
        register_nav(
            NavItem(
                section=_("办理工具"),
                label=_("听证"),
                url_name="hearings:hearing_list",
                order=20,
                section_order=20,
                visible=lambda staff: bool(staff.roles & set(selectors.TASK_ROLES)),
            )
        )
        register_nav(
            NavItem(
                section=_("办理工具"),
                label=_("会诊"),
                url_name="hearings:consultation_list",
                order=21,
                section_order=20,
                visible=lambda staff: bool(staff.roles & set(selectors.TASK_ROLES)),
            )
        )
        register_nav(
            NavItem(
                section=_("待办"),
                label=_("会诊任务"),
                url_name="hearings:my_tasks",
                order=51,
                section_order=5,
                visible=lambda staff: bool(staff.roles & set(selectors.TASK_ROLES)),
                count=selectors.open_task_count,
            )
        )
