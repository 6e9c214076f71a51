"""The hearings and consultations section of the petition page."""

from hearings import selectors
from hearings.models import Consultation, Hearing


def petition_context(request, petition):
    hearings = list(Hearing.objects.filter(petition=petition).prefetch_related("participants"))
    consultations = list(Consultation.objects.filter(petition=petition).select_related("unit"))
    can_organise = selectors.can_organise(request.user)
    if not hearings and not consultations and not can_organise:
        return None
    return {"hearings": hearings, "consultations": consultations, "can_organise": can_organise}
