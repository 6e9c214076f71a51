"""Ledger workbooks: reading an uploaded ledger (a streaming reader of the sheet XML), and writing the export
(openpyxl write-only, to a temporary file that is streamed), the empty template with its instructions, and
the rejected rows of an import with their reasons."""

import datetime as dt
import os
import posixpath
import xml.etree.ElementTree as ET  # noqa: N817
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from core.text import for_document
from ledger.columns import BOOL, COLUMNS, DATE, DATETIME, ENUM, ERROR_HEADER, NO, YES, Column

SHEET = "台账"
SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",  # transitional (what Excel and WPS save)
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # strict
)
# the built-in 年月日 number formats of Chinese, Japanese and Korean Excel
CJK_DATE_FORMAT_IDS = frozenset(range(27, 37)) | frozenset(range(50, 59))
# Limits on an uploaded workbook, checked before anything is allocated for it (zip bombs, far cell references).
# A 200,000-row ledger of the template's 41 columns stays well inside every one of them.
MAX_PART_BYTES = 1024 * 1024 * 1024  # unpacked size of the worksheet
MAX_SMALL_PART_BYTES = 16 * 1024 * 1024  # unpacked size of workbook, relationships and styles
MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024  # unpacked size of the shared strings
MAX_SHARED_STRINGS = 1_000_000  # distinct strings
MAX_SHARED_CHARS = 50_000_000  # characters of all shared strings together
MAX_TOTAL_BYTES = 1536 * 1024 * 1024  # unpacked size of every part of the file together
MAX_RATIO = 200  # unpacked / packed size of a part larger than RATIO_FLOOR
RATIO_FLOOR = 4 * 1024 * 1024
MAX_MEMBERS = 10_000  # parts in the archive (each costs memory before any check could run)
MAX_COLUMNS = 60  # the template has 41 columns; a value in a later column is refused
MAX_ROW_NUMBER = 200_001  # the header and 200,000 data rows; a value in a later row is refused
MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of one cell
TEXT_FORMAT = "@"
WIDTHS = {DATETIME: 20, DATE: 12}
WIDE = {"title": 36, "demands": 40, "facts": 40, "names": 14, "id_number": 21, "number": 21, "flags": 18}
TEMPLATE_ROWS = 2000  # rows of the empty template that carry drop-down lists and text format


def _width(column: Column) -> int:
    return WIDE.get(column.key) or WIDTHS.get(column.kind) or max(10, len(column.header) * 2 + 2)


def _header_cells(ws, headers: Sequence[str]) -> list[WriteOnlyCell]:
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font, cell.fill = bold, fill
        cells.append(cell)
    return cells


@contextmanager
def _no_plaintext_left(wb: Workbook) -> Iterator[None]:
    """openpyxl's write-only sheets go through a named temporary file (rows with personal data, in clear) that
    it removes only after a successful save, or when the process exits. Remove it whatever happens."""
    try:
        yield
    except BaseException:
        for ws in wb._sheets:  # noqa: SLF001  finish the half-written sheets so their files are closed
            if not getattr(ws, "closed", True):
                with suppress(Exception):  # the original error is the one to report
                    ws.close()
        raise
    finally:
        for ws in wb._sheets:  # noqa: SLF001
            path = getattr(getattr(ws, "_writer", None), "out", None)
            if isinstance(path, str) and os.path.exists(path):
                os.remove(path)


def write_export(rows: Iterable[list[Any]], handle: IO[bytes]) -> int:
    """Write the ledger in write-only mode (rows go to a temporary file as they come); returns the row count.
    Datetimes and dates need no explicit cell: openpyxl gives them the yyyy-mm-dd (h:mm:ss) formats."""
    wb = Workbook(write_only=True)
    with _no_plaintext_left(wb):
        return _write_export(wb, rows, handle)


def _write_export(wb: Workbook, rows: Iterable[list[Any]], handle: IO[bytes]) -> int:
    ws = wb.create_sheet(SHEET)
    for index, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _width(column)
    ws.freeze_panes = "B2"
    ws.append(_header_cells(ws, [c.header for c in COLUMNS]))
    count = 0
    for row in rows:
        ws.append([for_document(value) for value in row])  # stored text never fails the export
        count += 1
    wb.save(handle)
    return count


def _dropdown(column: Column) -> list[str]:
    """The values of a drop-down list in the template (single-valued enumerations only)."""
    if column.kind == BOOL:
        return [YES, NO]
    if column.kind == ENUM:
        return column.import_labels()
    return []


