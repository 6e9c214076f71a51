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

from accounts.policy import has_any_device, two_factor_required

LAST_ACTIVITY_KEY = "accounts_last_activity"
ACTIVITY_WRITE_SECONDS = 60  # write the session at most once a minute for activity alone


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
            if has_any_device(user):
                target, message = "accounts:verify", _("请输入双因素认证验证码。")
            elif two_factor_required(user):
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
