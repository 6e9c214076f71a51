"""API of hot topics: the clusters of a run and one cluster, inside the caller's scope (same selectors as the
pages). ``GET /api/v1/topics/clusters/?run=&order=size|growth&page=`` and ``/api/v1/topics/clusters/<id>/``."""

from django.core.paginator import Paginator
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import InvalidInput
from topics import selectors
from topics.api.serializers import ClusterQuerySerializer, ClusterSerializer, RunSerializer
from topics.models import ClusterRun

PAGE_SIZE = 50


def _require(user) -> None:
    if not selectors.can_view_topics(user):
        raise Http404


def _run_dict(run: ClusterRun | None) -> dict | None:
    if run is None:
        return None
    return RunSerializer(run).data


class ClusterListView(APIView):
    @extend_schema(
        operation_id="topics_clusters_list",
        parameters=[
            OpenApiParameter("run", int, description="聚类运行编号，默认最近一次"),
            OpenApiParameter("order", str, enum=["size", "growth"]),
            OpenApiParameter("page", int),
        ],
        responses=inline_serializer(
            "ClusterPage",
            {
                "run": RunSerializer(allow_null=True),
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "pages": serializers.IntegerField(),
                "results": ClusterSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        _require(request.user)
        query = ClusterQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        run = selectors.latest_run()
        if "run" in query.validated_data:
            run = ClusterRun.objects.filter(pk=query.validated_data["run"], finished_at__isnull=False).first()
            if run is None:
                raise InvalidInput(
                    {"run": ["该聚类运行不存在或已过期。"]}, message="该聚类运行不存在或已过期。"
                )
        rows = selectors.ranking(request.user, run, query.validated_data["order"])
        paginator = Paginator(rows, PAGE_SIZE)
        page = paginator.get_page(request.query_params.get("page"))
        views = selectors.decorate(request.user, page.object_list, visible=rows.visible)
        return Response(
            {
                "run": _run_dict(run),
                "count": paginator.count,
                "page": page.number,
                "pages": paginator.num_pages,
                "results": [v.as_dict() for v in views],
            }
        )


class ClusterDetailView(APIView):
    @extend_schema(operation_id="topics_clusters_retrieve", responses=ClusterSerializer)
    def get(self, request, pk):
        _require(request.user)
        view = selectors.get_visible_cluster(request.user, pk)
        return Response({**view.as_dict(), "run_info": _run_dict(view.cluster.run)})
