from django.db.models import QuerySet
from django.http import Http404

from mediation.models import Mediation
from petitions.scope import visible_petitions


def mediation_list(user) -> QuerySet:
    return Mediation.objects.filter(petition__in=visible_petitions(user).values("pk")).select_related(
        "petition", "unit"
    )


def get_visible_mediation(user, pk) -> Mediation:
    try:
        return mediation_list(user).get(pk=pk)
    except (Mediation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
