import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import clean_filename, validate_upload


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("判决书.pdf", "判决书.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\张三\\材料.docx", "材料.docx"),
        ("报告\u202egnp.exe", "报告gnp.exe"),
        ("a\x00b\x1f\x7f\x85c.txt", "abc.txt"),
        ("零宽\u200b字符.pdf", "零宽字符.pdf"),
        ("  .hidden.pdf ", "hidden.pdf"),
        ("..", "附件"),
        ("", "附件"),
        (None, "附件"),
    ],
)
def test_clean_filename(given, expected):
    assert clean_filename(given) == expected


def test_clean_filename_keeps_the_extension_of_a_long_name():
    cleaned = clean_filename("长" * 400 + ".pdf")
    assert len(cleaned) == 255 and cleaned.endswith(".pdf")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_office_file_is_checked_by_its_parts():
    docx = SimpleUploadedFile("答复.docx", _zip({"word/document.xml": b"<w:document/>"}))
    assert validate_upload(docx)[0].endswith("wordprocessingml.document")
    renamed = SimpleUploadedFile("答复.docx", _zip({"payload.exe": b"MZ"}))
    with pytest.raises(ValidationError, match="内容与扩展名不符"):
        validate_upload(renamed)
    as_workbook = SimpleUploadedFile("表.xlsx", _zip({"word/document.xml": b"<w:document/>"}))
    with pytest.raises(ValidationError, match="内容与扩展名不符"):
        validate_upload(as_workbook)


def test_text_is_decoded_in_chunks_across_chunk_boundaries(settings):
    text = ("信访" * 40_000).encode()  # 240,000 bytes: chunks split multi-byte characters
    upload = SimpleUploadedFile("说明.txt", text)
    upload.DEFAULT_CHUNK_SIZE = 1000
    assert validate_upload(upload)[0] == "text/plain"
    with pytest.raises(ValidationError, match="UTF-8"):
        validate_upload(SimpleUploadedFile("说明.txt", text + b"\xff"))


def test_refusal_names_the_cleaned_file_name():
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("../x/\u202e恶意.exe", b"MZ"))
    assert "恶意.exe" in caught.value.messages[0] and "\u202e" not in caught.value.messages[0]


def test_media_root_inside_a_static_directory_is_a_system_check_error(settings, tmp_path):
    from core.checks import media_root_is_not_public

    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "media"
    assert media_root_is_not_public() == []
    settings.MEDIA_ROOT = tmp_path / "static" / "media"
    (error,) = media_root_is_not_public()
    assert error.id == "core.E001" and "公开" in error.msg
