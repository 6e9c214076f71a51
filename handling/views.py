"""Lifecycle pages: one generic view renders and submits the form of whichever action is allowed now."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from core.errors import DomainError, InvalidInput
from handling import forms, panels, selectors, services, worklists
from handling.lifecycle import ACTIONS, refusal
from petitions.pagination import CappedPaginator
from petitions.panels import decorate_rows
from petitions.scope import get_visible_petition

ACTION_VIEWS = {
    "screen_online": (forms.ScreenOnlineForm, services.petition_screen_online),
    "accept": (forms.AcceptForm, services.petition_accept),
    "transfer_out": (forms.TransferOutForm, services.petition_transfer_out),
    "decline": (forms.DeclineForm, services.petition_decline),
    "divert": (forms.DivertForm, services.petition_divert),
    "record_diversion_outcome": (forms.DiversionOutcomeForm, services.petition_record_diversion_outcome),
    "assign": (forms.AssignForm, services.petition_assign),
    "receive": (forms.ReceiveForm, services.petition_receive),
    "return": (forms.ReturnForm, services.petition_return),
    "handle": (forms.WorkForm, services.petition_record_work),
    "request_extension": (forms.ExtensionRequestForm, services.petition_request_extension),
    "decide_extension": (forms.ExtensionDecisionForm, services.petition_decide_extension),
    "draft_reply": (forms.DraftReplyForm, services.petition_draft_reply),
    "decide_reply": (forms.ReplyDecisionForm, services.petition_decide_reply),
    "record_delivery": (forms.DeliveryForm, services.petition_record_delivery),
    "follow_up": (forms.FollowUpForm, services.petition_follow_up),
    "close": (forms.CloseForm, services.petition_close),
    "request_review": (forms.ReviewRequestForm, partial(services.petition_request_review, level=1)),
    "request_rereview": (forms.ReviewRequestForm, partial(services.petition_request_review, level=2)),
    "waive_review": (forms.ReviewWaiverForm, services.petition_waive_review),
    "record_hearing": (forms.HearingForm, services.petition_record_hearing),
    "propose_termination": (forms.ProposeTerminationForm, services.petition_propose_termination),
    "review_termination": (forms.TerminationDecisionForm, services.petition_review_termination),
    "sign_termination": (forms.TerminationDecisionForm, services.petition_sign_termination),
    "approve_termination": (forms.TerminationDecisionForm, services.petition_approve_termination),
    "archive": (forms.ArchiveForm, services.petition_archive),
}
assert set(ACTION_VIEWS) == set(ACTIONS), set(ACTIONS) ^ set(ACTION_VIEWS)


@login_required
def petition_action(request, pk, action):
    if action not in ACTION_VIEWS:
        raise Http404
    petition = get_visible_petition(request.user, pk)
    form_class, service = ACTION_VIEWS[action]
    spec = ACTIONS[action]
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, user=request.user, petition=petition)
        if form.is_valid():
            try:
                service(
                    actor=request.user,
                    petition=petition,
                    version=form.cleaned_data["version"],
                    **form.service_kwargs(),
                )
            except InvalidInput as exc:
                for key, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(key if key in form.fields else None, error)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已完成：%(action)s。") % {"action": spec.label})
                return redirect("petitions:detail", pk=petition.pk)
        status = 400
    else:
        blocked = refusal(request.user, petition, action)
        if blocked:
            messages.error(request, blocked)
            if request.htmx:  # reload the whole page (with the message), not the page inside the panel
                return HttpResponseClientRedirect(reverse("petitions:detail", args=[petition.pk]))
            return redirect("petitions:detail", pk=petition.pk)
        form = form_class(user=request.user, petition=petition)
        status = 200
    template = "handling/_action_form.html" if request.htmx else "handling/action.html"
    context = {"petition": petition, "form": form, "action": spec, **_subject(petition, action)}
    return render(request, template, context, status=status)


def _subject(petition, action) -> dict:
    """What an approval decides on, shown above its form: the request, the draft reply, the termination file."""
    if action == "decide_extension":
        return {"extension": selectors.pending_extension(petition)}
    if action == "decide_reply":
        return {"reply": selectors.draft_reply(petition)}
    if action in ("review_termination", "sign_termination", "approve_termination"):
        return {"termination": selectors.open_termination(petition)}
    return {}


@login_required
def worklist(request, name):
    if name not in worklists.WORKLISTS:
        raise Http404
    spec = worklists.WORKLISTS[name]
    page = CappedPaginator(worklists.worklist_queryset(request.user, name), 25).get_page(
        request.GET.get("page")
    )
    page.object_list = decorate_rows(page.object_list)
    now = timezone.now()
    for petition in page.object_list:
        petition.due_label = panels.due_label(petition)
        petition.overdue = petition.due_at is not None and petition.due_at < now
    return render(request, "handling/worklist.html", {"spec": spec, "name": name, "page": page})
