"""The administrator's audit log page and its export. Anyone but a system administrator gets 404."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit import selectors, services
from audit.exports import write_workbook
from core.errors import InvalidInput

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def audit_list(request):
    selectors.require_audit_admin(request.user)
    filterset = selectors.audit_filterset(request.user, request.GET)
    entries, next_before, error = [], None, ""
    if filterset.is_valid():
        try:
            entries, next_before = selectors.audit_page(filterset.qs, request.GET.get("before"))
        except InvalidInput as exc:
            error = exc.errors["before"][0]
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "audit/list.html",
        {
            "filter": filterset,
            "entries": entries,
            "next_before": next_before,
            "query": query.urlencode(),
            "is_first_page": not request.GET.get("before"),
            "error": error,
        },
        status=400 if (filterset.errors or error) else 200,
    )


@login_required
@require_GET
def audit_export(request):
    """The filtered entries (newest first, at most ``EXPORT_MAX_ROWS``) as xlsx; the export is itself audited."""
    selectors.require_audit_admin(request.user)
    filterset = selectors.audit_filterset(request.user, request.GET)
    if not filterset.is_valid():
        return render(
            request,
            "audit/list.html",
            {"filter": filterset, "entries": [], "query": "", "is_first_page": True, "error": ""},
            status=400,
        )
    handle = tempfile.TemporaryFile()  # noqa: SIM115  closed by FileResponse once streamed
    entries = filterset.qs[: selectors.EXPORT_MAX_ROWS].iterator(chunk_size=2000)
    rows = write_workbook(entries, handle)
    handle.seek(0)
    name = _("安全审计日志") + f"-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    services.audit_export(
        actor=request.user,
        kind="audit.auditentry",
        filename=name,
        params=services.params_of(request.GET),
        rows=rows,
    )
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)
