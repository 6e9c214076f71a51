"""The portal API: the same services and limits as the pages. Public endpoints take no session (no CSRF);
every petition-specific call carries the registration number and the query code."""

from django.core.cache import cache
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from core.errors import DomainError, InvalidInput, NotVisible
from portal import captcha, ratelimit, selectors, services
from portal.api.serializers import (
    CodeSerializer,
    EvaluationSerializer,
    ReviewRequestSerializer,
    SubmissionSerializer,
)
from portal.views import CAPTCHA_DONE, NOT_FOUND, RATE_LIMITED, captcha_required, lookup


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


public = [authentication_classes([]), permission_classes([AllowAny])]


def _public(fn):
    for decorator in reversed(public):
        fn = decorator(fn)
    return fn


@extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="新验证码（id 与 SVG 图像）")
@api_view(["GET"])
@_public
def captcha_new(request):
    challenge_id, svg = captcha.new_challenge()
    return Response({"id": challenge_id, "svg": svg})


@extend_schema(
    request=SubmissionSerializer,
    responses={201: OpenApiTypes.OBJECT, 200: OpenApiTypes.OBJECT},
    summary="网上提交信访事项",
)
@api_view(["POST"])
@_public
def submit(request):
    if not ratelimit.hit("submit", ratelimit.client_key(request)):
        raise RateLimited("提交过于频繁，请一小时后再试。")
    serializer = SubmissionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    d = dict(serializer.validated_data)
    token, attachments = d.pop("token"), d.pop("attachments")
    captcha_id, answer = d.pop("captcha_id"), d.pop("captcha_answer")
    if captcha_required() and not cache.get(CAPTCHA_DONE + token):
        if not captcha.check(captcha_id, answer):
            raise InvalidInput({"captcha_answer": ["验证码不正确或已过期，请重新获取。"]})
        cache.set(CAPTCHA_DONE + token, 1, 3600)
    petition, created = services.petition_submit_online(
        submission=services.OnlineSubmission(**d), attachments=attachments, token=token
    )
    return Response(
        {"number": petition.number, "query_code": petition.query_code, "state": petition.get_state_display(),
         "created": created},
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )  # fmt: skip


def _verified(request, data):
    petition, refused = lookup(request, data["number"], data["code"])
    if petition is None:
        if refused == str(RATE_LIMITED):
            raise RateLimited(refused)
        raise NotVisible(str(NOT_FOUND))
    return petition


@extend_schema(
    request=CodeSerializer, responses={200: OpenApiTypes.OBJECT}, summary="凭登记编号和查询码查询办理进度"
)
@api_view(["POST"])
@_public
def track(request):
    serializer = CodeSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    petition = _verified(request, serializer.validated_data)
    t = selectors.tracking(petition)
    return Response(
        {
            "number": t["number"],
            "title": t["title"],
            "state": t["state"],
            "submitted": t["submitted"],
            "due": {"label": str(t["due"]["label"]), "date": t["due"]["date"]} if t["due"] else None,
            "timeline": [{"at": e.at, "label": e.label} for e in t["timeline"]],
            "replies": [
                {"title": str(r.title), "document_number": r.document_number, "approved_at": r.approved_at,
                 "download": reverse("portal:reply") + f"?r={r.pk}"}
                for r in t["replies"]
            ],  # fmt: skip
            "can_evaluate": t["can_evaluate"],
            "review": {**t["review"], "kind": str(t["review"]["kind"]), "closed_reason": str(t["review"]["closed_reason"])}
            if t["review"]
            else None,
        }
    )  # fmt: skip


@extend_schema(request=EvaluationSerializer, responses={201: OpenApiTypes.OBJECT}, summary="评价答复")
@api_view(["POST"])
@_public
def evaluate(request):
    serializer = EvaluationSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    d = dict(serializer.validated_data)
    petition = _verified(request, d)
    evaluation = services.petition_evaluate_online(
        petition=petition,
        satisfaction_office=d["satisfaction_office"],
        satisfaction_unit=d["satisfaction_unit"],
        unsatisfied_reason=d["unsatisfied_reason"],
    )
    return Response({"at": evaluation.at}, status=status.HTTP_201_CREATED)


@extend_schema(
    request=ReviewRequestSerializer, responses={201: OpenApiTypes.OBJECT}, summary="申请复查或复核"
)
@api_view(["POST"])
@_public
def request_review(request):
    serializer = ReviewRequestSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    d = serializer.validated_data
    petition = _verified(request, d)
    review = services.petition_request_review_online(petition=petition, reason=d["reason"])
    return Response(
        {"level": review.level, "requested_on": review.requested_on}, status=status.HTTP_201_CREATED
    )


@extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="网上待审核事项（本单位可见范围）")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def screening(request):
    rows = list(selectors.screening_list(request.user)[:200])
    selectors.screening_checks(request.user, rows)
    return Response(
        [
            {"id": p.pk, "number": p.number, "title": p.title, "registered_at": p.registered_at,
             "problem_region": p.problem_region_id, "closed_matter": p.closed_matter_label,
             "repeat": p.repeat_label}
            for p in rows
        ]
    )  # fmt: skip
