"""Login lockout (django-axes): per account and per client address, on the login page, the admin and the API."""

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.signals import user_logged_in, user_login_failed

from organisations.tests.factories import PASSWORD


def _login(client, username, password, ip="10.1.1.1", url="/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_refused(axes_on, client, province):
    for _ in range(4):
        assert _login(client, "lz_clerk", "wrong-password-x").status_code == 200
    locked = _login(client, "lz_clerk", "wrong-password-x")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "登录失败次数过多" in text and "30 分钟后" in text
    assert locked["Retry-After"] == "1800"
    # the right password does not get in while locked
    refused = _login(client, "lz_clerk", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_account_from_any_address(axes_on, client, province):
    for i in range(5):
        _login(client, "lz_clerk", "wrong-password-x", ip=f"10.2.0.{i}")
    assert _login(client, "lz_clerk", PASSWORD, ip="10.9.9.9").status_code == 429
    # another account from a fresh address still logs in
    assert _login(client, "mq_clerk", PASSWORD, ip="10.9.9.8").status_code == 302


def test_the_lockout_is_per_address_across_accounts(axes_on, client, province):
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        _login(client, name, "wrong-password-x", ip="10.3.3.3")
    assert _login(client, "mq_clerk", PASSWORD, ip="10.3.3.3").status_code == 429
    assert _login(client, "mq_clerk", PASSWORD, ip="10.3.3.4").status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_address_limit(axes_on, client, province):
    for i in range(5):
        client.post(
            "/login/",
            {"username": f"x{i}", "password": "wrong-password-x"},
            REMOTE_ADDR="10.4.4.4",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    response = client.post(
        "/login/",
        {"username": "mq_clerk", "password": PASSWORD},
        REMOTE_ADDR="10.4.4.4",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert response.status_code == 429


def test_the_lock_lifts_after_the_cool_off(axes_on, client, province):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        for _ in range(5):
            _login(client, "lz_clerk", "wrong-password-x")
        assert _login(client, "lz_clerk", PASSWORD).status_code == 429
        traveller.shift(31 * 60)
        assert _login(client, "lz_clerk", PASSWORD).status_code == 302


def test_unlock_in_the_admin_lets_the_user_in_at_once(axes_on, client, province, django_user_model):
    for _ in range(5):
        _login(client, "lz_clerk", "wrong-password-x")
    assert _login(client, "lz_clerk", PASSWORD).status_code == 429
    attempts = AccessAttempt.objects.filter(username="lz_clerk")
    assert attempts.exists()

    admin = django_user_model.objects.create_superuser("root", password="Xf-root-pass-2026")
    admin_client = type(client)()
    admin_client.force_login(admin)
    changelist = admin_client.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200 and "lz_clerk" in changelist.content.decode()
    response = admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="lz_clerk").exists()
    assert _login(client, "lz_clerk", PASSWORD, ip="10.1.1.2").status_code == 302


def test_the_admin_login_is_locked_too(axes_on, client, django_user_model):
    django_user_model.objects.create_superuser("root", password="Xf-root-pass-2026")
    for _ in range(5):
        _login(client, "root", "wrong-password-x", url="/admin/login/")
    response = _login(client, "root", "Xf-root-pass-2026", url="/admin/login/")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_the_lockout_page_follows_the_strict_layout(axes_on, client, province):
    for _ in range(5):
        response = _login(client, "lz_clerk", "wrong-password-x")
    html = response.content.decode()
    assert "<script>" not in html and "style=" not in html and "onclick" not in html
    assert 'href="/static/css/xinfang.css"' in html or "xinfang" in html


def test_an_ajax_login_gets_a_structured_lockout(axes_on, client, province):
    for _ in range(5):
        _login(client, "lz_clerk", "wrong-password-x")
    response = client.post(
        "/login/",
        {"username": "lz_clerk", "password": PASSWORD},
        REMOTE_ADDR="10.1.1.1",
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"


def test_login_signals_fire_for_the_audit_log(axes_on, client, province):
    from axes.signals import user_locked_out

    seen = []

    def failed(sender, credentials, request, **kwargs):
        seen.append(("failed", credentials.get("username")))

    def logged_in(sender, request, user, **kwargs):
        seen.append(("in", user.username))

    def locked(sender, request, username, ip_address, **kwargs):
        seen.append(("locked", username))

    user_login_failed.connect(failed)
    user_logged_in.connect(logged_in)
    user_locked_out.connect(locked)
    try:
        _login(client, "lz_clerk", PASSWORD)
        for _ in range(5):
            _login(client, "mq_clerk", "wrong-password-x", ip="10.5.5.5")
    finally:
        user_login_failed.disconnect(failed)
        user_logged_in.disconnect(logged_in)
        user_locked_out.disconnect(locked)
    assert ("in", "lz_clerk") in seen
    assert seen.count(("failed", "mq_clerk")) == 5
    assert ("locked", "mq_clerk") in seen


@pytest.mark.parametrize("field", ["username"])
def test_a_successful_login_resets_the_count(axes_on, client, province, field):
    for _ in range(4):
        _login(client, "lz_clerk", "wrong-password-x")
    assert _login(client, "lz_clerk", PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        _login(client, "lz_clerk", "wrong-password-x")
    assert _login(client, "lz_clerk", PASSWORD).status_code == 302
