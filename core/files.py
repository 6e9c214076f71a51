"""Validation of uploaded attachments: size, allowed types, and that the content matches the extension (the one
check of an upload's type, by its first bytes); and the cleaning of the names people give their files."""

import codecs
import hashlib
import os
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> (content type, magic prefixes; empty means plain text, checked to decode as UTF-8)
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".mp3": ("audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ".txt": ("text/plain", ()),
}
ALLOWED_LABEL = "PDF、JPG、PNG、GIF、DOC、DOCX、XLS、XLSX、MP3、TXT"
# an Office Open XML file is a zip archive: the part that makes it a document or a workbook must be inside
OOXML_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
NAME_LIMIT = 255
FALLBACK_NAME = "附件"


def clean_filename(name: str | None, fallback: str = FALLBACK_NAME) -> str:
    """The last path part of a file name, without control or format characters (C0/C1 controls, the
    bidirectional overrides such as U+202E that make "exe.pdf" read as "fdp.exe", zero-width characters),
    without leading dots or surrounding spaces, at most 255 characters with its extension kept."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
    )
    name = name.strip().lstrip(".").strip()
    if not name or name in (".", ".."):
        return fallback
    if len(name) > NAME_LIMIT:
        stem, ext = os.path.splitext(name)
        ext = ext[:16]
        name = stem[: NAME_LIMIT - len(ext)] + ext
    return name


def validate_upload(upload) -> tuple[str, str]:
    """Return (content type, sha256) of a valid upload or raise ValidationError with a clerk-readable reason.

    The whole file is read once in chunks (never as one string): the checksum, and for text that it decodes.
    """
    name = clean_filename(upload.name)
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED:
        raise ValidationError(
            _("附件“%(name)s”的类型不允许上传，仅支持 %(allowed)s。")
            % {"name": name, "allowed": ALLOWED_LABEL},
            code="attachment_type",
        )
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("附件“%(name)s”大小为 %(size)s，超过 %(limit)s 的上限。")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="attachment_size",
        )
    if upload.size == 0:
        raise ValidationError(_("附件“%(name)s”是空文件。") % {"name": name}, code="attachment_empty")
    content_type, magics = ALLOWED[ext]
    upload.seek(0)
    head = upload.read(16)
    if magics and not any(head.startswith(m) for m in magics):
        raise ValidationError(
            _("附件“%(name)s”的内容与扩展名不符，可能已损坏或被改名。") % {"name": name},
            code="attachment_content",
        )
    if ext in OOXML_PARTS and not _has_part(upload, OOXML_PARTS[ext]):
        raise ValidationError(
            _("附件“%(name)s”的内容与扩展名不符，可能已损坏或被改名。") % {"name": name},
            code="attachment_content",
        )
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")() if not magics else None
    upload.seek(0)
    try:
        for chunk in upload.chunks():
            digest.update(chunk)
            if decoder is not None:
                decoder.decode(chunk)
        if decoder is not None:
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ValidationError(
            _("附件“%(name)s”不是 UTF-8 编码的文本文件。") % {"name": name}, code="attachment_content"
        ) from None
    upload.seek(0)
    return content_type, digest.hexdigest()


def _has_part(upload, part: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return part in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    finally:
        upload.seek(0)
