"""Public pages of the portal (no login) and the staff screening list. Thin: parse, call, render.

Public pages render with an anonymous ``user`` so a signed-in clerk who opens them sees what the public sees.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.downloads import file_response
from core.errors import DomainError, InvalidInput
from handling.models import Reply, ReplyStatus
from petitions.models import Petition
from portal import captcha, ratelimit, selectors, services
from portal.forms import EvaluationForm, ReviewRequestForm, SubmissionForm, TrackForm, mark_errors
from portal.tracking import render_sections

SESSION_KEY = "portal_petition"
RESULT_KEY = "portal_result"
TRACK_SECONDS = 30 * 60
CAPTCHA_DONE = "portal:captcha-done:"


def _public(request, template, context, status=200):
    context = {"user": AnonymousUser(), **context}
    return render(request, template, context, status=status)


def captcha_required() -> bool:
    return getattr(settings, "PORTAL_CAPTCHA", True)


def home(request):
    return _public(request, "portal/home.html", {"limits": selectors.time_limits()})


def _field_of(key: str, form) -> str | None:
    """Map a service error key (``petitioners.0.phone``) to the form field it belongs to."""
    name = key.rsplit(".", 1)[-1]
    return name if name in form.fields and not form.fields[name].widget.is_hidden else None


@never_cache
def submit(request):
    status = 200
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES)
        token = request.POST.get("token", "")[:64]
        if not ratelimit.hit("submit", ratelimit.client_key(request)):
            form.is_valid()
            form.add_error(
                None,
                _("提交过于频繁，请一小时后再试。如情况紧急，请拨打当地政法委信访电话或到联合接访中心反映。"),
            )
            status = 429
        elif form.is_valid() & _captcha_passed(form, token):  # both run: every error is shown at once
            try:
                petition, created = services.petition_submit_online(
                    submission=form.to_submission(),
                    attachments=form.cleaned_data["attachments"],
                    token=form.cleaned_data["token"],
                )
            except InvalidInput as exc:
                for key, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(_field_of(key, form), error)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                request.session[RESULT_KEY] = {
                    "number": petition.number,
                    "code": petition.query_code,
                    "system": petition.responsible_system,
                }
                return redirect("portal:submitted")
        status = status if status != 200 else 400
        mark_errors(form)
    else:
        form = SubmissionForm()
    files = [f.name for f in request.FILES.getlist("attachments")] if request.method == "POST" else []
    context = {"form": form, "files": files, **_captcha_context(form)}
    return _public(request, "portal/submit.html", context, status=status)


def _captcha_passed(form, token: str) -> bool:
    """The CAPTCHA is solved once per form (its token): a resent or corrected form does not ask again."""
    if not captcha_required():
        return True
    if token and cache.get(CAPTCHA_DONE + token):
        form.captcha_done = True
        return True
    answer = (form.data.get("captcha_answer") or "").strip()
    if not answer:
        form.add_error("captcha_answer", _("请填写验证码。"))
        return False
    if captcha.check(form.data.get("captcha_id", ""), answer):
        if token:
            cache.set(CAPTCHA_DONE + token, 1, 3600)
        form.captcha_done = True
        return True
    form.add_error("captcha_answer", _("验证码不正确或已过期，请按新的图片重新计算。"))
    return False


def _captcha_context(form) -> dict:
    if not captcha_required() or getattr(form, "captcha_done", False):
        return {"captcha": None}
    challenge_id, svg = captcha.new_challenge()
    return {"captcha": {"id": challenge_id, "svg": svg}}


@never_cache
def captcha_refresh(request):
    challenge_id, svg = captcha.new_challenge()
    return _public(request, "portal/_captcha.html", {"captcha": {"id": challenge_id, "svg": svg}})


@never_cache
def submitted(request):
    result = request.session.pop(RESULT_KEY, None)
    return _public(
        request,
        "portal/submitted.html",
        {"result": result, "limits": selectors.time_limits(result["system"]) if result else []},
    )


def _tracked(request) -> Petition | None:
    held = request.session.get(SESSION_KEY)
    if not held or held.get("until", 0) < timezone.now().timestamp():
        return None
    return Petition.objects.filter(pk=held["pk"]).first()


@never_cache
def track(request):
    status = 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            petition, refused = lookup(request, form.cleaned_data["number"], form.cleaned_data["code"])
            if petition is not None:
                request.session.cycle_key()  # a fresh session id for the verified petitioner
                request.session[SESSION_KEY] = {
                    "pk": petition.pk,
                    "until": timezone.now().timestamp() + TRACK_SECONDS,
                }
                return redirect("portal:status")
            form.add_error(None, refused)
            status = 429 if refused == RATE_LIMITED else 404
        else:
            status = 400
        mark_errors(form)
    else:
        form = TrackForm()
    return _public(request, "portal/track.html", {"form": form}, status=status)


NOT_FOUND = _("登记编号或查询码不正确。请核对后重试（查询码不区分大小写）。")
RATE_LIMITED = _("查询次数过多，请一小时后再试。")


def lookup(request, number: str, code: str):
    """(petition, "") or (None, the one message for every refusal). A wrong code and an unknown number do the
    same work: count the client's attempt, look up, compare in constant time, count the number's failure."""
    client_ok = ratelimit.hit("lookup", ratelimit.client_key(request))
    number_key = (number or "").strip()[:32]
    number_ok = not ratelimit.exhausted("lookup_number", number_key)
    petition = services.find_by_code(number, code)
    if petition is None:
        ratelimit.hit("lookup_number", number_key)
    if not (client_ok and number_ok):
        return None, str(RATE_LIMITED)
    if petition is None:
        return None, str(NOT_FOUND)
    return petition, ""


@never_cache
def status(request):
    petition = _tracked(request)
    if petition is None:
        return redirect("portal:track")
    return _status_page(request, petition)


def _status_page(request, petition, *, evaluation_form=None, review_form=None, http_status=200):
    context = selectors.tracking(petition)
    context.update(
        evaluation_form=evaluation_form or EvaluationForm(),
        review_form=review_form or ReviewRequestForm(),
        sections=render_sections(petition),
        message=request.session.pop("portal_message", ""),
    )
    return _public(request, "portal/status.html", context, status=http_status)


@never_cache
def reply_download(request):
    petition = _tracked(request)
    if petition is None:
        raise Http404
    try:
        reply = Reply.objects.select_related("document").get(
            pk=int(request.GET.get("r", "")),
            petition=petition,
            status=ReplyStatus.APPROVED,
            document__isnull=False,
        )
    except (Reply.DoesNotExist, ValueError):
        raise Http404 from None
    doc = reply.document
    try:
        return file_response(request, doc.file, filename=doc.original_name, content_type=doc.content_type,
                             sha256=doc.sha256)  # fmt: skip
    except FileNotFoundError:
        raise Http404 from None


@require_POST
def evaluate(request):
    petition = _tracked(request)
    if petition is None:
        return redirect("portal:track")
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.petition_evaluate_online(petition=petition, **form.cleaned_data)
        except InvalidInput as exc:
            for key, errors in exc.errors.items():
                for error in errors:
                    form.add_error(key if key in form.fields else None, error)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            request.session["portal_message"] = _("评价已提交，谢谢您的反馈。")
            return redirect("portal:status")
    mark_errors(form)
    return _status_page(request, petition, evaluation_form=form, http_status=400)


@require_POST
def request_review(request):
    petition = _tracked(request)
    if petition is None:
        return redirect("portal:track")
    form = ReviewRequestForm(request.POST)
    if form.is_valid():
        try:
            services.petition_request_review_online(petition=petition, reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            for key, errors in exc.errors.items():
                for error in errors:
                    form.add_error("reason" if key in ("reason", "requested_on") else None, error)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            request.session["portal_message"] = _(
                "申请已提交，复查（复核）机关将依法办理，进展可在本页查询。"
            )
            return redirect("portal:status")
    mark_errors(form)
    return _status_page(request, petition, review_form=form, http_status=400)


@require_POST
def leave(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("portal:home")


@login_required
def screening(request):
    page = Paginator(selectors.screening_list(request.user), 25).get_page(request.GET.get("page"))
    selectors.screening_checks(request.user, page.object_list)
    return render(request, "portal/screening.html", {"page": page})