def write_template(handle: IO[bytes]) -> None:
    """The empty template: the header row, drop-down lists for enumerated columns, text format for codes and
    identity numbers, and a second sheet explaining every column."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[letter].width = _width(column)
        if column.kind not in (DATETIME, DATE):
            for row in range(2, TEMPLATE_ROWS + 2):
                ws.cell(row=row, column=index).number_format = TEXT_FORMAT
        allowed = _dropdown(column)
        if allowed:
            validation = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
            validation.error = f"请从下拉列表中选择{column.header}。"
            validation.showErrorMessage = True
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    ws.freeze_panes = "B2"

    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "格式", "可选值", "说明"])
    for cell in notes[1]:
        cell.font = bold
    for column in COLUMNS:
        required = "必填" if column.required else ("可省略整列" if column.optional_header else "可空")
        notes.append([column.header, required, column.format_text, column.values_text, column.help])
    for letter, width in zip("ABCDE", (14, 12, 30, 50, 80), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(handle)


def write_rejected(
    headers: Sequence[str], rows: Iterable[tuple[Sequence[Any], str]], handle: IO[bytes]
) -> int:
    """The rejected rows with their original cells and a 错误原因 column, to correct and upload again."""
    wb = Workbook(write_only=True)
    with _no_plaintext_left(wb):
        return _write_rejected(wb, headers, rows, handle)


def _write_rejected(
    wb: Workbook, headers: Sequence[str], rows: Iterable[tuple[Sequence[Any], str]], handle: IO[bytes]
) -> int:
    ws = wb.create_sheet(SHEET)
    kept = [i for i, h in enumerate(headers) if h != ERROR_HEADER]
    ws.append(_header_cells(ws, [headers[i] for i in kept] + [ERROR_HEADER]))
    count = 0
    for values, reason in rows:
        cells = [for_document(values[i]) if i < len(values) else None for i in kept]
        reason_cell = WriteOnlyCell(ws, value=for_document(reason))
        reason_cell.font = Font(color="C00000")
        ws.append([*cells, reason_cell])
        count += 1
    wb.save(handle)
    return count


# ------------------------------------------------------------------------------------------------ reading


class WorkbookRefused(ValueError):
    """An uploaded workbook over one of the limits above; ``message`` says which, in Chinese, for the report."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def _member_count(source) -> int | None:
    """The number of parts from the end-of-archive record, read before ``ZipFile`` builds one object per part."""
    try:
        record = zipfile._EndRecData(source)  # noqa: SLF001  stable since Python 2; no public equivalent
    except (OSError, ValueError):
        return None
    return record[zipfile._ECD_ENTRIES_TOTAL] if record else None  # noqa: SLF001


