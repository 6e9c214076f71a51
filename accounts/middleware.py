"""Idle timeout and the two-factor gate, both after authentication (see ``MIDDLEWARE`` in settings)."""

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.policy import two_factor_state

LAST_ACTIVITY_KEY = "accounts_last_activity"
ACTIVITY_WRITE_SECONDS = 60  # write the session at most once a minute for activity alone
# What a session needs before it may see the platform ("ok", "verify" or "setup"), worked out at login and again
# at most once a minute, so an ordinary request costs no query for it.
TWO_FACTOR_STATE_KEY = "accounts_2fa_state"
TWO_FACTOR_CHECKED_KEY = "accounts_2fa_checked"
TWO_FACTOR_RECHECK_SECONDS = 60


def refresh_two_factor_state(request) -> None:
    """After the user's devices changed in this session (enrolled, disabled)."""
    request.session[TWO_FACTOR_STATE_KEY] = two_factor_state(request.user)
    request.session[TWO_FACTOR_CHECKED_KEY] = int(time.time())


def remember_login(request, user) -> None:
    """At login: the session's activity clock starts, and what the user needs for two-factor is worked out."""
    now = int(time.time())
    request.session[LAST_ACTIVITY_KEY] = now
    request.session[TWO_FACTOR_STATE_KEY] = two_factor_state(user)
    request.session[TWO_FACTOR_CHECKED_KEY] = now


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _redirect(request, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


class IdleTimeoutMiddleware:
    """Log out a session that has been idle for ``XINFANG_IDLE_TIMEOUT_MINUTES``; say so on the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            minutes = settings.XINFANG_IDLE_TIMEOUT_MINUTES
            last = request.session.get(LAST_ACTIVITY_KEY)
            if isinstance(last, int) and minutes > 0 and now - last > minutes * 60:
                logout(request)
                message = _("您已超过 %(minutes)d 分钟没有操作，为保护信访数据已自动退出，请重新登录。") % {
                    "minutes": minutes
                }
                if _is_api(request):
                    return JsonResponse(
                        {"error": {"code": "session_idle", "message": message, "fields": {}}}, status=401
                    )
                messages.warning(request, message)
                return _redirect(request, f"{reverse('login')}?next={quote(request.get_full_path())}")
            if not isinstance(last, int) or now - last >= ACTIVITY_WRITE_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A signed-in user who has an authenticator, or whose role requires one, sees nothing but the two-factor
    pages (and logout, language, static files) until a code is verified in this session."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: tuple[str, ...] | None = None

    def allowed(self, path: str) -> bool:
        if self._allowed is None:
            self._allowed = (
                settings.STATIC_URL,
                "/i18n/",
                reverse("login"),
                reverse("logout"),
                reverse("admin:logout"),
                reverse("accounts:verify"),
                reverse("accounts:setup"),
                reverse("accounts:recovery_codes"),
            )
        return path.startswith(self._allowed)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not self.allowed(request.path)
        ):
            session = request.session
            now = int(time.time())
            state, checked = session.get(TWO_FACTOR_STATE_KEY), session.get(TWO_FACTOR_CHECKED_KEY)
            if state is None or not isinstance(checked, int) or now - checked >= TWO_FACTOR_RECHECK_SECONDS:
                state = session[TWO_FACTOR_STATE_KEY] = two_factor_state(user)
                session[TWO_FACTOR_CHECKED_KEY] = now
            if state == "verify":
                target, message = "accounts:verify", _("请输入双因素认证验证码。")
            elif state == "setup":
                target, message = "accounts:setup", _("您的岗位必须使用双因素认证，请先设置身份验证器。")
            else:
                target = None
            if target:
                if _is_api(request):
                    return JsonResponse(
                        {"error": {"code": "two_factor_required", "message": message, "fields": {}}},
                        status=401,
                    )
                return _redirect(request, f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)
