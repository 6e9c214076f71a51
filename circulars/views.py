"""Circulars, assessment and case conferences: thin views over the services and selectors."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import audit_download, audit_export
from circulars import assessment, selectors, services
from circulars.forms import (
    AssessForm,
    ExplanationForm,
    IssueForm,
    MeetingForm,
    ResultForm,
    ReturnVisitFilterForm,
    ReturnVisitRecordForm,
    ReturnVisitSampleForm,
)
from circulars.periods import period_of
from core.documents import DOCX_TYPE
from core.downloads import file_response
from core.errors import DomainError, InvalidInput

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_errors(form, exc: DomainError) -> None:
    if isinstance(exc, InvalidInput):
        for field, errors in exc.errors.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc.message)


@login_required
def circular_list(request):
    units = services.issuing_units(request.user)
    form = IssueForm(request.POST or None, units=units, user=request.user)
    if request.method == "POST":
        if not units:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            campaign = data["campaign"]
            if data["kind"] == "campaign":
                date_from, date_to = campaign.starts_on, min(campaign.ends_on, data["day"])
            else:
                date_from, date_to = period_of(data["kind"], data["day"])
            try:
                circular = services.circular_issue(issuer=data["issuer"], kind=data["kind"], date_from=date_from,
                                                   date_to=date_to, campaign=campaign, actor=request.user)  # fmt: skip
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, f"已签发通报 {circular.number}。")
                return redirect("circulars:detail", pk=circular.pk)
    page = Paginator(selectors.visible_circulars(request.user), 30).get_page(request.GET.get("page"))
    explanations = selectors.my_explanations(request.user).filter(submitted_at__isnull=True)
    return render(request, "circulars/list.html", {"page": page, "form": form, "can_issue": bool(units),
                                                    "explanations": explanations})  # fmt: skip


@login_required
def circular_detail(request, pk: int):
    circular = selectors.get_visible_circular(request.user, pk)
    services.circular_mark_read(circular=circular, user=request.user)
    return render(request, "circulars/detail.html", {
        "c": circular, "content": circular.content,
        "recipients": circular.recipients.select_related("unit", "read_by").order_by("unit__path"),
        "explanations": circular.explanations.select_related("unit"),
    })  # fmt: skip


@login_required
def circular_download(request, pk: int):
    circular = selectors.get_visible_circular(request.user, pk)
    services.circular_mark_read(circular=circular, user=request.user)
    filename = f"{circular.number}{circular.title}.docx"
    audit_download(actor=request.user, obj=circular, filename=filename)
    return file_response(
        request, circular.file, filename=filename, content_type=DOCX_TYPE, sha256=circular.sha256
    )


@login_required
def explanation_submit(request, pk: int):
    item = selectors.get_my_explanation(request.user, pk)
    form = ExplanationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.explanation_submit(explanation=item, actor=request.user, text=form.cleaned_data["text"])
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "书面说明已提交。")
            return redirect("circulars:list")
    return render(request, "circulars/explanation.html", {"item": item, "form": form})


def _assessment_result(request):
    if not services.issuing_units(request.user):
        raise Http404
    form = AssessForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        within = services.issuing_units(request.user)[0]
        try:
            result = assessment.assess(scheme=data["scheme"], date_from=data["date_from"], date_to=data["date_to"],
                                       within=within)  # fmt: skip
        except DomainError as exc:
            _form_errors(form, exc)
    return form, result


@login_required
def assessment_page(request):
    form, result = _assessment_result(request)
    return render(request, "circulars/assessment.html", {"form": form, "result": result,
                                                          "query": request.GET.urlencode()})  # fmt: skip


@login_required
def assessment_export(request):
    form, result = _assessment_result(request)
    if result is None:
        return HttpResponse("；".join(e for errors in form.errors.values() for e in errors) or "请选择考核方案和期间。",
                            status=400, content_type="text/plain; charset=utf-8")  # fmt: skip
    from openpyxl import Workbook  # noqa: PLC0415

    book = Workbook()
    sheet = book.active
    sheet.title = "考核得分"
    sheet.append(["名次", "单位", "指标得分", "扣分", "一票否决", "总分"])
    for r in result["rows"]:
        sheet.append([r["rank"], r["unit"].name, float(r["earned"]), float(r["deducted"]),
                      "；".join(r["vetoed"]), float(r["total"])])  # fmt: skip
    detail = book.create_sheet("得分明细")
    detail.append(["单位", "项目", "类别", "说明", "得失分"])
    for r in result["rows"]:
        for line in r["lines"]:
            detail.append([r["unit"].name, line["label"], line["kind"], line["note"], float(line["points"])])
    for ws in (sheet, detail):
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    filename = f"考核-{result['scheme'].name}-{result['from']}-{result['to']}.xlsx"
    audit_export(actor=request.user, kind="assessment", filename=filename, params=dict(request.GET.items()))
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
def meeting_list(request):
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        petition_ids, missing = selectors.petitions_by_number(request.user, data["numbers"])
        if missing:
            form.add_error("numbers", f"找不到案件：{'、'.join(missing)}")
        else:
            tasks = []
            if data["task"]:
                tasks = [
                    {
                        "description": data["task"],
                        "owner": data["task_owner"],
                        "deadline": data["task_deadline"],
                    }
                ]
            try:
                meeting = services.meeting_record(
                    unit=data["unit"], actor=request.user, title=data["title"], held_on=data["held_on"],
                    place=data["place"], decisions=data["decisions"], attendees=list(data["attendees"]),
                    petition_ids=petition_ids, tasks=tasks,
                )  # fmt: skip
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "会商研判已记录。")
                return redirect("circulars:meeting", pk=meeting.pk)
    page = Paginator(selectors.visible_meetings(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "circulars/meetings.html", {"page": page, "form": form})


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.get_visible_meeting(request.user, pk)
    return render(request, "circulars/meeting.html", {
        "m": meeting, "petitions": selectors.meeting_petitions(request.user, meeting),
        "tasks": meeting.tasks.select_related("owner"), "attendees": meeting.attendees.order_by("username"),
    })  # fmt: skip


@login_required
def my_tasks(request):
    tasks = selectors.my_meeting_tasks(request.user, open_only=request.GET.get("all") != "1")
    return render(request, "circulars/my_tasks.html", {"tasks": tasks,
                                                        "form": ResultForm()})  # fmt: skip


@login_required
@require_POST
def task_complete(request, pk: int):
    task = selectors.get_my_task(request.user, pk)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_task_complete(task=task, actor=request.user, result=form.cleaned_data["result"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "会商任务已完成。")
    else:
        messages.error(request, "请填写完成情况。")
    return redirect("circulars:my_tasks")


# ------------------------------------------------------------------------------------------------ return visits


def filtered_return_visits(user, query):
    """The committee's return visits and the filter form bound to ``query`` (invalid filters: none applied)."""
    visits = selectors.committee_return_visits(user)
    form = ReturnVisitFilterForm(query or None, visits=visits)
    if query and form.is_valid():
        data = form.cleaned_data
        visits = selectors.filter_return_visits(visits, verdict=data["verdict"], handling_unit=data["handling_unit"],
                                                date_from=data["date_from"], date_to=data["date_to"])  # fmt: skip
    return form, visits


