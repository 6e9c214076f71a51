"""The streaming sheet reader gives what openpyxl gives, for the XML that Excel, WPS and openpyxl write."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from ledger.workbooks import SheetReader

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def handmade(
    sheet: str, *, strings: str = "", styles: str = "", date1904: bool = False, extra_sheet: bool = False
) -> bytes:
    """A minimal workbook as a spreadsheet program would write it; ``sheet`` is the worksheet's inner XML."""
    sheets = '<sheet name="说明" sheetId="2" r:id="rId2"/>' if extra_sheet else ""
    props = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">{props}'
            f'<sheets>{sheets}<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/worksheets/sheet2.xml", f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>')
        if strings:
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{strings}</sst>')
        if styles:
            z.writestr("xl/styles.xml", f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
    return buffer.getvalue()


def rows_of(content: bytes) -> list[tuple]:
    reader = SheetReader(io.BytesIO(content))
    try:
        return list(reader.rows())
    finally:
        reader.close()


def test_the_same_values_as_openpyxl_for_a_workbook_saved_by_openpyxl():
    for write_only in (False, True):  # shared strings, and inline strings (as the export writes)
        wb = Workbook(write_only=write_only)
        ws = wb.create_sheet("台账") if write_only else wb.active
        if not write_only:
            ws.title = "台账"
        ws.append(["登记编号", "登记时间", "人数", "积案", "事实与理由", None, "金额"])
        ws.append(
            [
                "620602-2025-000001",
                dt.datetime(2025, 3, 1, 9, 30, 15),
                3,
                True,
                "A & B <原审>\n第二行",
                None,
                1.5,
            ]
        )
        ws.append([])
        ws.append([None, dt.date(2025, 5, 6), None, False, "  前后空格  ", "x", -2])
        buffer = io.BytesIO()
        wb.save(buffer)
        expected = list(load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).worksheets[0].values)
        got = rows_of(buffer.getvalue())
        assert [tuple(r) + (None,) * (7 - len(r)) for r in got] == [
            tuple(r) + (None,) * (7 - len(r)) for r in expected
        ], write_only


def test_shared_rich_and_inline_strings_numbers_booleans_formulas_errors():
    strings = (
        "<si><t>来访</t></si>"
        '<si><r><t>王</t></r><r><rPr><b/></rPr><t xml:space="preserve">建国 </t></r><rPh sb="0" eb="1"><t>おう</t></rPh></si>'
        "<si><t>A &amp; B</t></si>"
    )
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
        '<c r="D1" t="inlineStr"><is><t>行内&lt;文本&gt;</t></is></c><c r="E1" t="b"><v>1</v></c>'
        '<c r="F1"><v>42</v></c><c r="G1"><v>6.2060219850315002E+17</v></c><c r="H1" t="str"><f>A1</f><v>公式</v></c>'
        '<c r="I1" t="e"><v>#N/A</v></c><c r="K1"/></row></sheetData></worksheet>'
    )
    assert rows_of(handmade(sheet, strings=strings)) == [
        (
            "来访",
            "王建国 ",
            "A & B",
            "行内<文本>",
            True,
            42,
            6.2060219850315002e17,
            "公式",
            "#N/A",
            None,
            None,
        )
    ]


def test_dates_by_builtin_chinese_and_custom_formats_and_the_1904_calendar():
    styles = (
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd hh:mm"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="31"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
    )
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        '<c r="A1" s="1"><v>45717</v></c><c r="B1" s="2"><v>45717</v></c><c r="C1" s="3"><v>45717.5</v></c>'
        '<c r="D1" s="0"><v>45717</v></c><c r="E1" t="d"><v>2025-03-01T09:30:00</v></c></row></sheetData></worksheet>'
    )
    day = dt.datetime(2025, 3, 1)
    assert rows_of(handmade(sheet, styles=styles)) == [
        (day, day, day.replace(hour=12), 45717, day.replace(hour=9, minute=30))
    ]
    shifted = rows_of(handmade(sheet, styles=styles, date1904=True))[0][0]
    assert shifted == day + dt.timedelta(days=1462)


def test_left_out_rows_and_cell_references_prefixes_and_the_preferred_sheet():
    sheet = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>'
        '<x:row r="1"><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row>'
        '<x:row r="4"><x:c r="C4"><x:v>3</x:v></x:c></x:row><x:row><x:c r="A5"><x:v>5</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    assert rows_of(handmade(sheet, extra_sheet=True)) == [("a", 2), (), (), (None, None, 3), (5,)]


def test_a_document_type_declaration_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c>'
        "</row></sheetData></worksheet>"
    )
    with pytest.raises(ValueError, match="document type"):
        rows_of(handmade(bomb))
    with pytest.raises(ValueError, match="document type"):
        rows_of(handmade(f'<worksheet xmlns="{MAIN}"/>', strings="<!DOCTYPE x []><si><t>a</t></si>"))


def test_rich_text_written_by_openpyxl():
    wb = Workbook()
    wb.active.append([CellRichText(["普通", TextBlock(InlineFont(b=True), "加粗")])])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert rows_of(buffer.getvalue()) == [("普通加粗",)]
