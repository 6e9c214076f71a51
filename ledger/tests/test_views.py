"""The import through the web: upload → validation report (in Chinese) → explicit confirmation → import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import filecrypt
from ledger.models import ImportStatus, LedgerImport
from ledger.tests.conftest import closed_row, read_xlsx, xlsx
from petitions.models import Petition

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name: str = "凉州台账.xlsx"):
    return client.post(reverse("ledger:import"), {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def head_client(client, importer):
    client.force_login(importer)
    return client


def test_the_upload_page_is_for_import_roles_only(client, province):
    client.force_login(province.liangzhou_center_head)
    page = client.get(reverse("ledger:import")).content.decode()
    assert "台账导入" in page and "下载台账模板" in page and "上传并校验" in page
    assert 'href="/ledger/import/"' in client.get("/").content.decode()  # in the navigation
    client.force_login(province.liangzhou_handler)
    assert client.get(reverse("ledger:import")).status_code == 404
    assert 'href="/ledger/import/"' not in client.get("/").content.decode()


def test_upload_report_confirm(head_client, province):
    response = upload(head_client, xlsx([closed_row(province, "V-1"), closed_row(province, "V-2")]))
    record = LedgerImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "ledger:report", args=[record.token]
    )
    page = head_client.get(response["Location"]).content.decode()
    assert "台账校验报告" in page and "全部 2 行校验通过" in page and "确认导入" in page
    assert "办结 2" in page and not Petition.objects.exists()  # nothing is imported before the confirmation

    confirm = reverse("ledger:confirm", args=[record.token])
    response = head_client.post(confirm, {"mode": "all"}, follow=True)
    assert "已导入2件。" in response.content.decode()
    assert sorted(Petition.objects.values_list("number", flat=True)) == ["V-1", "V-2"]
    record.refresh_from_db()
    assert record.status == ImportStatus.IMPORTED and record.imported_count == 2 and record.mode == "all"

    again = head_client.post(confirm, {"mode": "all"}, follow=True).content.decode()
    assert "该文件当前状态为“已导入”，不能再次导入。" in again and Petition.objects.count() == 2


def test_a_report_with_errors_imports_nothing_unless_only_valid_rows_is_chosen(head_client, province):
    rows = [
        closed_row(province, "E-1"),
        closed_row(province, "E-2", 身份证号="620602198503150018"),
        closed_row(province, "E-3", 办结时间="2024-01-01"),
    ]
    response = upload(head_client, xlsx(rows), name="有错误的台账.xlsx")
    page = head_client.get(response["Location"]).content.decode()
    assert "有 2 行存在错误，未导入任何数据" in page
    assert "身份证号校验位不正确，请核对后重新输入。" in page
    assert "办结时间（2024-01-01 00:00）早于登记时间（2025-03-01 09:30）。" in page
    assert '<td class="mono">3</td>' in page and '<td class="mono">4</td>' in page
    assert "只导入有效行" in page and "确认导入" not in page
    record = LedgerImport.objects.get()
    confirm = reverse("ledger:confirm", args=[record.token])

    page = head_client.post(confirm, {"mode": "all"}, follow=True).content.decode()
    assert "台账中有2行存在错误（共2处），未导入任何数据。" in page and not Petition.objects.exists()
    page = head_client.post(confirm, {"mode": "valid_only"}, follow=True).content.decode()
    assert "只导入有效行时，请勾选确认。" in page and not Petition.objects.exists()

    page = head_client.post(
        confirm, {"mode": "valid_only", "acknowledge": "on"}, follow=True
    ).content.decode()
    assert "已导入1件，2行有错误未导入。" in page
    assert list(Petition.objects.values_list("number", flat=True)) == ["E-1"]
    response = head_client.get(reverse("ledger:errors", args=[record.token]))
    assert response.status_code == 200 and "filename*=utf-8''" in response["Content-Disposition"].lower()
    rejected = read_xlsx(b"".join(response.streaming_content))
    assert [r["登记编号"] for r in rejected] == ["E-2", "E-3"]
    assert rejected[0]["错误原因"] == "（原第3行）身份证号：身份证号校验位不正确，请核对后重新输入。"


def test_a_corrupt_file_gets_a_clear_report(head_client):
    response = upload(head_client, b"PK\x03\x04 definitely not a workbook")
    page = head_client.get(response["Location"]).content.decode()
    assert "文件无法导入，未导入任何数据。" in page
    assert "文件无法读取：不是有效的 Excel（.xlsx）文件或文件已损坏。" in page
    assert "确认导入" not in page and "只导入有效行" not in page
    record = LedgerImport.objects.get()
    assert record.status == ImportStatus.INVALID
    response = head_client.post(reverse("ledger:confirm", args=[record.token]), {"mode": "all"}, follow=True)
    assert "不能再次导入" in response.content.decode() and not Petition.objects.exists()


def test_only_xlsx_files_are_accepted(head_client):
    response = upload(head_client, b"a,b,c\n", name="台账.csv")
    assert response.status_code == 400
    assert "请上传 .xlsx 格式的 Excel 文件；旧版 .xls 文件请先另存为 .xlsx。" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_an_import_belongs_to_its_uploader(client, head_client, province):
    upload(head_client, xlsx([closed_row(province)]))
    token = LedgerImport.objects.get().token
    client.force_login(province.sysadmin)  # may import, but this upload is not theirs
    assert client.get(reverse("ledger:report", args=[token])).status_code == 404
    assert client.post(reverse("ledger:confirm", args=[token]), {"mode": "all"}).status_code == 404
    assert client.get(reverse("ledger:errors", args=[token])).status_code == 404
    assert not Petition.objects.exists()


def test_the_uploaded_file_is_kept_encrypted_under_media_root(head_client, province, settings):
    upload(head_client, xlsx([closed_row(province)]))
    record = LedgerImport.objects.get()
    assert record.file.name.startswith("ledger-imports/")
    assert record.token not in record.file.name and "台账" not in record.file.name
    raw = (settings.MEDIA_ROOT / record.file.name).read_bytes()
    assert raw.startswith(filecrypt.MAGIC) and b"PK\x03\x04" not in raw
    assert len(record.token) >= 40


def test_error_workbook_is_encrypted_and_served_decrypted(head_client, province, settings):
    bad = closed_row(province, "E-9")
    bad["身份证号"] = "620602198503150018"
    upload(head_client, xlsx([bad]))
    record = LedgerImport.objects.get()
    assert record.error_file
    raw = (settings.MEDIA_ROOT / record.error_file.name).read_bytes()
    assert raw.startswith(filecrypt.MAGIC) and b"620602198503150018" not in raw
    response = head_client.get(reverse("ledger:errors", args=[record.token]))
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    assert read_xlsx(b"".join(response.streaming_content))[0]["身份证号"] == "620602198503150018"
    path = settings.MEDIA_ROOT / record.error_file.name
    path.write_bytes(path.read_bytes()[:-1])
    response = head_client.get(reverse("ledger:errors", args=[record.token]))
    assert response.status_code == 409 and "校验失败" in response.content.decode()


def test_an_uploaded_name_with_path_and_control_characters_is_cleaned(head_client, province):
    upload(head_client, xlsx([closed_row(province)]), name="C:\\导入\\凉州\u202e台账\x07.xlsx")
    assert LedgerImport.objects.get().file_name == "凉州台账.xlsx"


@pytest.mark.parametrize("damage", ["purged", "altered", "wrong_key"])
def test_a_stored_upload_that_is_gone_or_damaged_is_reported_not_a_server_error(
    head_client, province, settings, damage
):
    upload(head_client, xlsx([closed_row(province)]))
    record = LedgerImport.objects.get()
    path = settings.MEDIA_ROOT / record.file.name
    if damage == "purged":
        path.unlink()
        LedgerImport.objects.filter(pk=record.pk).update(file="")
    elif damage == "altered":
        raw = bytearray(path.read_bytes())
        raw[-3] ^= 1
        path.write_bytes(bytes(raw))
    else:
        settings.FIELD_ENCRYPTION_KEYS = ["kQbpEe3u1dWk2G8n3v5tB9w0yZ1xC2aD3eF4gH5iJ6k="]
    response = head_client.post(reverse("ledger:confirm", args=[record.token]), {"mode": "all"}, follow=True)
    assert response.status_code == 200
    assert "请重新上传" in response.content.decode() or "已损坏" in response.content.decode()
    assert not Petition.objects.exists()
