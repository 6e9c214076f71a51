"""Ledger pages: export (台账导出), the empty template, and the import's upload → report → confirm steps.

Thin views: they parse input and call ``ledger.selectors`` / ``ledger.services``; the rules live there.
"""

import io
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import audit_download, audit_export, params_of
from core.downloads import file_response
from core.errors import DomainError, InvalidInput
from ledger import selectors, services, validation
from ledger.columns import COLUMNS
from ledger.forms import ConfirmForm, UploadForm
from ledger.models import ImportMode
from ledger.workbooks import write_export, write_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def export_xlsx(request):
    """The petitions of the user's scope with the petition list's filters, one row each (masked ID, phone)."""
    try:
        petitions = selectors.ledger_petitions(request.user, request.GET)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect(reverse("petitions:list") + "?" + request.GET.urlencode())
    handle = tempfile.TemporaryFile()  # noqa: SIM115  closed by FileResponse once streamed
    rows = write_export(selectors.ledger_rows(petitions), handle)
    handle.seek(0)
    name = _("信访事项台账") + f"-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    audit_export(actor=request.user, kind="ledger", filename=name, params=params_of(request.GET), rows=rows)
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)


@login_required
@require_GET
def template_xlsx(request):
    buffer = io.BytesIO()
    write_template(buffer)
    buffer.seek(0)
    name = _("台账模板") + ".xlsx"
    audit_export(actor=request.user, kind="ledger.template", filename=name)
    return FileResponse(buffer, as_attachment=True, filename=name, content_type=XLSX)


def _require_import_role(user) -> None:
    if not validation.import_units(user):
        raise Http404


@login_required
def import_upload(request):
    _require_import_role(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.import_upload(actor=request.user, upload=form.cleaned_data["file"])
        except InvalidInput as exc:
            for errors in exc.errors.values():
                for error in errors:
                    form.add_error("file", error)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("ledger:report", token=record.token)
    return render(
        request,
        "ledger/import.html",
        {"form": form, "recent": selectors.recent_imports(request.user), "columns": COLUMNS},
        status=400 if form.errors else 200,
    )


@login_required
def import_report(request, token):
    record = selectors.import_for_user(request.user, token)
    errors = [{"row": row, "column": column, "message": message} for row, column, message in record.errors]
    return render(
        request,
        "ledger/report.html",
        {
            "record": record,
            "errors": errors,
            "more_errors": max(record.error_count - len(errors), 0),
            "all_form": ConfirmForm(initial={"mode": ImportMode.ALL}),
            "valid_form": ConfirmForm(initial={"mode": ImportMode.VALID_ONLY}),
        },
    )


@login_required
@require_POST
def import_confirm(request, token):
    record = selectors.import_for_user(request.user, token)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("ledger:report", token=token)
    try:
        services.import_confirm(actor=request.user, record=record, only_valid=form.only_valid)
    except DomainError as exc:
        record.refresh_from_db()
        if record.message != exc.message:  # the report page shows the import's own outcome already
            messages.error(request, exc.message)
    return redirect("ledger:report", token=token)


@login_required
@require_GET
def import_errors(request, token):
    record = selectors.import_for_user(request.user, token)
    if not record.error_file:
        raise Http404
    name = f"{Path(record.file_name).stem}-" + _("错误行") + ".xlsx"
    try:
        response = file_response(request, record.error_file, filename=name, content_type=XLSX)
    except FileNotFoundError:
        raise Http404 from None
    audit_download(actor=request.user, obj=record, filename=name, details={"kind": "ledger.import_errors"})
    return response
