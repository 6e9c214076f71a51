"""Quality review pages: thin — parse the form, call a service, render; every record through the one scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidInput, NotVisible, PermissionDenied
from petitions.scope import get_visible_petition
from quality import forms, selectors, services
from quality.filtersets import AccountabilityFilterSet, ReviewFilterSet
from quality.models import LookbackCheck, ReviewedCase

PAGE_SIZE = 25


def run(request, form, call, success: str):
    """Call the service with the form's data; its refusals become the form's errors. True when it succeeded."""
    if not form.is_valid():
        return False
    try:
        call()
    except NotVisible:
        raise Http404 from None
    except InvalidInput as exc:
        for key, errors in exc.errors.items():
            for error in errors:
                form.add_error(key if key in form.fields else None, error)
        return False
    except PermissionDenied as exc:
        raise HttpForbidden(exc.message) from None
    except DomainError as exc:
        form.add_error(None, exc.message)
        return False
    messages.success(request, success)
    return True


def _require_reviewer(request):
    if not selectors.can_review(request.user):
        raise HttpForbidden(_("只有评查员、督办员、部门负责人或领导可以进行案件评查和责任追究。"))


def _form_page(request, template, context, status=None):
    return render(request, template, context, status=status or (400 if request.method == "POST" else 200))


@login_required
def review_list(request):
    base = selectors.review_list(request.user)
    filterset = ReviewFilterSet(request.GET, queryset=base)
    qs = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "quality/review_list.html", {"filter": filterset, "page": page, "query": query.urlencode()}
    )


@login_required
def review_create(request, pk):
    petition = get_visible_petition(request.user, pk)
    _require_reviewer(request)
    form = forms.ReviewForm(
        request.POST if request.method == "POST" else None, user=request.user, petition=petition
    )
    if request.method == "POST":
        box = {}

        def call():
            box["review"] = services.review_open(
                actor=request.user, petition=petition, **form.service_kwargs()
            )

        if run(request, form, call, _("已启动案件评查。")):
            return redirect("quality:review_detail", pk=box["review"].pk)
    return _form_page(
        request, "quality/form.html", {"petition": petition, "form": form, "title": _("启动案件评查")}
    )


@login_required
def lookback_create(request, pk):
    petition = get_visible_petition(request.user, pk)
    _require_reviewer(request)
    form = forms.LookbackForm(
        request.POST if request.method == "POST" else None, user=request.user, petition=petition
    )
    if request.method == "POST":
        box = {}

        def call():
            box["review"] = services.lookback_open(
                actor=request.user, petition=petition, **form.service_kwargs()
            )

        if run(request, form, call, _("已启动逢访必查。")):
            return redirect("quality:review_detail", pk=box["review"].pk)
    return _form_page(
        request, "quality/form.html", {"petition": petition, "form": form, "title": _("逢访必查")}
    )


@login_required
def review_detail(request, pk):
    review = selectors.get_visible_review(request.user, pk)
    context = {
        "review": review,
        "petition": review.petition,
        "cases": review.cases.prefetch_related("findings").select_related("unit", "graded_by"),
        "checks": review.checks.select_related("unit"),
        "tasks": review.tasks.select_related("owner_unit", "owner", "case"),
        "records": review.accountabilities.select_related("officer", "unit", "case"),
        "can_review": selectors.can_review(request.user),
        "is_open": review.status == "open",
    }
    return render(request, "quality/review_detail.html", context)


@login_required
def case_grade(request, pk):
    case = get_object_or_404(ReviewedCase.objects.select_related("review"), pk=pk,
                             review__in=selectors.review_list(request.user))  # fmt: skip
    _require_reviewer(request)
    initial = {"grade": case.grade, "conclusion": case.conclusion}
    for finding in case.findings.all():
        initial[f"finding_{finding.aspect}"] = finding.text
        initial[f"problem_{finding.aspect}"] = finding.has_problem
    form = forms.GradeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and run(
        request,
        form,
        lambda: services.review_grade_case(actor=request.user, case=case, **form.service_kwargs()),
        _("已评定等次。"),
    ):
        return redirect("quality:review_detail", pk=case.review_id)
    return _form_page(request, "quality/grade.html", {"case": case, "review": case.review, "form": form})


@login_required
def task_create(request, pk):
    review = selectors.get_visible_review(request.user, pk)
    _require_reviewer(request)
    form = forms.TaskForm(
        request.POST if request.method == "POST" else None, user=request.user, review=review
    )
    if request.method == "POST" and run(
        request,
        form,
        lambda: services.review_add_task(actor=request.user, review=review, **form.service_kwargs()),
        _("已下达整改任务。"),
    ):
        return redirect("quality:review_detail", pk=review.pk)
    return _form_page(request, "quality/form.html", {"review": review, "petition": review.petition, "form": form,
                                                     "title": _("下达整改任务")})  # fmt: skip


@login_required
def task_complete(request, pk):
    task = selectors.get_visible_task(request.user, pk)
    form = forms.TaskCompleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and run(
        request,
        form,
        lambda: services.task_complete(actor=request.user, task=task, note=form.cleaned_data["note"]),
        _("已报告整改完成。"),
    ):
        return redirect("quality:my_tasks")
    return _form_page(request, "quality/form.html", {"task": task, "petition": task.review.petition, "form": form,
                                                     "title": _("报告整改完成")})  # fmt: skip


@login_required
def my_tasks(request):
    page = Paginator(selectors.my_open_tasks(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quality/my_tasks.html", {"page": page})


@login_required
def review_conclude(request, pk):
    review = selectors.get_visible_review(request.user, pk)
    _require_reviewer(request)
    form = forms.ConcludeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and run(
        request, form,
        lambda: services.review_conclude(actor=request.user, review=review, conclusion=form.cleaned_data["conclusion"]),
        _("评查已结束。"),
    ):  # fmt: skip
        return redirect("quality:review_detail", pk=review.pk)
    return _form_page(request, "quality/form.html", {"review": review, "petition": review.petition, "form": form,
                                                     "title": _("结束评查")})  # fmt: skip


@login_required
def lookback_check(request, pk):
    check = get_object_or_404(LookbackCheck.objects.select_related("review", "unit"), pk=pk,
                              review__in=selectors.review_list(request.user))  # fmt: skip
    _require_reviewer(request)
    form = forms.CheckForm(request.POST if request.method == "POST" else None, initial={
        "facts_clear": check.facts_clear, "responsibility_clear": check.responsibility_clear,
        "problem_clear": check.problem_clear, "note": check.note})  # fmt: skip
    if request.method == "POST" and run(
        request,
        form,
        lambda: services.lookback_check(actor=request.user, check=check, **form.cleaned_data),
        _("已登记倒查情况。"),
    ):
        return redirect("quality:review_detail", pk=check.review_id)
    return _form_page(request, "quality/form.html", {"review": check.review, "petition": check.review.petition,
                                                     "form": form, "title": check.get_level_display() + " · " + check.unit.name})  # fmt: skip


@login_required
def accountability_create(request, pk):
    review = selectors.get_visible_review(request.user, pk)
    _require_reviewer(request)
    form = forms.AccountabilityForm(request.POST if request.method == "POST" else None, review=review)
    if request.method == "POST" and run(
        request, form,
        lambda: services.accountability_record(actor=request.user, review=review, **form.service_kwargs()),
        _("已登记责任追究。"),
    ):  # fmt: skip
        return redirect("quality:review_detail", pk=review.pk)
    return _form_page(request, "quality/form.html", {"review": review, "petition": review.petition, "form": form,
                                                     "title": _("责任追究")})  # fmt: skip


@login_required
def accountability_list(request):
    base = selectors.accountability_list(request.user)
    filterset = AccountabilityFilterSet(request.GET, queryset=base)
    qs = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "quality/accountability_list.html",
                  {"filter": filterset, "page": page, "query": query.urlencode()})  # fmt: skip


@login_required
def accountability_detail(request, pk):
    record = selectors.get_visible_accountability(request.user, pk)
    return render(
        request, "quality/accountability_detail.html", {"record": record, "petition": record.petition}
    )
