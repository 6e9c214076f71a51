"""API of textmodels: a petition's suggestions, confirming one, and the acceptance rates (same services, same
scope: the petition is fetched with ``get_visible_petition``, outside scope is 404)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from organisations.selectors import staff_context
from petitions.scope import get_visible_petition
from textmodels import selectors, services
from textmodels.api.serializers import ConfirmSerializer, ModelSerializer, SuggestionDecisionSerializer


def _model(model) -> dict | None:
    return None if model is None else ModelSerializer(model).data


class SuggestionsView(APIView):
    """The current model's suggestion of each kind for a petition, with the decision recorded on it."""

    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        petition = get_visible_petition(request.user, pk)
        model = selectors.current_model()
        suggestions = selectors.suggestions_for(petition, model) if model else []
        return Response({"model": _model(model), "suggestions": [s.as_dict() for s in suggestions]})


class ConfirmView(APIView):
    @extend_schema(request=ConfirmSerializer, responses=SuggestionDecisionSerializer)
    def post(self, request, pk):
        petition = get_visible_petition(request.user, pk)
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.suggestion_confirm(actor=request.user, petition=petition, **data.validated_data)
        return Response(SuggestionDecisionSerializer(decision).data, status=201)


class RatesView(APIView):
    """The running acceptance rate of each kind of suggestion, over the petitions the caller may see."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        if not staff_context(request.user).roles:
            raise Http404
        return Response(
            {
                "model": _model(selectors.current_model()),
                "rates": [r.as_dict() for r in selectors.acceptance_rates(request.user)],
            }
        )
