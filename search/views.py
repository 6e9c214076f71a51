"""Staff pages of search: the intake duplicate check (htmx partial), repeat linking, merge and split."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from organisations.selectors import staff_context
from petitions.scope import get_visible_petition
from petitions.services import REGISTER_ROLES
from search import services
from search.forms import LinkForm, SplitForm, intake_data
from search.selectors import duplicate_candidates


@login_required
@require_POST
def intake_duplicates(request):
    """The registration form asks, as the clerk types: which earlier petitions look like this one?"""
    if not staff_context(request.user).units_with(*REGISTER_ROLES):
        raise Http404
    candidates = duplicate_candidates(user=request.user, data=intake_data(request.POST))
    return render(request, "search/_candidates.html", {"candidates": candidates})


def _messages_of(request, exc: DomainError) -> None:
    errors = getattr(exc, "errors", None) or {}
    texts = [e for errs in errors.values() for e in errs] or [exc.message]
    for text in texts:
        messages.error(request, text)


@login_required
@require_POST
def link(request, pk, kind):
    petition = get_visible_petition(request.user, pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("参数错误。"))
        return redirect("petitions:detail", pk=petition.pk)
    target = get_visible_petition(request.user, form.cleaned_data["target"])
    try:
        if kind == "repeat":
            services.petition_link_repeat(
                actor=request.user, petition=petition, earlier=target, note=form.cleaned_data["note"]
            )
            messages.success(request, _("已关联为重信重访：%(number)s。") % {"number": target.number})
        else:
            services.petition_merge(
                actor=request.user, petition=petition, into=target, note=form.cleaned_data["note"]
            )
            messages.success(
                request, _("已合并至 %(number)s，两件事项的记录均已保留。") % {"number": target.number}
            )
    except DomainError as exc:
        _messages_of(request, exc)
    return redirect("petitions:detail", pk=petition.pk)


@login_required
def split(request, pk):
    petition = get_visible_petition(request.user, pk)
    if not staff_context(request.user).roles & set(REGISTER_ROLES):
        raise Http404
    form = SplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.petition_split(actor=request.user, petition=petition, **form.cleaned_data)
        except DomainError as exc:
            for key, errs in (getattr(exc, "errors", None) or {"__all__": [exc.message]}).items():
                for error in errs:
                    form.add_error(key if key in form.fields else None, error)
        else:
            messages.success(request, _("已拆分出新事项 %(number)s。") % {"number": new.number})
            return redirect("petitions:detail", pk=new.pk)
    status = 400 if form.errors else 200
    return render(request, "search/split.html", {"petition": petition, "form": form}, status=status)
