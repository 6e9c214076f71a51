from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from audit import selectors
from audit.api.serializers import AuditEntrySerializer
from audit.models import Act


class AuditCursorPagination(CursorPagination):
    """Keyset pages by sequence number: no count over a table that only grows."""

    ordering = "-seq"
    page_size = selectors.PAGE_SIZE


@extend_schema(
    parameters=[
        OpenApiParameter("person", OpenApiTypes.STR, description="账户名或姓名"),
        OpenApiParameter("act", OpenApiTypes.STR, enum=Act.values),
        OpenApiParameter("date_from", OpenApiTypes.DATE),
        OpenApiParameter("date_to", OpenApiTypes.DATE),
        OpenApiParameter("object_type", OpenApiTypes.STR),
        OpenApiParameter("object_id", OpenApiTypes.STR),
    ]
)
class AuditEntryList(generics.ListAPIView):
    """The security audit log, for system administrators only (everyone else: 404). Same filters as the page."""

    serializer_class = AuditEntrySerializer
    permission_classes: list = []  # anonymous callers get the same 404 as everyone who is not an administrator
    pagination_class = AuditCursorPagination
    filter_backends: list = []

    def get_queryset(self):
        if not selectors.is_audit_admin(self.request.user):
            raise NotFound
        return selectors.audit_entries(self.request.user, self.request.query_params)
