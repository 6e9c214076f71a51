"""Production refuses to start with the demo accounts or the published demo password (``XINFANG_PRODUCTION``).

Registered as a normal check (not only ``--deploy``) so that ``runserver``, ``migrate`` and ``check --deploy``
fail, and run by ``xinfang/wsgi.py`` before a production server takes requests.
"""

import contextlib

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

# At most this many distinct password hashes are tried against the demo password at start (each try costs a
# full PBKDF2 run, about 0.4 s): hashes shared by several accounts (a copied default, as the demo seed makes) first,
# then administrators. New passwords cannot be the demo password at all (accounts.validators).
MAX_HASHES_CHECKED = 10


def _demo_findings() -> list[Error]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import check_password
    from django.db.models import Count, Q

    from demo import structure

    User = get_user_model()
    errors = []
    demo_users = list(
        User.objects.filter(**structure.generated_usernames_filter())
        .order_by("username")
        .values_list("username", flat=True)[:6]
    )
    if demo_users:
        total = User.objects.filter(**structure.generated_usernames_filter()).count()
        errors.append(
            Error(
                f"数据库中有演示数据生成的账号 {total} 个（如 {', '.join(demo_users[:5])}），生产环境不能启动。"
                f" / The database holds {total} demo-seed accounts (e.g. {', '.join(demo_users[:5])}); "
                "production refuses to start with them.",
                hint="生产环境请使用未载入演示数据（manage.py seed）的新数据库，或停用并删除这些账号。"
                " / Use a database the demo seed never ran on, or deactivate and delete these accounts.",
                id="accounts.E001",
            )
        )
    active = User.objects.filter(is_active=True).exclude(password="").exclude(password__startswith="!")
    shared = (
        active.values("password")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("-n")
        .values_list("password", flat=True)
    )
    candidates = list(shared[:MAX_HASHES_CHECKED])
    admins = active.filter(Q(is_staff=True) | Q(is_superuser=True)).values_list("password", flat=True)
    candidates += [h for h in admins[:MAX_HASHES_CHECKED] if h not in candidates]
    weak = [h for h in candidates[:MAX_HASHES_CHECKED] if check_password(structure.DEMO_PASSWORD, h)]
    if weak:
        names = list(
            active.filter(password__in=weak).order_by("username").values_list("username", flat=True)[:5]
        )
        count = active.filter(password__in=weak).count()
        errors.append(
            Error(
                f"有 {count} 个启用的账号仍在使用公开的演示密码（如 {', '.join(names)}），生产环境不能启动。"
                f" / {count} active accounts still use the published demo password (e.g. {', '.join(names)}).",
                hint="请为这些账号设置新密码（manage.py changepassword 用户名）或停用它们。"
                " / Set new passwords (manage.py changepassword USERNAME) or deactivate them.",
                id="accounts.E002",
            )
        )
    return errors


@register(Tags.security, deploy=False)
def demo_accounts_in_production(app_configs=None, databases=None, **kwargs):
    if not settings.XINFANG_PRODUCTION:
        return []
    errors = []
    if not settings.XINFANG_REQUIRE_2FA:
        errors.append(
            Error(
                "生产环境关闭了双因素认证（XINFANG_REQUIRE_2FA=0）：管理员、督办员和领导必须使用。"
                " / Two-factor authentication is switched off in production (XINFANG_REQUIRE_2FA=0).",
                hint="删除 XINFANG_REQUIRE_2FA 环境变量或设为 1。 / Unset XINFANG_REQUIRE_2FA or set it to 1.",
                id="accounts.E003",
            )
        )
    with contextlib.suppress(DatabaseError):  # no database yet (first migrate): nothing to find
        errors += _demo_findings()
    return errors