class SheetReader:
    """The cell values of one worksheet of an .xlsx file, row by row (row *n* of Excel is the *n*-th tuple,
    empty rows included), as openpyxl's ``values_only`` iteration gives them: strings, numbers, booleans,
    and datetimes for numbers in a date format.

    openpyxl's read-only reader spends about a millisecond of Python per 40-cell row (measured: 100,000 rows
    would take two minutes just to read); this one parses the sheet with expat and does the least possible per
    cell, four to five times faster, which keeps 100,000-row ledgers within the import's time budget. The
    small parts (workbook, relationships, styles, shared strings) are read with ElementTree. Uploaded files
    are untrusted: a part with a document type declaration (the vehicle of entity-expansion attacks) or
    larger than ``MAX_PART_BYTES`` unpacked is refused; any malformed content raises, and the caller reports
    the file as unreadable.
    """

    def __init__(self, source: str | Path | IO[bytes], prefer: str = SHEET):
        if hasattr(source, "seek"):
            count = _member_count(source)
            source.seek(0)
        else:
            with open(source, "rb") as handle:
                count = _member_count(handle)
        if count is not None and count > MAX_MEMBERS:
            raise WorkbookRefused(f"文件包含的部件过多（{count:,}个），不是正常的台账文件。")
        self.archive = zipfile.ZipFile(source)
        infos = self.archive.infolist()
        total = sum(info.file_size for info in infos)
        if len(infos) > MAX_MEMBERS or total > MAX_TOTAL_BYTES:
            raise WorkbookRefused(
                f"文件解压后过大（{_mb(total)}，上限 {_mb(MAX_TOTAL_BYTES)}），可能是压缩炸弹，请检查文件。"
            )
        workbook = self._xml("xl/workbook.xml")
        sheets = [(el.get("name"), _relationship_id(el)) for el in workbook.iterfind(".//{*}sheet")]
        if not sheets:
            raise ValueError("workbook without worksheets")
        self.epoch = WINDOWS_EPOCH
        for props in workbook.iterfind(".//{*}workbookPr"):
            if props.get("date1904") in ("1", "true"):
                self.epoch = MAC_EPOCH
        rels = self._xml("xl/_rels/workbook.xml.rels")
        targets = {el.get("Id"): el.get("Target") for el in rels.iterfind(".//{*}Relationship")}
        self.sheet_name, rid = next((s for s in sheets if s[0] == prefer), sheets[0])
        target = targets[rid]
        self.sheet_path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        self._check_size(self.sheet_path, MAX_PART_BYTES)
        names = set(self.archive.namelist())
        self.strings = self._shared_strings() if "xl/sharedStrings.xml" in names else []
        self.date_styles = self._date_styles() if "xl/styles.xml" in names else frozenset()

    def close(self) -> None:
        self.archive.close()

    def _check_size(self, name: str, limit: int) -> None:
        """Refuse a part by what the archive says of it: unpacked size and compression ratio."""
        info = self.archive.getinfo(name)
        if info.file_size > limit:
            raise WorkbookRefused(
                f"文件中的“{name}”解压后过大（{_mb(info.file_size)}，上限 {_mb(limit)}），请检查文件或分批导入。"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WorkbookRefused(
                f"文件中的“{name}”压缩比异常（{info.file_size // max(info.compress_size, 1):,}倍），"
                "可能是压缩炸弹，已拒绝读取。"
            )

    def _read(self, name: str, limit: int) -> Iterator[bytes]:
        """A part's bytes in 64 KB pieces, counting what is actually unpacked (the sizes in an archive's
        directory are written by whoever made the file) and stopping at ``limit``."""
        self._check_size(name, limit)
        read = 0
        with self.archive.open(name) as handle:
            while piece := handle.read(1 << 16):
                read += len(piece)
                if read > limit:
                    raise WorkbookRefused(f"文件中的“{name}”解压后超过 {_mb(limit)}，请检查文件或分批导入。")
                yield piece

    def _xml(self, name: str) -> ET.Element:
        data = b"".join(self._read(name, MAX_SMALL_PART_BYTES))
        if b"<!DOCTYPE" in data:
            raise ValueError(f"{name} declares a document type")
        return ET.fromstring(data)  # noqa: S314  no DTD (refused above): no entities to expand or fetch

    def _shared_strings(self) -> list[str]:
        """The shared strings, parsed as a stream: a string item's text is its <t>, or its rich-text runs'
        <t>; phonetic guides (<rPh>) are left out. Count, length and total size are limited as they come."""
        strings: list[str] = []
        parts: list[str] = []
        state = {"rph": 0, "collect": False, "chars": 0}

        def start(name: str, attrs: dict) -> None:
            name = name.rpartition(":")[2]
            if name == "si":
                del parts[:]
            elif name == "rPh":
                state["rph"] += 1
            elif name == "t" and not state["rph"]:
                state["collect"] = True

        def end(name: str) -> None:
            name = name.rpartition(":")[2]
            if name == "si":
                text = "".join(parts)
                if len(text) > MAX_CELL_CHARS:
                    raise WorkbookRefused(
                        f"文件中有超过 {MAX_CELL_CHARS:,} 字的文本，超出 Excel 单元格的上限。"
                    )
                state["chars"] += len(text)
                if len(strings) >= MAX_SHARED_STRINGS or state["chars"] > MAX_SHARED_CHARS:
                    raise WorkbookRefused(
                        f"文件中的共享文本过多（上限 {MAX_SHARED_STRINGS:,} 条、共 {MAX_SHARED_CHARS:,} 字），"
                        "请检查文件或分批导入。"
                    )
                strings.append(text)
            elif name == "rPh":
                state["rph"] -= 1
            elif name == "t":
                state["collect"] = False

        def data(text: str) -> None:
            if state["collect"]:
                parts.append(text)

        def refuse_doctype(*args: Any) -> None:
            raise ValueError("the shared strings declare a document type")

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = refuse_doctype
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = data
        tail = b""
        for piece in self._read("xl/sharedStrings.xml", MAX_SHARED_STRINGS_BYTES):
            if b"<!DOCTYPE" in tail + piece[:16] or b"<!DOCTYPE" in piece:
                raise ValueError("the shared strings declare a document type")
            tail = piece[-16:]
            parser.Parse(piece, False)
            if len(parts) > 4 and sum(map(len, parts)) > MAX_CELL_CHARS:
                raise WorkbookRefused(f"文件中有超过 {MAX_CELL_CHARS:,} 字的文本，超出 Excel 单元格的上限。")
        parser.Parse(b"", True)
        return strings

    def _date_styles(self) -> frozenset[int]:
        styles = self._xml("xl/styles.xml")
        custom = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iterfind(".//{*}numFmt")}
        dates = set()
        for cell_xfs in styles.iterfind(".//{*}cellXfs"):
            for index, xf in enumerate(x for x in cell_xfs if _local(x.tag) == "xf"):
                fmt = int(xf.get("numFmtId") or 0)
                code = custom.get(fmt) or BUILTIN_FORMATS.get(fmt)
                if fmt in CJK_DATE_FORMAT_IDS or is_date_format(code):
                    dates.add(str(index))
        return frozenset(dates)

    def rows(self) -> Iterator[tuple]:
        """Parse the sheet with expat in 64 KB chunks. The handlers are the only Python run per element: a
        cell costs four calls, its text is collected by ``list.append`` directly."""
        strings, dates, epoch = self.strings, self.date_styles, self.epoch
        done: list[tuple] = []
        values: list[Any] = []
        text: list[str] = []
        cell: list[Any] = [None, None, None, None]  # reference, type, style, inline string parts
        # this row's r attribute, the row number expected next, whether this row is beyond MAX_ROW_NUMBER
        row_number: list[Any] = [None, 1, False]
        columns: dict[str, int] = {}

        def column_of(ref: str) -> int:
            letters = ref.rstrip("0123456789")
            if len(letters) > 3:  # beyond XFD, Excel's last column: no need to compute how far
                return MAX_COLUMNS + 1
            index = columns.get(letters)
            if index is None:
                index = 0
                for char in letters:
                    index = index * 26 + (ord(char.upper()) - 64)
                index = columns[letters] = index - 1
            return index

        def start(name: str, attrs: dict) -> None:
            if name == "v" or name == "t":
                del text[:]
            elif name == "c":
                cell[0], cell[1], cell[2], cell[3] = attrs.get("r"), attrs.get("t"), attrs.get("s"), None
                del text[:]
            elif name == "row":
                del values[:]
                row_number[0] = attrs.get("r")
                number = int(row_number[0]) if row_number[0] else row_number[1]
                row_number[2] = number > MAX_ROW_NUMBER
            elif name == "is":
                cell[3] = []
            elif ":" in name:  # a prefixed element (<x:c>): the same, by its local name
                start(name.rpartition(":")[2], attrs)

        def end(name: str) -> None:
            if name == "c":
                ref, kind, style, inline = cell
                column = column_of(ref) if ref is not None else len(values)
                if column >= MAX_COLUMNS or row_number[2]:
                    if not text and not inline:  # an empty (formatted) cell out there is harmless
                        return
                    if column >= MAX_COLUMNS:
                        raise WorkbookRefused(
                            f"单元格 {_show_ref(ref)} 超出台账模板的列范围（最多 {MAX_COLUMNS} 列），"
                            "请删除模板以外的列后重新上传。"
                        )
                    raise WorkbookRefused(
                        f"数据超过 {MAX_ROW_NUMBER - 1:,} 行（单元格 {_show_ref(ref)}），请分成多个文件导入。"
                    )
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                if kind == "s":
                    value: Any = strings[int("".join(text))]
                elif kind == "inlineStr":
                    value = "".join(inline) if inline else ""
                else:
                    raw = "".join(text)
                    if not raw:
                        value = None
                    elif kind == "str" or kind == "e":
                        value = raw
                    elif kind == "b":
                        value = raw == "1"
                    elif kind == "d":
                        value = dt.datetime.fromisoformat(raw)
                    else:
                        value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                        if style in dates:
                            value = from_excel(value, epoch)
                values.append(value)
            elif name == "t":
                if cell[3] is not None:
                    cell[3].append("".join(text))
            elif name == "row":
                if row_number[2]:  # an empty row beyond the limit (a row height, a format): nothing to keep
                    return
                number = int(row_number[0]) if row_number[0] else row_number[1]
                while row_number[1] < number:  # rows Excel left out are empty rows
                    done.append(())
                    row_number[1] += 1
                done.append(tuple(values))
                row_number[1] = number + 1
            elif ":" in name:
                end(name.rpartition(":")[2])

        def refuse_doctype(*args: Any) -> None:
            raise ValueError("the worksheet declares a document type")

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = refuse_doctype
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text.append
        for chunk in self._read(self.sheet_path, MAX_PART_BYTES):
            parser.Parse(chunk, False)
            if (len(text) > 4 and sum(map(len, text)) > MAX_CELL_CHARS) or (
                cell[3] and sum(map(len, cell[3])) > MAX_CELL_CHARS
            ):
                raise WorkbookRefused(
                    f"单元格 {_show_ref(cell[0])} 的文本超过 {MAX_CELL_CHARS:,} 字（Excel 的上限）。"
                )
            yield from done
            del done[:]
        parser.Parse(b"", True)
        yield from done


def _show_ref(ref: str | None) -> str:
    return (ref or "?")[:12] + ("…" if ref and len(ref) > 12 else "")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _relationship_id(element) -> str:
    return next(value for key, value in element.attrib.items() if key.endswith("}id"))


def _column_index(ref: str) -> int:
    """0-based column of a cell reference such as "AB12"."""
    index = 0
    for char in ref:
        if char.isdigit():
            break
        index = index * 26 + (ord(char.upper()) - 64)
    return index - 1
