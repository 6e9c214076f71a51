"""End to end in headless Chromium: a 督办员 must set up two-factor authentication before anything else, then logs
in with a code and with a recovery code. Each account page is audited in the browser for what a strict
Content-Security-Policy blocks: inline scripts, event-handler attributes, style attributes and <style> elements."""

import base64

import pytest
from django_otp.oath import TOTP

from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the page itself carries that a policy without 'unsafe-inline' refuses. htmx's own indicator <style> and
# the language menu of the layout (base.html) are the layout's concern, not these pages'.
AUDIT = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    if (el.id === 'lang-switch') continue;
    for (const a of el.attributes) {
      if (a.name === 'style' || a.name.startsWith('on')) found.push(el.tagName + '[' + a.name + ']');
    }
  }
  for (const s of document.querySelectorAll('script:not([src])')) found.push('inline <script>');
  for (const s of document.querySelectorAll('style')) {
    if (!s.textContent.startsWith('.htmx-indicator')) found.push('<style>');
  }
  for (const l of document.querySelectorAll('link[href], script[src], img[src]')) {
    const url = new URL(l.href || l.src, location.href);
    if (url.origin !== location.origin) found.push('external ' + url.href);
  }
  return found;
}"""


def _code(secret: str, drift: int = 0) -> str:
    totp = TOTP(base64.b32decode(secret.replace(" ", "")))
    totp.drift = drift
    return f"{totp.token():06d}"


def _audit(page, seen):
    seen[page.url.split("?")[0].split("//", 1)[1].split("/", 1)[1]] = page.evaluate(AUDIT)


def _password_login(page, username):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_a_supervisor_sets_up_two_factor_then_logs_in_with_a_code_and_a_recovery_code(
    live_server, province, settings
):
    settings.XINFANG_REQUIRE_2FA = True
    seen: dict[str, list] = {}
    home = f"{live_server.url}/"
    with chromium_page(live_server.url) as page:
        _password_login(page, province.province_supervisor.username)
        page.wait_for_url("**/account/two-factor/setup/**")
        _audit(page, seen)
        assert page.locator("text=必须使用双因素认证").count() >= 1
        assert page.locator(".qr-code svg path").count() >= 1
        secret = page.inner_text("#otp-secret")
        page.fill("#id_token", _code(secret))
        page.click("button:has-text('确认并开启')")
        page.wait_for_url("**/account/two-factor/recovery-codes/")
        _audit(page, seen)
        codes = page.locator("#recovery-codes li").all_inner_texts()
        assert len(codes) == 10
        page.click("text=我已保存，进入平台")
        page.wait_for_url(home, wait_until="domcontentloaded")
        page.goto("/account/")
        _audit(page, seen)
        assert "已开启" in page.inner_text("#two-factor-status")

        page.click("button:has-text('退出')")
        page.wait_for_url("**/login/")
        _password_login(page, province.province_supervisor.username)
        page.wait_for_url("**/account/two-factor/verify/**")
        _audit(page, seen)
        page.fill("#id_token", _code(secret, 1))
        page.click("button:has-text('验证')")
        page.wait_for_url(home, wait_until="domcontentloaded")

        page.click("button:has-text('退出')")
        page.wait_for_url("**/login/")
        _audit(page, seen)
        _password_login(page, province.province_supervisor.username)
        page.wait_for_url("**/account/two-factor/verify/**")
        page.fill("#id_token", codes[0])
        page.click("button:has-text('验证')")
        page.wait_for_url(home, wait_until="domcontentloaded")
        assert page.locator("text=还剩 9 个").count() == 1
    assert set(seen) >= {
        "login/",
        "account/",
        "account/two-factor/setup/",
        "account/two-factor/verify/",
        "account/two-factor/recovery-codes/",
    }
    assert {path: found for path, found in seen.items() if found} == {}


def test_the_lockout_page_in_the_browser(live_server, province, settings):
    settings.AXES_ENABLED = True
    seen: dict[str, list] = {}
    with chromium_page(live_server.url) as page:
        for _ in range(5):
            page.goto("/login/")
            page.fill("#id_username", province.liangzhou_clerk.username)
            page.fill("#id_password", "wrong-password-x")
            page.click("button[type=submit]")
            page.wait_for_load_state()
        assert "分钟后" in page.inner_text("#lockout-message")
        _audit(page, seen)
    assert {path: found for path, found in seen.items() if found} == {}
