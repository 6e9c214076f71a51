"""Hearing and consultation pages: thin — parse the form, call a service, render; all through the one scope."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from audit.services import audit_download
from core.documents import DOCX_TYPE
from hearings import forms, selectors, services
from hearings.documents import build_notice_docx
from hearings.filtersets import ConsultationFilterSet, HearingFilterSet
from hearings.models import ConsultationStatus, HearingStatus
from petitions.scope import get_visible_petition
from quality.views import run

PAGE_SIZE = 25


def _posted(request):
    return request.POST if request.method == "POST" else None


def _require_organiser(request):
    if not selectors.can_organise(request.user):
        raise HttpForbidden(_("只有承办人、部门负责人、督办员或领导可以组织听证和会诊。"))


def _page(request, template, context):
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def _listing(request, base, filterset_class, template):
    filterset = filterset_class(request.GET, queryset=base)
    qs = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {"filter": filterset, "page": page, "query": query.urlencode()})


# ---------------------------------------------------------------------------------------------- 听证


@login_required
def hearing_list(request):
    return _listing(
        request, selectors.hearing_list(request.user), HearingFilterSet, "hearings/hearing_list.html"
    )


@login_required
def hearing_create(request, pk):
    petition = get_visible_petition(request.user, pk)
    _require_organiser(request)
    form = forms.HearingForm(_posted(request))
    if request.method == "POST":
        box = {}

        def call():
            box["hearing"] = services.hearing_schedule(
                actor=request.user, petition=petition, **form.service_kwargs()
            )

        if run(request, form, call, _("已安排听证。")):
            return redirect("hearings:hearing_detail", pk=box["hearing"].pk)
    return _page(request, "hearings/hearing_form.html", {"petition": petition, "form": form})


@login_required
def hearing_detail(request, pk):
    hearing = selectors.get_visible_hearing(request.user, pk)
    return render(request, "hearings/hearing_detail.html", {
        "hearing": hearing, "petition": hearing.petition, "participants": hearing.participants.all(),
        "can_organise": selectors.can_organise(request.user), "scheduled": hearing.status == HearingStatus.SCHEDULED,
    })  # fmt: skip


@login_required
def hearing_record(request, pk):
    hearing = selectors.get_visible_hearing(request.user, pk)
    _require_organiser(request)
    form = forms.HearingRecordForm(_posted(request))
    if request.method == "POST" and run(
        request,
        form,
        lambda: services.hearing_record(actor=request.user, hearing=hearing, **form.cleaned_data),
        _("已登记听证结果。"),
    ):
        return redirect("hearings:hearing_detail", pk=hearing.pk)
    return _page(request, "hearings/form.html", {"petition": hearing.petition, "form": form, "back": hearing,
                                                 "title": _("登记听证结果")})  # fmt: skip


@login_required
def hearing_cancel(request, pk):
    hearing = selectors.get_visible_hearing(request.user, pk)
    _require_organiser(request)
    form = forms.CancelForm(_posted(request))
    if request.method == "POST" and run(
        request, form,
        lambda: services.hearing_cancel(actor=request.user, hearing=hearing, reason=form.cleaned_data["reason"]),
        _("已取消听证。"),
    ):  # fmt: skip
        return redirect("hearings:hearing_detail", pk=hearing.pk)
    return _page(request, "hearings/form.html", {"petition": hearing.petition, "form": form, "back": hearing,
                                                 "title": _("取消听证")})  # fmt: skip


@login_required
def hearing_notice(request, pk):
    hearing = selectors.get_visible_hearing(request.user, pk)
    content = build_notice_docx(hearing)
    filename = f"听证通知书-{hearing.petition.number}.docx"
    audit_download(
        actor=request.user, obj=hearing, filename=filename, details={"petition_id": hearing.petition_id}
    )
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# ---------------------------------------------------------------------------------------------- 会诊


@login_required
def consultation_list(request):
    return _listing(request, selectors.consultation_list(request.user), ConsultationFilterSet,
                    "hearings/consultation_list.html")  # fmt: skip


@login_required
def consultation_create(request, pk):
    petition = get_visible_petition(request.user, pk)
    _require_organiser(request)
    form = forms.ConsultationForm(_posted(request), user=request.user)
    if request.method == "POST":
        box = {}

        def call():
            box["c"] = services.consultation_open(
                actor=request.user, petition=petition, **form.service_kwargs()
            )

        if run(request, form, call, _("已召集会诊。")):
            return redirect("hearings:consultation_detail", pk=box["c"].pk)
    return _page(request, "hearings/form.html", {"petition": petition, "form": form, "title": _("召集会诊")})


@login_required
def consultation_detail(request, pk):
    c = selectors.get_visible_consultation(request.user, pk)
    return render(request, "hearings/consultation_detail.html", {
        "c": c, "petition": c.petition, "units": c.units.order_by("path"),
        "tasks": c.tasks.select_related("owner_unit", "owner"), "can_organise": selectors.can_organise(request.user),
        "is_open": c.status == ConsultationStatus.OPEN,
    })  # fmt: skip


@login_required
def consultation_task_create(request, pk):
    c = selectors.get_visible_consultation(request.user, pk)
    _require_organiser(request)
    form = forms.ConsultationTaskForm(_posted(request), consultation=c)
    if request.method == "POST" and run(
        request, form,
        lambda: services.consultation_add_task(actor=request.user, consultation=c, **form.service_kwargs()),
        _("已下达会诊任务。"),
    ):  # fmt: skip
        return redirect("hearings:consultation_detail", pk=c.pk)
    return _page(request, "hearings/form.html", {"petition": c.petition, "form": form, "back_c": c,
                                                 "title": _("下达会诊任务")})  # fmt: skip


@login_required
def consultation_conclude(request, pk):
    c = selectors.get_visible_consultation(request.user, pk)
    _require_organiser(request)
    form = forms.ConcludeForm(_posted(request))
    if request.method == "POST" and run(
        request, form,
        lambda: services.consultation_conclude(actor=request.user, consultation=c,
                                               conclusions=form.cleaned_data["conclusions"]),
        _("已形成会诊结论。"),
    ):  # fmt: skip
        return redirect("hearings:consultation_detail", pk=c.pk)
    return _page(request, "hearings/form.html", {"petition": c.petition, "form": form, "back_c": c,
                                                 "title": _("会诊结论")})  # fmt: skip


@login_required
def my_tasks(request):
    page = Paginator(selectors.my_open_tasks(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "hearings/my_tasks.html", {"page": page})


@login_required
def task_complete(request, pk):
    task = selectors.get_visible_task(request.user, pk)
    form = forms.TaskCompleteForm(_posted(request))
    if request.method == "POST" and run(
        request, form,
        lambda: services.consultation_task_complete(actor=request.user, task=task, note=form.cleaned_data["note"]),
        _("已报告任务完成。"),
    ):  # fmt: skip
        return redirect("hearings:my_tasks")
    return _page(request, "hearings/form.html", {"petition": task.consultation.petition, "form": form,
                                                 "back_c": task.consultation, "task": task,
                                                 "title": _("报告任务完成")})  # fmt: skip
