"""Reads about the platform itself: what an administrator's home page shows about its configuration."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core.models import FailedTask


@dataclass
class Health:
    label: str
    value: object
    ok: bool
    hint: str = ""
    url: str = ""
    items: list = field(default_factory=list)


def configuration_health() -> list[Health]:
    """Configuration problems an administrator should look at: each figure, whether it is fine, and where to
    fix it (the admin pages)."""
    from django.utils.translation import gettext as _

    from deadlines import calendar
    from deadlines.models import TimeLimitRule
    from organisations.models import Unit, User

    users_without_roles = User.objects.filter(is_active=True, memberships__isnull=True, is_superuser=False)
    units_without_staff = (
        Unit.objects.filter(is_active=True)
        .annotate(staff=Count("memberships", filter=Q(memberships__user__is_active=True)))
        .filter(staff=0)
    )
    rules = TimeLimitRule.objects.count()
    today = timezone.localdate()
    years = [today.year, today.year + 1]
    uncovered = [y for y in years if not calendar.year_is_covered(y)]
    health = [
        Health(
            _("未分配岗位角色的账号"),
            users_without_roles.count(),
            not users_without_roles.exists(),
            _("这些账号登录后看不到任何事项，请在“工作人员”中分配岗位角色。"),
            reverse("admin:organisations_user_changelist"),
            [str(u) for u in users_without_roles.order_by("username")[:5]],
        ),
        Health(
            _("没有工作人员的单位"),
            units_without_staff.count(),
            not units_without_staff.exists(),
            _("交办到这些单位的事项无人签收。"),
            reverse("admin:organisations_unit_changelist"),
            [u.name for u in units_without_staff.order_by("path")[:5]],
        ),
        Health(
            _("时限规则"),
            rules,
            rules > 0,
            _("期限按这些规则计算；没有规则时按《信访工作条例》默认时限。"),
            reverse("admin:deadlines_timelimitrule_changelist"),
        ),
        Health(
            _("工作日历已覆盖的年份"),
            "、".join(str(y) for y in years if y not in uncovered) or "—",
            not uncovered,
            _("%(years)s 年的节假日安排尚未录入，请在“工作日历”中录入。")
            % {"years": "、".join(map(str, uncovered))}
            if uncovered
            else _("本年和下一年的节假日与调休安排均已知。"),
            reverse("admin:deadlines_calendarday_changelist"),
        ),
    ]
    failed = failed_background_tasks(since=timezone.now() - dt.timedelta(days=7))
    if failed is not None:
        health.append(
            Health(
                _("近7日失败的后台任务"),
                failed,
                failed == 0,
                _("期限巡查、预警等后台任务重试后仍失败，请查看详情。"),
            )
        )
    return health


def failed_background_tasks(*, since) -> int:
    """How many background tasks failed for good since ``since``."""
    return FailedTask.objects.filter(failed_at__gte=since).count()


def failed_tasks_recent(*, days: int = 7, limit: int = 50) -> QuerySet[FailedTask]:
    """Background tasks that failed for good in the last ``days`` days, newest first."""
    since = timezone.now() - dt.timedelta(days=days)
    return FailedTask.objects.filter(failed_at__gte=since).order_by("-failed_at", "-id")[:limit]
