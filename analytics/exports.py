"""Tables as xlsx workbooks (openpyxl): one sheet per table, numbers stored as numbers."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from analytics.tables import Table, cell_kind, plain
from analytics.templatetags.analytics_tags import format_figure
from core.text import for_document

HEADER_FILL = PatternFill("solid", fgColor="F7F8FA")
NUMBER_FORMATS = {
    "count": "#,##0",
    "rate": '0.0"%"',
    "share": '0.0"%"',
    "days": "0.0",
    "rank": "0",
    "amount": "#,##0.00",
}
INVALID_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def _sheet_title(title: str, used: set[str]) -> str:
    base = for_document(title).translate(INVALID_TITLE)[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}_{n}", n + 1
    used.add(name)
    return name


def workbook(tables: Iterable[Table], *, title: str, filter_lines: list[tuple[str, str]]) -> bytes:
    """A workbook with a cover sheet (title, filter, time of computing) and one sheet per table."""
    book = Workbook()
    cover = book.active
    cover.title = _("说明")
    cover.append([for_document(title)])
    cover["A1"].font = Font(bold=True, size=14)
    for label, value in filter_lines:
        cover.append([for_document(label), for_document(value)])
    cover.append([_("生成时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    cover.append(
        [_("口径"), _("各项指标的定义见 docs/statistics.md 及页面提示；比率按四舍五入保留一位小数。")]
    )
    cover.column_dimensions["A"].width = 16
    cover.column_dimensions["B"].width = 60
    used = {cover.title}
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        sheet.append([for_document(c.label) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            values = []
            for column in table.columns:
                kind = cell_kind(column, row)
                value = row.get(column.key)
                if kind in ("change", "points", "stage"):
                    values.append(format_figure(value, kind))
                else:
                    values.append(plain(value) if value is not None else None)
            sheet.append([for_document(v) for v in values])  # stored text (unit names …) never fails
            for column, cell in zip(table.columns, sheet[sheet.max_row], strict=True):
                number_format = NUMBER_FORMATS.get(cell_kind(column, row))
                if number_format and isinstance(cell.value, int | float):
                    cell.number_format = number_format
        if table.note:
            sheet.append([])
            sheet.append([for_document(table.note)])
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 40 if column.key == "definition" else 16
        sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
