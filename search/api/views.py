"""API of search: duplicate candidates at intake, repeat linking, merge and split (same services, same scope).
Full-text search itself is the ``q`` parameter of ``/api/v1/petitions/``."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from organisations.selectors import staff_context
from petitions.api.serializers import PetitionDetailSerializer
from petitions.scope import get_visible_petition
from petitions.services import REGISTER_ROLES
from search import services
from search.api.serializers import CandidateSerializer, IntakeSerializer, LinkSerializer, SplitSerializer
from search.selectors import duplicate_candidates


class DuplicateCandidatesView(APIView):
    """Earlier petitions likely of the same person or matter as the one being registered."""

    @extend_schema(request=IntakeSerializer, responses=CandidateSerializer(many=True))
    def post(self, request):
        if not staff_context(request.user).units_with(*REGISTER_ROLES):
            raise Http404
        data = IntakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        candidates = duplicate_candidates(user=request.user, data=data.validated_data)
        return Response([c.as_dict() for c in candidates])


class LinkView(APIView):
    kind = "repeat"

    @extend_schema(request=LinkSerializer, responses={200: dict})
    def post(self, request, pk):
        petition = get_visible_petition(request.user, pk)
        data = LinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = get_visible_petition(request.user, data.validated_data["target"])
        note = data.validated_data["note"]
        if self.kind == "repeat":
            link = services.petition_link_repeat(
                actor=request.user, petition=petition, earlier=target, note=note
            )
        else:
            link = services.petition_merge(actor=request.user, petition=petition, into=target, note=note)
        return Response({"kind": link.kind, "source": petition.number, "target": target.number})


class MergeView(LinkView):
    kind = "merge"


class SplitView(APIView):
    @extend_schema(request=SplitSerializer, responses=PetitionDetailSerializer)
    def post(self, request, pk):
        petition = get_visible_petition(request.user, pk)
        data = SplitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.petition_split(actor=request.user, petition=petition, **data.validated_data)
        return Response({"id": new.pk, "number": new.number, "query_code": new.query_code}, status=201)
