"""Database outages: every page answers 503 "服务暂时不可用，请稍后重试", the API a structured 503, never a trace.

The answer is rendered from a static template, without the database, the session or the user. The middleware
sits outermost. Errors raised by a view reach ``process_exception``; errors raised elsewhere (the session or
authentication middleware, a lazily loaded user, saving the session) become Django's 500 response before
they reach this middleware, so ``got_request_exception`` marks the request and the 500 is replaced here.
"""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DB_DOWN_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 15
_MARK = "_xinfang_database_unavailable"


def is_database_down(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, DB_DOWN_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable_response(request) -> HttpResponse:
    message = _("服务暂时不可用，请稍后重试")
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": {"code": "service_unavailable", "message": message, "fields": {}}}, status=503
        )
    else:
        response = HttpResponse(loader.get_template("core/unavailable.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark_request(sender, request=None, **kwargs):
    if request is not None and is_database_down(sys.exc_info()[1]):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark_request, dispatch_uid="xinfang_database_unavailable")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DB_DOWN_ERRORS:
            logger.warning("database unavailable while answering %s", request.path, exc_info=True)
            return unavailable_response(request)
        if getattr(request, _MARK, False):
            logger.warning("database unavailable while answering %s", request.path)
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if is_database_down(exception):
            setattr(request, _MARK, True)
            return unavailable_response(request)
        return None
