"""Staff pages of textmodels: confirming a suggestion (from the petition page) and the model's overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, NotVisible
from organisations.selectors import staff_context
from petitions.scope import get_visible_petition
from textmodels import labels, selectors, services
from textmodels.forms import ConfirmForm
from textmodels.models import Kind


@login_required
@require_POST
def confirm(request, pk):
    petition = get_visible_petition(request.user, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("petitions:detail", pk=petition.pk)
    try:
        decision = services.suggestion_confirm(actor=request.user, petition=petition, **form.service_kwargs())
    except NotVisible:
        raise Http404 from None
    except DomainError as exc:
        errors = getattr(exc, "errors", None) or {}
        for text in [e for errs in errors.values() for e in errs] or [exc.message]:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("已确认%(kind)s：%(value)s。")
            % {"kind": Kind(decision.kind).label, "value": labels.label_of(decision.kind, decision.chosen)},
        )
    return redirect("petitions:detail", pk=petition.pk)


@login_required
def overview(request):
    """The current model (version, when, on what, its cross-validated figures) and the running acceptance rate
    of each kind of suggestion over the petitions the user may see."""
    if not staff_context(request.user).roles:
        raise Http404
    model = selectors.current_model()
    kinds = []
    if model is not None:
        for kind in Kind.values:
            info = model.metrics.get(kind, {})
            kinds.append(
                {
                    "label": Kind(kind).label,
                    "info": info,
                    "labels": [(labels.label_of(kind, v), n) for v, n in info.get("labels", {}).items()],
                    "cv": info.get("cv"),
                }
            )
    return render(
        request,
        "textmodels/overview.html",
        {"model": model, "kinds": kinds, "rates": selectors.acceptance_rates(request.user)},
    )
