"""Validation of uploaded attachments: size, allowed types, and that the content matches the extension."""

import hashlib
import os

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


def validate_upload(upload) -> tuple[str, str]:
    """Return (content type, sha256) of a valid upload or raise ValidationError with a clerk-readable reason."""
    name = upload.name or ""
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
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    if not magics:
        upload.seek(0)
        try:
            upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(
                _("附件“%(name)s”不是 UTF-8 编码的文本文件。") % {"name": name}, code="attachment_content"
            ) from None
    upload.seek(0)
    return content_type, digest.hexdigest()
