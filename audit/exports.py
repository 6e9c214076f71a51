"""The audit log as an xlsx workbook (streamed, write-only; every stored text is made safe for a cell)."""

from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from audit.models import AuditEntry


def _text(value) -> str:
    """Stored text may hold control characters (a user agent, a name tried at login): drop them, and keep a
    leading ``=``/``+``/``-``/``@`` from being read as a formula by the spreadsheet."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value if value is not None else ""))
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def headers() -> list[str]:
    return [
        _("序号"),
        _("时间"),
        _("行为"),
        _("账户名"),
        _("姓名"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("详情"),
        _("客户端地址"),
        _("客户端"),
        _("哈希"),
    ]


def row(entry: AuditEntry) -> list:
    import json

    return [
        entry.seq,
        _text(timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")),
        _text(entry.get_act_display()),
        _text(entry.actor_name),
        _text(entry.actor.full_name if entry.actor_id else ""),
        _text(entry.object_type),
        _text(entry.object_id),
        _text(entry.object_repr),
        _text(json.dumps(entry.details, ensure_ascii=False, sort_keys=True)),
        _text(entry.address or ""),
        _text(entry.user_agent),
        entry.hash,
    ]


def write_workbook(entries: Iterable[AuditEntry], handle: IO[bytes]) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("安全审计日志"))
    sheet.append(headers())
    count = 0
    for entry in entries:
        sheet.append(row(entry))
        count += 1
    book.save(handle)
    return count
