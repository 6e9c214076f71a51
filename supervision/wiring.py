"""What the app adds to the rest of the platform: timeline labels, the 双签字 guard, panels, navigation, the sweep."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def double_signoff(case):
    """双签字: closing or archiving an owned case needs every required owner's sign-off."""
    from supervision.services import missing_signoffs

    if missing_signoffs(case.petition):
        return str(_("该事项已落实包案，办结、归档须经包案领导双签字。"))
    return None


def connect():
    from core.navigation import NavItem, register
    from handling.lifecycle import register_guard
    from organisations.models import Role
    from petitions import panels
    from petitions.events import register_actions
    from supervision import selectors, views

    register_actions(
        {
            "ownership_planned": _("落实包案"),
            "ownership_handover": _("包案交接"),
            "owner_action": _("包案领导亲自办理"),
            "owner_signoff": _("包案领导签字"),
            "supervision_opened": _("督办"),
            "supervision_marked": _("督办标记"),
            "supervision_report": _("报送督办报告"),
            "supervision_report_accepted": _("督办报告采纳"),
            "supervision_report_returned": _("督办报告退回"),
            "supervision_urged": _("督办催办"),
            "supervision_urge_read": _("催办已阅"),
            "supervision_escalated": _("督办超期升级"),
            "supervision_sheet": _("生成督办文书"),
        }
    )
    register_guard("close", double_signoff)
    register_guard("archive", double_signoff)
    panels.register(panels.Panel("main", "supervision/_panel.html", views.panel_context, order=60))
    panels.register_row_hook(selectors.plan_rows_hook)
    staff = lambda s: bool(s.roles - {Role.SYSADMIN, Role.LAWYER})  # noqa: E731
    register(NavItem(section=_("包案督办"), label=_("我包案的"), url_name="supervision:mine", order=1,
                     section_order=5, visible=staff))  # fmt: skip
    register(NavItem(section=_("包案督办"), label=_("督办台"), url_name="supervision:board", order=2,
                     section_order=5, visible=staff))  # fmt: skip
    register(NavItem(section=_("包案督办"), label=_("包片"), url_name="supervision:area", order=3,
                     section_order=5, visible=staff))  # fmt: skip

    def area_committee(ctx) -> bool:
        from supervision.services import AREA_ASSIGNERS

        return any(m.unit.type == "committee" and m.role in AREA_ASSIGNERS for m in ctx.memberships)

    register(NavItem(section=_("包案督办"), label=_("包片管理"), url_name="supervision:areas", order=4,
                     section_order=5, visible=area_committee))  # fmt: skip
    from notifications.apps import embedded_sweep_wanted

    interval = int(getattr(settings, "XINFANG_SUPERVISION_SWEEP_INTERVAL", 3600))
    if embedded_sweep_wanted() and interval > 0:
        from core.periodic import start_periodic
        from supervision.services import sweep_escalations

        start_periodic("xinfang-supervision-escalation", sweep_escalations, float(interval), first_delay=90.0)
