"""Where a request came from: client address and user agent, for the audit log.

The address is ``REMOTE_ADDR``, or, behind a reverse proxy, the header named by ``XINFANG_CLIENT_ADDRESS_HEADER``
(e.g. ``HTTP_X_REAL_IP`` or ``HTTP_X_FORWARDED_FOR``; of a list, the last entry — the one the trusted proxy
added). ``AuditClientMiddleware`` keeps the current request's client in a context variable so that a service
deep below a view records the right address without every signature carrying it.
"""

import ipaddress
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Client:
    address: str | None = None
    user_agent: str = ""


_current: ContextVar[Client | None] = ContextVar("audit_client", default=None)


def _valid_ip(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_of(request) -> Client:
    if request is None:
        return Client()
    meta = request.META
    address = None
    header = getattr(settings, "XINFANG_CLIENT_ADDRESS_HEADER", "")
    if header and meta.get(header):
        address = _valid_ip(meta[header].split(",")[-1])
    if address is None:
        address = _valid_ip(meta.get("REMOTE_ADDR"))
    agent = meta.get("HTTP_USER_AGENT", "")
    agent = "".join(ch for ch in agent if ch.isprintable())[:300]
    return Client(address=address, user_agent=agent)


def current_client() -> Client:
    return _current.get() or Client()


class AuditClientMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(client_of(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