@login_required
def return_visits(request):
    """两查一访一满意: the committee's return visits (filters, pages) and the form to sample more."""
    units = services.issuing_units(request.user)
    if not units:
        raise Http404
    form = ReturnVisitSampleForm(request.POST or None, units=units, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visits = services.return_visit_sample(committee=data["committee"], actor=request.user, share=data["share"],
                                                  date_from=data["date_from"], date_to=data["date_to"],
                                                  campaign=data["campaign"])  # fmt: skip
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            if visits:
                messages.success(request, _("已抽取%(n)s件报结案件待回访。") % {"n": len(visits)})
            else:
                messages.info(request, _("该期间没有可抽查的报结案件。"))
            return redirect("circulars:return_visits")
    filters, visits = filtered_return_visits(request.user, request.GET.copy())
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(visits.order_by("-sampled_at", "-id"), 30).get_page(request.GET.get("page"))
    status = 400 if form.errors else 200
    return render(request, "circulars/return_visits.html", {"page": page, "form": form, "filters": filters,
                                                            "query": query.urlencode()}, status=status)  # fmt: skip


@login_required
def return_visit_detail(request, pk: int):
    """One return visit; the form records its verdict once."""
    visit = selectors.get_committee_return_visit(request.user, pk)
    form = ReturnVisitRecordForm(request.POST or None)
    if request.method == "POST":
        if visit.verdict:
            form.add_error(None, _("该案件的回访结论已经记录。"))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.return_visit_record(visit=visit, actor=request.user, verdict=data["verdict"],
                                             visited_on=data["visited_on"], note=data["note"])  # fmt: skip
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("回访结论已记录。"))
                return redirect("circulars:return_visits")
    status = 400 if form.errors else 200
    return render(request, "circulars/return_visit.html", {"v": visit, "form": form}, status=status)
