"""Structured request logging: one line per request, and every log line written while a request is served
carries the request's method, path and user (``LOGGING`` in settings; JSON in production).

Only the path is logged, never the query string or the body: search terms, identity numbers and phone numbers
travel in those and must not reach the logs.
"""

import logging
import time
from contextvars import ContextVar

_request: ContextVar[dict | None] = ContextVar("xinfang_request", default=None)
log = logging.getLogger("xinfang.request")


class RequestContextFilter(logging.Filter):
    """Adds the current request's fields to every record logged while it is served."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _request.get()
        if context:
            for key, value in context.items():
                if not hasattr(record, key):
                    setattr(record, key, value)
        return True


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        token = _request.set({"method": request.method, "path": request.path})
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            fields = {
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            }
            level = logging.ERROR if response.status_code >= 500 else logging.INFO
            log.log(level, "%s %s %s", request.method, request.path, response.status_code, extra=fields)
            return response
        finally:
            _request.reset(token)
