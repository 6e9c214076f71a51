"""Each hooked act writes exactly one audit entry naming who, what and from where."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from audit.chain import verify
from audit.models import Act, AuditEntry
from organisations.models import Membership, Role
from organisations.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux) 测试浏览器", "REMOTE_ADDR": "10.1.2.3"}


def entries(act):
    return list(AuditEntry.objects.filter(act=act).order_by("seq"))


def only(act):
    rows = entries(act)
    assert len(rows) == 1, [(r.act, r.actor_name, r.details) for r in rows]
    return rows[0]


def assert_client(entry, address="10.1.2.3"):
    assert entry.address == address
    assert entry.user_agent == "Mozilla/5.0 (X11; Linux) 测试浏览器"


# --- logins ------------------------------------------------------------------------------------------------


def test_login_success_failure_and_logout(client, province):
    user = province.liangzhou_clerk
    client.post(reverse("login"), {"username": user.username, "password": "wrong-password"}, **BROWSER)
    failed = only(Act.LOGIN_FAILED)
    assert failed.actor is None and failed.actor_name == user.username
    assert "wrong-password" not in str(failed.details)
    assert_client(failed)

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, **BROWSER)
    assert response.status_code == 302
    login = only(Act.LOGIN)
    assert login.actor == user and login.actor_name == user.username
    assert login.object_type == "organisations.user" and login.object_id == str(user.pk)
    assert_client(login)

    client.post(reverse("logout"), **BROWSER)
    logout = only(Act.LOGOUT)
    assert logout.actor == user
    assert_client(logout)
    assert verify()[1] == []


def test_failed_login_of_an_unknown_name_is_recorded_without_a_user(client, db):
    client.post(reverse("login"), {"username": "no_such_user", "password": "x" * 12}, **BROWSER)
    entry = only(Act.LOGIN_FAILED)
    assert entry.actor is None and entry.actor_name == "no_such_user"


def test_address_comes_from_the_configured_proxy_header(client, province, settings):
    settings.XINFANG_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    user = province.liangzhou_clerk
    client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
        **BROWSER,
    )
    assert only(Act.LOGIN).address == "198.51.100.7"


def test_a_forged_proxy_header_is_ignored_unless_configured(client, province, settings):
    settings.XINFANG_CLIENT_ADDRESS_HEADER = ""
    user = province.liangzhou_clerk
    client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        **BROWSER,
    )
    assert only(Act.LOGIN).address == "10.1.2.3"


def test_lockout_signal_of_django_axes_is_recorded(rf, db):
    from django.apps import apps

    if not apps.is_installed("axes"):
        pytest.skip("django-axes is not in INSTALLED_APPS on this branch")
    from axes.signals import user_locked_out

    request = rf.post("/login/", **BROWSER)
    user_locked_out.send("axes", request=request, username="lz_clerk", ip_address="10.1.2.3")
    entry = only(Act.LOCKOUT)
    assert entry.actor_name == "lz_clerk" and entry.actor is None
    assert_client(entry)


# --- personal data, exports and downloads ------------------------------------------------------------------


def test_reveal_writes_one_entry_beside_the_reveal_log(client, province, register):
    from petitions.models import RevealLog

    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    petitioner = petition.petitioners.get()
    client.force_login(province.liangzhou_center_head)
    url = reverse("petitions:reveal", args=[petition.pk, petitioner.pk])
    response = client.post(url, {"field": "id_number"}, **BROWSER)
    assert response.status_code == 200
    entry = only(Act.REVEAL)
    assert entry.actor == province.liangzhou_center_head
    assert entry.object_type == "petitions.petitioner" and entry.object_id == str(petitioner.pk)
    assert entry.details == {"field": "id_number", "petition_id": petition.pk, "petition": petition.number}
    assert_client(entry)
    assert RevealLog.objects.count() == 1


def test_refused_reveal_writes_nothing(client, province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    petitioner = petition.petitioners.get()
    client.force_login(province.ganzhou_clerk)
    url = reverse("petitions:reveal", args=[petition.pk, petitioner.pk])
    assert client.post(url, {"field": "id_number"}).status_code == 404
    assert entries(Act.REVEAL) == []


def test_ledger_export_and_template_are_recorded(client, province, register):
    register(province.liangzhou_clerk, province.liangzhou_center)
    client.force_login(province.liangzhou_center_head)
    response = client.get(reverse("ledger:export") + "?state=registered", **BROWSER)
    assert response.status_code == 200
    entry = only(Act.EXPORT)
    assert entry.actor == province.liangzhou_center_head and entry.object_type == "ledger"
    assert entry.details["rows"] == 1 and entry.details["params"] == {"state": "registered"}
    assert entry.details["filename"].endswith(".xlsx")
    assert_client(entry)

    client.get(reverse("ledger:template"))
    assert [e.object_type for e in entries(Act.EXPORT)] == ["ledger", "ledger.template"]


def test_statistics_export_is_recorded(client, province):
    client.force_login(province.city_committee_head)
    response = client.get(reverse("analytics:export", args=["all"]), **BROWSER)
    assert response.status_code == 200
    entry = only(Act.EXPORT)
    assert entry.actor == province.city_committee_head and entry.object_type == "statistics.all"
    assert_client(entry)


def test_refused_statistics_export_writes_nothing(client, province):
    client.force_login(province.lawyer)
    assert client.get(reverse("analytics:export", args=["all"])).status_code == 404
    assert entries(Act.EXPORT) == []


def test_attachment_download_is_recorded(client, province, register, pdf_file):
    petition = register(province.liangzhou_clerk, province.liangzhou_center, attachments=[pdf_file()])
    attachment = petition.attachments.get()
    client.force_login(province.liangzhou_center_head)
    response = client.get(reverse("petitions:attachment", args=[attachment.pk]), **BROWSER)
    assert response.status_code == 200
    entry = only(Act.DOWNLOAD)
    assert entry.object_type == "petitions.attachment" and entry.object_id == str(attachment.pk)
    assert entry.details == {"filename": "判决书.pdf", "petition_id": petition.pk}
    assert_client(entry)

    client.force_login(province.ganzhou_clerk)  # outside scope: 404 and nothing recorded
    assert client.get(reverse("petitions:attachment", args=[attachment.pk])).status_code == 404
    assert len(entries(Act.DOWNLOAD)) == 1


def test_import_error_workbook_download_is_recorded(client, province):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ledger.models import LedgerImport
    from ledger.tests.conftest import closed_row, xlsx

    client.force_login(province.liangzhou_center_head)
    rows = [closed_row(province, "E-1"), closed_row(province, "E-2", 身份证号="620602198503150018")]
    client.post(reverse("ledger:import"), {"file": SimpleUploadedFile("台账.xlsx", xlsx(rows))})
    record = LedgerImport.objects.get()
    client.post(reverse("ledger:confirm", args=[record.token]), {"mode": "valid_only", "acknowledge": "on"})
    assert client.get(reverse("ledger:errors", args=[record.token])).status_code == 200
    entry = only(Act.DOWNLOAD)
    assert entry.object_type == "ledger.ledgerimport" and entry.details["kind"] == "ledger.import_errors"


# --- configuration edited in the admin ---------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "root-password-123")
    client.force_login(admin)
    client.admin = admin
    return client


def _change_form(client, url):
    """The admin change form's current values, as the browser would post them back."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    return data


