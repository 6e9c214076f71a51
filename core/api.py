"""API error format: every refusal is structured as {"error": {"code", "message", "fields"}}."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError, InvalidInput


def exception_handler(exc, context):
    if isinstance(exc, InvalidInput):
        return Response(
            {"error": {"code": exc.code, "message": exc.message, "fields": exc.errors}},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DomainError):
        return Response(
            {"error": {"code": exc.code, "message": exc.message, "fields": {}}}, status=exc.status
        )
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return Response(
            {"error": {"code": "invalid", "message": "提交的内容有误。", "fields": fields}},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is not None:
        data = response.data
        if isinstance(data, dict) and "detail" in data and len(data) == 1:
            message, fields = str(data["detail"]), {}
        else:
            message, fields = "提交的内容有误。", data
        code = getattr(getattr(exc, "detail", None), "code", None) or getattr(exc, "default_code", "error")
        response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response
