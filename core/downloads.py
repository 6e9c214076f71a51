"""Serving stored files that hold personal data: decrypted chunk by chunk, never cached, never sniffed.

Every such download goes through a view that has already checked the requester's scope; this module only turns
a stored (encrypted) file into a response.
"""

import logging

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core import filecrypt
from core.files import clean_filename

logger = logging.getLogger(__name__)


def open_plaintext(field_file):
    """A seekable reader of a stored file's plaintext: decrypting when it is encrypted, the file itself when it
    is still a plaintext file from before encryption at rest (``rotate_keys`` encrypts those)."""
    handle = field_file.storage.open(field_file.name, "rb")
    try:
        if filecrypt.is_encrypted(handle):
            return filecrypt.DecryptingReader(handle)
    except Exception:
        handle.close()
        raise
    return handle


def _stream(reader):
    try:
        yield from filecrypt.iter_plaintext(reader)
    finally:
        reader.close()


def file_response(request, field_file, *, filename: str, content_type: str, sha256: str | None = None):
    """A streaming ``attachment`` response of a stored file. The file is authenticated chunk by chunk and its
    SHA-256 compared first (one pass that keeps one chunk in memory), so a damaged or altered file is refused
    with a clear page before any byte of it is sent. A missing file raises ``FileNotFoundError``."""
    filename = clean_filename(
        filename
    )  # rows stored before names were cleaned: no control characters in headers
    try:
        check = open_plaintext(field_file)
        try:
            filecrypt.check_sha256(check, sha256)
        finally:
            check.close()
    except filecrypt.FileIntegrityError as exc:
        logger.error("stored file %s failed its integrity check: %s", field_file.name, exc)
        message = _("文件“%(name)s”校验失败：存储的文件已损坏或被改动，无法下载。请联系系统管理员。") % {
            "name": filename
        }
        return render(request, "core/file_damaged.html", {"message": message}, status=409)
    reader = open_plaintext(field_file)
    response = StreamingHttpResponse(_stream(reader), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    if isinstance(reader, filecrypt.DecryptingReader):
        response["Content-Length"] = str(reader.length)
    return response
