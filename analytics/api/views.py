"""GET /api/v1/statistics/: the dashboard's summary, breakdowns and unit ranking as JSON, in the caller's scope."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import selectors
from analytics.cache import cached
from analytics.forms import filter_from_params
from analytics.metrics import METRICS
from analytics.tables import plain, ranking_json
from core.errors import NotVisible
from organisations.selectors import staff_context

PARAMETERS = [
    OpenApiParameter(
        "from", OpenApiTypes.DATE, description="统计期间起（登记日期，北京时间，含当日）；默认今年1月1日"
    ),
    OpenApiParameter("to", OpenApiTypes.DATE, description="统计期间止（含当日）；默认今天。期间不得超过5年"),
    OpenApiParameter("unit", OpenApiTypes.STR, description="单位编码：登记或承办单位在该单位及其下级"),
    OpenApiParameter("region", OpenApiTypes.STR, description="问题发生地区划代码（6位，含下辖区划）"),
    OpenApiParameter(
        "system", OpenApiTypes.STR, description="责任系统：court/procuratorate/police/justice/committee/other"
    ),
    OpenApiParameter(
        "channel",
        OpenApiTypes.STR,
        description="信访渠道：visit/letter/online/phone/video/superior/leader/transfer",
    ),
    OpenApiParameter("category", OpenApiTypes.STR, description="问题类别"),
    OpenApiParameter("tag", OpenApiTypes.STR, description="专题标签（编号或名称）"),
    OpenApiParameter("metric", OpenApiTypes.STR, description="单位排名指标，默认 settled_rate"),
]

Figures = serializers.DictField(child=serializers.FloatField(allow_null=True), help_text="指标键 → 数值")
Comparison = inline_serializer(
    "StatisticsComparison",
    {
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        "values": Figures,
        "change": serializers.DictField(
            child=serializers.FloatField(allow_null=True), help_text="件数、用时为增减%，比率为增减百分点"
        ),
    },
)
RESPONSE = inline_serializer(
    "Statistics",
    {
        "filters": serializers.DictField(child=serializers.CharField()),
        "metrics": serializers.ListField(
            child=serializers.DictField(), help_text="各指标的键、名称、口径、单位"
        ),
        "period": serializers.DictField(child=serializers.DateField()),
        "values": Figures,
        "previous_year": Comparison,
        "previous_period": Comparison,
        "breakdowns": serializers.DictField(
            child=serializers.ListField(child=serializers.DictField()),
            help_text="month/region/city/registered_unit/handling_unit/system/channel/category/tag/settlement_form",
        ),
        "ranking": serializers.DictField(),
    },
)
ERROR = inline_serializer(
    "StatisticsError",
    {
        "error": inline_serializer(
            "StatisticsErrorBody",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(),
            },
        )
    },
)


class StatisticsView(APIView):
    """Statistics of the petitions within the caller's data scope (the same figures as the dashboard)."""

    @extend_schema(
        summary="统计分析",
        description="期间内登记的信访事项（调用人数据范围内）的各项指标、同比环比、分维度统计与单位排名。",
        parameters=PARAMETERS,
        responses={200: RESPONSE, 400: ERROR, 403: ERROR, 404: ERROR},
        tags=["statistics"],
    )
    def get(self, request):
        if not selectors.can_view_statistics(staff_context(request.user)):
            # as the dashboard: 404, the same answer as for anything outside the caller's scope
            raise NotVisible(_("您没有查看统计分析的权限。"))
        f, metric, _level = filter_from_params(request.query_params, user=request.user)
        data = cached(
            "report",
            request.user,
            f,
            {"metric": metric},
            lambda: selectors.report(request.user, f, ranking_metric=metric),
        )
        return Response(
            {
                "filters": f.params(),
                "metrics": [
                    {"key": m.key, "label": str(m.label), "definition": str(m.definition), "unit": m.unit}
                    for m in METRICS
                ],
                "computed_at": plain(data["computed_at"]),
                "period": plain(data["period"]),
                "values": plain(data["values"]),
                "previous_year": plain(data["previous_year"]),
                "previous_period": plain(data["previous_period"]),
                "breakdowns": plain(data["breakdowns"]),
                "ranking": ranking_json(data["ranking"]),
            }
        )
