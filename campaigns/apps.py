from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("专项活动")

    def ready(self):
        from campaigns.selectors import my_rectification_task_count
        from core.navigation import NavItem, register
        from petitions.events import register_actions

        register_actions(
            {
                "campaign_case_chosen": _("列入专项活动"),
                "campaign_case_removed": _("移出专项活动"),
                "campaign_inspection": _("专项活动检查"),
                "campaign_rectified": _("检查整改完成"),
                "typical_case_submitted": _("报送典型案例"),
                "typical_case_reviewed": _("典型案例评审"),
            }
        )

        def staff(ctx) -> bool:
            return bool(ctx.roles - {"sysadmin", "lawyer"})

        register(NavItem(section=_("工作台"), label=_("我的整改任务"), url_name="campaigns:my_tasks", order=31,
                         section_order=0, visible=staff, count=my_rectification_task_count))  # fmt: skip
        register(NavItem(section=_("统计分析"), label=_("专项活动"), url_name="campaigns:list", order=24,
                         visible=staff))  # fmt: skip
