from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def _on_termination(petition, *, event: str, actor) -> None:
    from care.models import CareReason
    from care.services import care_task_open

    reason = CareReason.TERMINATED if event == "terminated" else CareReason.RETURNED
    care_task_open(petition=petition, reason=reason, actor=actor)


class CareConfig(AppConfig):
    """稳控帮扶, 心理疏导 and 代办员: the support of the petitioner as a person around a matter. Agents live here
    rather than in an app of their own: an agent is one of the ways an office carries and supports a petitioner
    (with counselling and care), on the same petition panel and the same worklist page."""

    name = "care"
    verbose_name = _("帮扶与代办")

    def ready(self):
        from care import panels
        from care.selectors import agent_petition_ids, agent_worklist, open_task_count
        from core.navigation import NavItem, register
        from handling.hooks import register_termination_hook
        from organisations.models import Role
        from petitions.events import register_actions
        from petitions.panels import Panel
        from petitions.panels import register as register_panel
        from petitions.scope import register_grant

        register_actions(
            {
                "care_task_opened": _("转属地稳控帮扶"),
                "care_planned": _("制定帮扶计划"),
                "care_visited": _("帮扶走访"),
                "care_visit_overdue": _("帮扶走访逾期"),
                "care_closed": _("结束稳控帮扶"),
                "counselling_held": _("心理疏导"),
                "agent_assigned": _("指派代办员"),
                "agent_ended": _("代办结束"),
                "agent_action": _("代办"),
            }
        )
        register_termination_hook(_on_termination)
        register_grant(agent_petition_ids)
        staff = lambda s: bool(s.roles - {Role.SYSADMIN, Role.LAWYER})  # noqa: E731
        register(
            NavItem(
                section=_("办理工具"),
                label=_("稳控帮扶"),
                url_name="care:list",
                order=50,
                section_order=5,
                visible=staff,
                count=open_task_count,
            )
        )
        register(
            NavItem(
                section=_("办理工具"),
                label=_("我的代办"),
                url_name="care:agent_worklist",
                order=55,
                section_order=5,
                visible=staff,
                count=lambda user: agent_worklist(user).count(),
            )
        )
        register_panel(Panel("main", "care/_panel.html", panels.petition_panel, order=70))
        from notifications.apps import embedded_sweep_wanted

        if embedded_sweep_wanted() and settings.XINFANG_CARE_SWEEP_INTERVAL > 0:
            from care.services import care_flag_overdue
            from core.periodic import start_periodic

            start_periodic(
                "xinfang-care-overdue",
                care_flag_overdue,
                float(settings.XINFANG_CARE_SWEEP_INTERVAL),
                first_delay=90.0,
            )
