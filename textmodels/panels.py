"""The petition page's panel: the model's suggestions with one-click confirm or change, and what was decided."""

from organisations.selectors import staff_context
from petitions.services import REGISTER_ROLES
from textmodels import selectors
from textmodels.services import AWAITING_SCREENING


def suggestions_panel(request, petition):
    model = selectors.current_model()
    if model is None:
        return None
    suggestions = selectors.suggestions_for(petition, model)
    awaiting = petition.state in AWAITING_SCREENING
    # 诉访分离 is decided by screening: once screened, its suggestion is no longer offered
    suggestions = [s for s in suggestions if s.kind != "is_legal" or awaiting or s.decision is not None]
    if not suggestions:
        return None
    return {
        "model": model,
        "suggestions": suggestions,
        "can_confirm": bool(staff_context(request.user).roles & set(REGISTER_ROLES)),
    }
