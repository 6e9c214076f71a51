"""The petition page's panel: likely earlier petitions of the same person or matter, with one-click linking."""

from organisations.selectors import staff_context
from petitions.services import REGISTER_ROLES
from search.forms import SplitForm
from search.models import MatterLink
from search.selectors import duplicate_candidates, petition_intake_data


def duplicates_panel(request, petition):
    ctx = staff_context(request.user)
    can_link = bool(ctx.roles & set(REGISTER_ROLES))
    candidates = duplicate_candidates(
        user=request.user, data=petition_intake_data(petition), exclude=[petition.pk]
    )
    candidates = [c for c in candidates if c.elsewhere or c.petition.registered_at <= petition.registered_at]
    links = list(MatterLink.objects.filter(source=petition).select_related("target")) + list(
        MatterLink.objects.filter(target=petition).select_related("source")
    )
    if not candidates and not links and not can_link:
        return None
    return {
        "candidates": candidates,
        "links": links,
        "can_link": can_link,
        "split_form": SplitForm(),
    }
