"""Hostile workbooks are refused with a clear message before they cost memory or time: zip bombs, far cell
references, too many parts, strings or characters. Every file is made here, in memory, and is small."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.urls import reverse

from ledger import workbooks
from ledger.columns import HEADERS
from ledger.models import ImportStatus, LedgerImport
from ledger.validation import ledger_validate
from ledger.workbooks import SheetReader, WorkbookRefused

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MB = 1024 * 1024


def workbook(
    sheet_rows: str = "", *, strings: bytes | None = None, strings_repeat: int = 0, extra=0
) -> bytes:
    """A minimal workbook. ``strings`` repeated ``strings_repeat`` times is streamed into the shared strings
    (a bomb is built without ever holding its unpacked content)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        header = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADERS)
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{header}</row>{sheet_rows}</sheetData></worksheet>',
        )
        if strings is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
                out.write(f'<sst xmlns="{MAIN}">'.encode())
                for _ in range(strings_repeat):
                    out.write(strings)
                out.write(b"</sst>")
        for i in range(extra):
            z.writestr(f"docProps/extra{i}.xml", b"")
    return buffer.getvalue()


def measured(content: bytes):
    """Read every row; return (exception or None, peak of Python allocations in bytes)."""
    tracemalloc.start()
    try:
        reader = SheetReader(io.BytesIO(content))
        for _ in reader.rows():
            pass
        error = None
    except WorkbookRefused as exc:
        error = exc
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return error, peak


def test_shared_strings_bomb_is_refused_before_it_is_unpacked():
    """~160 MB of shared strings packed into a few hundred KB (the attack measured at ~850 MB of memory)."""
    block = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    content = workbook(strings=block * 1000, strings_repeat=160)
    assert len(content) < 1 * MB
    error, peak = measured(content)
    assert error is not None and "sharedStrings" in error.message
    assert peak < 5 * MB, peak


def test_bomb_under_the_size_limit_is_refused_by_its_ratio():
    block = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    content = workbook(strings=block * 1000, strings_repeat=20)  # 20 MB from ~20 KB
    error, peak = measured(content)
    assert error is not None and "压缩比异常" in error.message
    assert peak < 5 * MB, peak


def test_bytes_actually_unpacked_are_counted(monkeypatch):
    """What a part's header says is not trusted alone: the reader counts what it unpacks."""
    monkeypatch.setattr(workbooks, "MAX_SHARED_STRINGS_BYTES", 100_000)
    monkeypatch.setattr(SheetReader, "_check_size", lambda self, name, limit: None)
    content = workbook(strings=b"<si><t>abc</t></si>" * 1000, strings_repeat=10)
    error, peak = measured(content)
    assert error is not None and "超过" in error.message
    assert peak < 2 * MB


def test_too_many_shared_strings_or_characters(monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_SHARED_STRINGS", 100)
    error, _ = measured(workbook(strings=b"<si><t>x</t></si>", strings_repeat=101))
    assert error is not None and "共享文本过多" in error.message
    monkeypatch.setattr(workbooks, "MAX_SHARED_STRINGS", 1_000_000)
    monkeypatch.setattr(workbooks, "MAX_SHARED_CHARS", 1000)
    error, _ = measured(workbook(strings=b"<si><t>" + b"x" * 100 + b"</t></si>", strings_repeat=11))
    assert error is not None and "共享文本过多" in error.message


def test_one_huge_shared_string_is_refused():
    error, peak = measured(workbook(strings=b"<si><t>" + b"x" * 40_000 + b"</t></si>", strings_repeat=1))
    assert error is not None and "32,767" in error.message


def test_far_column_is_refused_at_once_in_bounded_time_and_memory():
    """A few KB of cells at column ZZZZZ cost seconds of CPU and gigabytes when padded to their column."""
    rows = "".join(
        f'<row r="{r}"><c r="ZZZZ{r}"><v>1</v></c><c r="XFD{r}"><v>1</v></c></row>' for r in range(2, 200)
    )
    content = workbook(rows)
    assert len(content) < 10_000
    started = time.process_time()
    error, peak = measured(content)
    assert error is not None and "超出台账模板的列范围" in error.message and "ZZZZ2" in error.message
    assert peak < 1 * MB, peak
    assert time.process_time() - started < 1


def test_column_61_with_a_value_is_refused_but_empty_formatted_cells_there_are_ignored():
    refused, _ = measured(workbook('<row r="2"><c r="BI2"><v>1</v></c></row>'))  # BI = column 61
    assert refused is not None and "BI2" in refused.message
    error, _ = measured(workbook('<row r="2"><c r="A2"><v>1</v></c><c r="XFD2" s="1"/></row>'))
    assert error is None
    reader = SheetReader(io.BytesIO(workbook('<row r="2"><c r="A2"><v>1</v></c><c r="XFD2" s="1"/></row>')))
    assert list(reader.rows())[1] == (1,)


def test_far_row_is_refused_without_padding_and_empty_far_rows_are_ignored():
    error, peak = measured(workbook('<row r="900000000"><c r="A900000000"><v>1</v></c></row>'))
    assert error is not None and "200,000 行" in error.message
    assert peak < 1 * MB, peak
    error, peak = measured(
        workbook('<row r="1048576" ht="20" customHeight="1"><c r="A1048576" s="2"/></row>')
    )
    assert error is None and peak < 1 * MB


def test_one_huge_inline_cell_is_refused_while_it_is_read():
    text = "长" * 300_000
    error, peak = measured(workbook(f'<row r="2"><c r="A2" t="inlineStr"><is><t>{text}</t></is></c></row>'))
    assert error is not None and "A2" in error.message and "32,767" in error.message


def test_too_many_parts_are_refused_before_the_archive_is_indexed(monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_MEMBERS", 20)
    error, _ = measured(workbook(extra=30))
    assert error is not None and "部件过多" in error.message


@pytest.mark.django_db
def test_the_report_says_why_in_chinese_and_nothing_is_imported(importer):
    block = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    report = ledger_validate(
        actor=importer,
        source=io.BytesIO(workbook(strings=block * 1000, strings_repeat=20)),
        file_name="炸弹.xlsx",
    )
    assert report.fatal and len(report.errors) == 1
    assert "压缩比异常" in report.errors[0].message and "压缩炸弹" in report.errors[0].message


@pytest.mark.django_db
def test_upload_of_a_bomb_shows_the_reason(client, importer):
    client.force_login(importer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    block = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    upload = SimpleUploadedFile("炸弹.xlsx", workbook(strings=block * 1000, strings_repeat=20))
    response = client.post(reverse("ledger:import"), {"file": upload})
    page = client.get(response["Location"]).content.decode()
    assert "压缩比异常" in page
    assert LedgerImport.objects.get().status == ImportStatus.INVALID


def test_no_plaintext_temporary_file_stays_when_writing_fails(tmp_path, monkeypatch):
    """openpyxl writes write-only sheets through a named temporary file; a failure mid-export must not leave it
    (with the rows' personal data in clear) on disk."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def rows():
        yield [("王建国", "620602198503150017")], "错误"
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        workbooks.write_rejected(["姓名"], ((list(v[0]), r) for v, r in rows()), io.BytesIO())
    assert list(tmp_path.iterdir()) == []

    def export_rows():
        yield ["620602198503150017"]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        workbooks.write_export(export_rows(), io.BytesIO())
    assert list(tmp_path.iterdir()) == []
    workbooks.write_export(iter([["620602198503150017"]]), io.BytesIO())
    assert list(tmp_path.iterdir()) == []