def test_time_limit_rule_edit_records_old_and_new_values(admin_client):
    from deadlines.models import TimeLimitRule

    rule = TimeLimitRule.objects.order_by("pk").first()
    url = reverse("admin:deadlines_timelimitrule_change", args=[rule.pk])
    data = _change_form(admin_client, url)
    data["days"] = rule.days + 5
    response = admin_client.post(url, data, **BROWSER)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = only(Act.POLICY_CHANGE)
    assert entry.actor == admin_client.admin
    assert entry.object_type == "deadlines.timelimitrule" and entry.object_id == str(rule.pk)
    assert entry.details == {
        "operation": "change",
        "changes": {"days": {"old": rule.days, "new": rule.days + 5}},
    }
    assert_client(entry)


def test_calendar_override_add_and_delete_are_recorded(admin_client):
    from deadlines.models import CalendarDay

    response = admin_client.post(
        reverse("admin:deadlines_calendarday_add"),
        {"date": "2031-10-08", "is_working": "on", "note": "调休上班"},
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date="2031-10-08")
    added = only(Act.CALENDAR_CHANGE)
    assert added.details["operation"] == "add"
    assert added.details["changes"]["is_working"] == {"old": None, "new": True}

    response = admin_client.post(
        reverse("admin:deadlines_calendarday_delete", args=[day.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not CalendarDay.objects.exists()
    deleted = entries(Act.CALENDAR_CHANGE)[-1]
    assert deleted.details["operation"] == "delete" and deleted.object_id == str(day.pk)
    assert deleted.details["changes"]["note"] == {"old": "调休上班", "new": None}
    assert len(entries(Act.CALENDAR_CHANGE)) == 2


def test_alert_rule_list_edit_is_recorded(admin_client):
    from alerts.models import AlertRule

    rule = AlertRule.objects.order_by("pk").first()
    rules = list(AlertRule.objects.order_by("-pk"))  # the admin's default order
    data = {"form-TOTAL_FORMS": len(rules), "form-INITIAL_FORMS": len(rules), "_save": "保存"}
    for i, r in enumerate(rules):
        data[f"form-{i}-id"] = r.pk
        if r.pk != rule.pk and r.enabled:  # switch off only the chosen rule
            data[f"form-{i}-enabled"] = "on"
    response = admin_client.post(reverse("admin:alerts_alertrule_changelist"), data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.enabled is False
    entry = only(Act.ALERT_RULE_CHANGE)
    assert entry.object_id == str(rule.pk)
    assert entry.details["changes"]["enabled"] == {"old": True, "new": False}


def test_unchanged_save_records_nothing(admin_client):
    from deadlines.models import TimeLimitRule

    rule = TimeLimitRule.objects.order_by("pk").first()
    url = reverse("admin:deadlines_timelimitrule_change", args=[rule.pk])
    assert admin_client.post(url, _change_form(admin_client, url)).status_code == 302
    assert entries(Act.POLICY_CHANGE) == []


def _user_form(client, user):
    url = reverse("admin:organisations_user_change", args=[user.pk])
    data = _change_form(client, url)
    data.pop("password", None)
    memberships = list(user.memberships.order_by("pk"))
    data.update(
        {
            "memberships-TOTAL_FORMS": len(memberships),
            "memberships-INITIAL_FORMS": len(memberships),
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
        }
    )
    for i, m in enumerate(memberships):
        data.update({f"memberships-{i}-id": m.pk, f"memberships-{i}-user": user.pk})
        data.update({f"memberships-{i}-unit": m.unit_id, f"memberships-{i}-role": m.role})
    for key in ("last_login_0", "last_login_1", "date_joined_0", "date_joined_1"):
        data.setdefault(key, "")
    return url, data


def _date_parts(data, user):
    from django.utils import timezone

    joined = timezone.localtime(user.date_joined)
    data["date_joined_0"], data["date_joined_1"] = f"{joined:%Y-%m-%d}", f"{joined:%H:%M:%S}"
    data.pop("date_joined", None)
    data.pop("last_login", None)


def test_deactivating_a_user_is_an_account_change(admin_client, province):
    user = province.liangzhou_clerk
    url, data = _user_form(admin_client, user)
    _date_parts(data, user)
    data.pop("is_active", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert not user.is_active
    entry = only(Act.ACCOUNT_CHANGE)
    assert entry.details["changes"] == {"is_active": {"old": True, "new": False}}
    assert entries(Act.ROLE_CHANGE) == entries(Act.PERMISSION_CHANGE) == []


def test_role_added_in_the_inline_is_a_role_change(admin_client, province):
    user = province.liangzhou_clerk
    url, data = _user_form(admin_client, user)
    _date_parts(data, user)
    n = int(data["memberships-TOTAL_FORMS"])
    data["memberships-TOTAL_FORMS"] = n + 1
    data.update(
        {
            f"memberships-{n}-user": user.pk,
            f"memberships-{n}-unit": province.liangzhou_center.pk,
            f"memberships-{n}-role": Role.SYSADMIN,
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context
    assert Membership.objects.filter(user=user, role=Role.SYSADMIN).exists()
    entry = only(Act.ROLE_CHANGE)
    code = province.liangzhou_center.code
    assert entry.details["changes"]["memberships"] == {
        "old": [f"{code}:reception"],
        "new": [f"{code}:reception", f"{code}:sysadmin"],
    }
    assert entries(Act.ACCOUNT_CHANGE) == entries(Act.PERMISSION_CHANGE) == []


def test_superuser_flag_and_groups_are_permission_changes(admin_client, province):
    group = Group.objects.create(name="审计组")
    user = province.liangzhou_clerk
    url, data = _user_form(admin_client, user)
    _date_parts(data, user)
    data["is_superuser"] = "on"
    data["groups"] = [str(group.pk)]
    assert admin_client.post(url, data).status_code == 302
    entry = only(Act.PERMISSION_CHANGE)
    assert entry.details["changes"] == {
        "groups": {"old": [], "new": [str(group.pk)]},
        "is_superuser": {"old": False, "new": True},
    }


def test_group_permissions_change_is_recorded(admin_client):
    group = Group.objects.create(name="配置组")
    permission = Permission.objects.get(codename="change_timelimitrule")
    url = reverse("admin:auth_group_change", args=[group.pk])
    response = admin_client.post(url, {"name": "配置组", "permissions": [permission.pk]})
    assert response.status_code == 302
    entry = only(Act.PERMISSION_CHANGE)
    assert entry.object_type == "auth.group"
    assert entry.details["changes"] == {"permissions": {"old": [], "new": [str(permission.pk)]}}


def test_password_change_in_the_admin_is_recorded_without_the_password(admin_client, province):
    user = province.liangzhou_clerk
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    new = "Another-long-pass-2026"
    response = admin_client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    entry = only(Act.ACCOUNT_CHANGE)
    assert entry.object_id == str(user.pk) and new not in str(entry.details)
    assert "password" in entry.details["changes"]


def test_creating_an_account_with_a_role_is_one_account_and_one_role_entry(admin_client, province):
    from organisations.models import User

    response = admin_client.post(
        reverse("admin:organisations_user_add"),
        {
            "username": "new_clerk",
            "password1": "A-long-password-2026",
            "password2": "A-long-password-2026",
            "usable_password": "true",
            "memberships-TOTAL_FORMS": 1,
            "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
            "memberships-0-unit": province.liangzhou_center.pk,
            "memberships-0-role": Role.HANDLER,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new_clerk")
    account = only(Act.ACCOUNT_CHANGE)
    assert account.object_id == str(user.pk) and account.details["operation"] == "add"
    assert account.details["changes"]["username"] == {"old": None, "new": "new_clerk"}
    assert "A-long-password-2026" not in str(account.details)
    role = only(Act.ROLE_CHANGE)
    assert role.details["changes"]["memberships"]["new"] == [f"{province.liangzhou_center.code}:handler"]
    assert entries(Act.PERMISSION_CHANGE) == []
