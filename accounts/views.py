"""Account security pages: the lockout answer, two-factor verification, enrolment, recovery codes, disabling."""

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts import services
from accounts.forms import AuthenticatorCodeForm, TokenForm
from accounts.middleware import refresh_two_factor_state
from accounts.policy import has_any_device, two_factor_enabled, two_factor_required
from core.errors import DomainError

RECOVERY_CODES_SESSION_KEY = "accounts_new_recovery_codes"


def lockout(request, response=None, credentials=None, *args, **kwargs):
    """axes' answer to a locked-out login (web, admin or API): 429 with the time to try again."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request) or settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60))
    retry_at = timezone.localtime(timezone.now() + cool_off)
    message = _(
        "登录失败次数过多，账号或本机地址已被暂时锁定。请在 %(minutes)d 分钟后（%(time)s 之后）重试，"
        "或请系统管理员解锁。"
    ) % {"minutes": minutes, "time": retry_at.strftime("%H:%M")}
    if request.path.startswith("/api/") or request.headers.get("x-requested-with") == "XMLHttpRequest":
        answer = JsonResponse(
            {
                "error": {
                    "code": "locked_out",
                    "message": message,
                    "fields": {},
                    "retry_after_seconds": int(cool_off.total_seconds()),
                }
            },
            status=429,
        )
    else:
        answer = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    answer["Retry-After"] = str(int(cool_off.total_seconds()))
    return answer


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    if request.user.is_verified() or not has_any_device(request.user):
        refresh_two_factor_state(request)
        return HttpResponseRedirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_check(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device=device).count()
                messages.warning(
                    request,
                    _("您使用了一个恢复码，它已失效；还剩 %(left)d 个。恢复码用完前请重新生成。")
                    % {"left": left},
                )
            return HttpResponseRedirect(_next_url(request))
        form.add_error("token", _("验证码不正确或已使用。多次输错后需等待一段时间才能再试。"))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


def _qr_svg(url: str) -> str:
    """The otpauth URL as an inline SVG drawn here (no external service, no script, no style attribute)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff"))  # noqa: S308


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    if has_any_device(user) and not user.is_verified():
        # replacing an authenticator needs the current one: verify first
        return redirect(f"{reverse('accounts:verify')}?next={reverse('accounts:setup')}")
    device = services.totp_enrolment_start(user=user)
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.totp_enrolment_confirm(user=user, token=form.cleaned_data["token"])
        except DomainError as error:
            form.add_error("token", error.message)
        else:
            otp_login(request, device)
            refresh_two_factor_state(request)
            # a session signed in elsewhere without the new second factor ends now
            services.user_sessions_revoke(user=user, keep=request.session.session_key)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("双因素认证已开启。"))
            return redirect("accounts:recovery_codes")
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr": _qr_svg(device.config_url),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": two_factor_required(user),
        "replacing": two_factor_enabled(user),
    }
    return render(request, "accounts/setup.html", context)


@login_required
def recovery_codes(request):
    """The new recovery codes, shown this once: they are kept nowhere but the database's single-use list."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:security")
    response = render(request, "accounts/recovery_codes.html", {"codes": codes})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def recovery_codes_new(request):
    if not two_factor_enabled(request.user):
        messages.error(request, _("请先开启双因素认证。"))
        return redirect("accounts:security")
    request.session[RECOVERY_CODES_SESSION_KEY] = services.recovery_codes_regenerate(user=request.user)
    messages.success(request, _("已生成新的恢复码，原有恢复码全部失效。"))
    return redirect("accounts:recovery_codes")


@login_required
@require_POST
def disable(request):
    form = AuthenticatorCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请输入验证码。"))
        return redirect("accounts:security")
    try:
        services.two_factor_disable(user=request.user, token=form.cleaned_data["token"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        refresh_two_factor_state(request)
        messages.success(request, _("双因素认证已关闭。"))
    return redirect("accounts:security")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Change one's own password: every other session of the user ends, this one stays signed in."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()  # ends every recorded session of the user (accounts.signals)
        update_session_auth_hash(request, user)  # this one continues under a new key
        services.session_recorded(user=user, session_key=request.session.session_key)
        messages.success(request, _("密码已修改，其他地方的登录已全部退出。"))
        return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def security(request):
    user = request.user
    recovery_left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    context = {
        "enabled": two_factor_enabled(user),
        "required": two_factor_required(user),
        "recovery_left": recovery_left,
        "disable_form": AuthenticatorCodeForm(),
        "idle_minutes": settings.XINFANG_IDLE_TIMEOUT_MINUTES,
    }
    return render(request, "accounts/security.html", context)
