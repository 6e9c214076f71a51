"""TOTP two-factor authentication: enrolment, verification, recovery codes, disabling and enforcement by role."""

import re
import time

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from organisations.models import Membership, Role
from organisations.tests.factories import PASSWORD


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def login(client, user):
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = services.totp_enrolment_start(user=user)
    return services.totp_enrolment_confirm(user=user, token=code_for(device))


def test_enrolment_shows_an_inline_qr_code_and_confirms_with_a_code(client, province):
    user = province.liangzhou_clerk
    login(client, user)
    page = client.get("/account/two-factor/setup/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'class="segno"' in html
    assert "<script>" not in html and "style=" not in html and "onclick" not in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # the same pending secret on reload: the authenticator scanned first still works
    client.get("/account/two-factor/setup/")
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post(
        "/account/two-factor/setup/", {"token": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    done = client.post("/account/two-factor/setup/", {"token": code_for(device)})
    assert done.status_code == 302 and done["Location"] == "/account/two-factor/recovery-codes/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    codes_page = client.get("/account/two-factor/recovery-codes/").content.decode()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", codes_page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    # shown once only
    again = client.get("/account/two-factor/recovery-codes/")
    assert again.status_code == 302


def test_login_after_enrolment_asks_for_a_code_before_any_page(client, province):
    user = province.liangzhou_clerk
    device, _codes = enrol(user)
    login(client, user)
    for url in ["/", "/petitions/", "/api/v1/petitions/", "/account/"]:
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401
            assert response.json()["error"]["code"] == "two_factor_required"
        else:
            assert response.status_code == 302
            assert response["Location"].startswith("/account/two-factor/verify/?next=")
    bad = client.post("/account/two-factor/verify/", {"token": "12345"})
    assert bad.status_code == 200 and "验证码不正确" in bad.content.decode()
    with time_machine.travel(time.time() + 3):  # past the one-second back-off after a wrong code
        ok = client.post("/account/two-factor/verify/", {"token": code_for(device, 1), "next": "/petitions/"})
    assert ok.status_code == 302 and ok["Location"] == "/petitions/"
    assert client.get("/").status_code == 200


def test_a_verify_page_refuses_to_send_elsewhere(client, province):
    user = province.liangzhou_clerk
    device, _codes = enrol(user)
    login(client, user)
    ok = client.post(
        "/account/two-factor/verify/", {"token": code_for(device, 1), "next": "https://evil.example/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/"


def test_a_recovery_code_logs_in_once(client, province):
    user = province.liangzhou_clerk
    _device, codes = enrol(user)
    login(client, user)
    response = client.post("/account/two-factor/verify/", {"token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9

    client.post("/logout/")
    login(client, user)
    again = client.post("/account/two-factor/verify/", {"token": codes[0]})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()
    assert client.get("/").status_code == 302


def test_an_authenticator_code_is_accepted_once(province):
    user = province.liangzhou_clerk
    device, _codes = enrol(user)
    code = code_for(device, 1)
    assert services.two_factor_check(user=user, token=code) is not None
    assert services.two_factor_check(user=user, token=code) is None


def test_guessing_codes_is_throttled(province):
    user = province.liangzhou_clerk
    device, _codes = enrol(user)
    services.two_factor_check(user=user, token="000001")
    services.two_factor_check(user=user, token="000002")
    # right after failures, even the right code waits out the back-off
    assert services.two_factor_check(user=user, token=code_for(device, 1)) is None


def test_regenerated_recovery_codes_replace_the_old_ones(client, province):
    user = province.liangzhou_clerk
    device, codes = enrol(user)
    login(client, user)
    client.post("/account/two-factor/verify/", {"token": code_for(device, 1)})
    response = client.post("/account/two-factor/recovery-codes/new/")
    assert response.status_code == 302
    page = client.get("/account/two-factor/recovery-codes/").content.decode()
    new = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    assert len(new) == 10 and not set(new) & set(codes)
    assert services.two_factor_check(user=user, token=codes[1]) is None


def test_an_optional_user_may_turn_it_off_with_a_code(client, province):
    user = province.liangzhou_clerk
    device, _codes = enrol(user)
    login(client, user)
    client.post("/account/two-factor/verify/", {"token": code_for(device, 1)})
    refused = client.post("/account/two-factor/disable/", {"token": "999999"}, follow=True)
    assert "验证码不正确" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()
    done = client.post("/account/two-factor/disable/", {"token": code_for(device, 2)}, follow=True)
    assert "已关闭" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.post("/logout/")
    login(client, user)
    assert client.get("/").status_code == 200


def test_an_unverified_session_cannot_replace_the_authenticator(client, province):
    user = province.liangzhou_clerk
    enrol(user)
    login(client, user)
    response = client.get("/account/two-factor/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/verify/")
    assert TOTPDevice.objects.filter(user=user).count() == 1


MANDATORY = ["province_supervisor", "province_leader", "sysadmin", "superuser"]


@pytest.mark.parametrize("who", MANDATORY)
def test_mandatory_roles_are_sent_to_enrolment_and_cannot_turn_it_off(
    require_2fa, client, province, who, django_user_model
):
    if who == "superuser":
        user = django_user_model.objects.create_superuser("root", password=PASSWORD)
    else:
        user = getattr(province, who)
    login(client, user)
    for url in ["/", "/petitions/", "/admin/", "/account/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/two-factor/setup/?next="), url
    assert client.get("/api/v1/petitions/").status_code == 401
    setup = client.get("/account/two-factor/setup/")
    assert "必须使用双因素认证" in setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post("/account/two-factor/setup/", {"token": code_for(device)})
    assert client.get("/").status_code == 200
    refused = client.post("/account/two-factor/disable/", {"token": code_for(device, 1)}, follow=True)
    assert "不能关闭" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@pytest.mark.parametrize("who", ["liangzhou_clerk", "liangzhou_handler", "court_head", "lawyer"])
def test_other_roles_are_not_forced(require_2fa, client, province, who):
    login(client, getattr(province, who))
    assert client.get("/").status_code == 200


def test_a_role_granted_later_is_enforced_within_a_minute(require_2fa, client, province):
    user = province.liangzhou_clerk
    login(client, user)
    assert client.get("/").status_code == 200
    Membership.objects.create(user=user, unit=province.liangzhou_committee, role=Role.LEADER)
    with time_machine.travel(time.time() + 61):  # the session re-reads its two-factor needs every minute
        response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/setup/")


def test_enrolling_ends_the_other_sessions_of_the_user(client, province):
    from django.test import Client

    user = province.liangzhou_clerk
    other = Client()
    login(other, user)
    assert other.get("/").status_code == 200
    login(client, user)
    device = services.totp_enrolment_start(user=user)
    assert client.post("/account/two-factor/setup/", {"token": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302  # logged out: must sign in again with the new second factor


def test_the_embedded_demo_does_not_force_two_factor(settings, client, province):
    settings.XINFANG_REQUIRE_2FA = False
    login(client, province.province_leader)
    assert client.get("/").status_code == 200


def test_htmx_requests_are_redirected_by_header(client, province):
    user = province.liangzhou_clerk
    enrol(user)
    login(client, user)
    response = client.get("/petitions/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/account/two-factor/verify/")


def test_two_factor_pages_follow_the_strict_layout(client, province):
    user = province.liangzhou_clerk
    enrol(user)
    login(client, user)
    for url in ["/account/two-factor/verify/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and "style=" not in html and " onclick" not in html


def test_the_security_page_speaks_english_when_switched(client, province):
    from django.conf import settings

    login(client, province.liangzhou_clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/account/").content.decode()
    assert "Two-factor authentication" in page and "双因素认证" not in page
