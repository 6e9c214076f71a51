from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CircularsConfig(AppConfig):
    name = "circulars"
    verbose_name = _("通报与考核")

    def ready(self):
        from circulars.selectors import my_meeting_task_count
        from core.navigation import NavItem, register
        from organisations.models import Role, UnitType
        from petitions.events import register_actions

        register_actions(
            {
                "meeting_discussed": _("会商研判"),
                "meeting_task_done": _("会商任务完成"),
                "return_visit_settled": _("回访核查：确已息诉罢访"),
                "return_visit_unsettled": _("回访核查：报结未息"),
            }
        )

        def staff(ctx) -> bool:
            return bool(ctx.roles - {Role.SYSADMIN, Role.LAWYER})

        def committee(ctx) -> bool:
            from circulars.services import ISSUING_ROLES  # noqa: PLC0415 — the same test as the page's

            return any(m.unit.type == UnitType.COMMITTEE and m.role in ISSUING_ROLES for m in ctx.memberships)

        register(NavItem(section=_("工作台"), label=_("我的会商任务"), url_name="circulars:my_tasks", order=30,
                         section_order=0, visible=staff, count=my_meeting_task_count))  # fmt: skip
        register(
            NavItem(
                section=_("统计分析"), label=_("通报"), url_name="circulars:list", order=20, visible=staff
            )
        )
        register(NavItem(section=_("统计分析"), label=_("考核"), url_name="circulars:assessment", order=21,
                         visible=committee))  # fmt: skip
        register(NavItem(section=_("统计分析"), label=_("会商研判"), url_name="circulars:meetings", order=22,
                         visible=staff))  # fmt: skip
        register(NavItem(section=_("统计分析"), label=_("两查一访一满意"), url_name="circulars:return_visits",
                         order=23, visible=committee))  # fmt: skip
