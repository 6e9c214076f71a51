"""Attachments are encrypted at rest under random names and served only through the scope-checked view."""

import hashlib
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import filecrypt
from organisations.tests.factories import PASSWORD
from petitions.models import Attachment
from petitions.services import petition_add_attachments

pytestmark = pytest.mark.django_db

SECRET = "王建国 身份证 620602198503150017".encode()


def pdf(name="判决书.pdf", body=SECRET):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF", content_type="application/pdf")


@pytest.fixture
def petition(province, register):
    return register(province.liangzhou_clerk, province.liangzhou_center)


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def stored_path(attachment) -> Path:
    return Path(settings.MEDIA_ROOT) / attachment.file.name


def test_stored_file_is_encrypted_under_a_random_name(province, petition):
    (attachment,) = petition_add_attachments(
        actor=province.liangzhou_clerk, petition=petition, uploads=[pdf("../../王建国 判决书.pdf")]
    )
    raw = stored_path(attachment).read_bytes()
    assert raw.startswith(filecrypt.MAGIC)
    assert SECRET not in raw and b"%PDF" not in raw
    assert "判决书" not in attachment.file.name and not attachment.file.name.endswith(".pdf")
    assert not str(stored_path(attachment)).startswith(str(settings.STATIC_ROOT))
    content = b"%PDF-1.4\n" + SECRET + b"\n%%EOF"
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.original_name == "王建国 判决书.pdf"


def test_registration_attachments_are_encrypted(province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center, attachments=[pdf()])
    raw = stored_path(petition.attachments.get()).read_bytes()
    assert raw.startswith(filecrypt.MAGIC) and SECRET not in raw


def test_download_streams_the_plaintext_with_safe_headers(client, province, petition):
    name = "王建国\u202e的材料.pdf"
    (attachment,) = petition_add_attachments(
        actor=province.liangzhou_clerk, petition=petition, uploads=[pdf(name)]
    )
    response = login(client, province.liangzhou_clerk).get(
        reverse("petitions:attachment", args=[attachment.pk])
    )
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n" + SECRET + b"\n%%EOF"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" + quote("王建国的材料.pdf") in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"


def test_download_outside_scope_is_404(client, province, petition):
    (attachment,) = petition_add_attachments(
        actor=province.liangzhou_clerk, petition=petition, uploads=[pdf()]
    )
    response = login(client, province.minqin_clerk).get(reverse("petitions:attachment", args=[attachment.pk]))
    assert response.status_code == 404


def test_altered_file_is_refused_with_a_clear_message(client, province, petition):
    (attachment,) = petition_add_attachments(
        actor=province.liangzhou_clerk, petition=petition, uploads=[pdf()]
    )
    path = stored_path(attachment)
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0xFF
    path.write_bytes(bytes(raw))
    response = login(client, province.liangzhou_clerk).get(
        reverse("petitions:attachment", args=[attachment.pk])
    )
    assert response.status_code == 409
    assert "校验失败" in response.content.decode()
    assert SECRET not in response.content


def test_checksum_mismatch_is_refused(client, province, petition):
    (attachment,) = petition_add_attachments(
        actor=province.liangzhou_clerk, petition=petition, uploads=[pdf()]
    )
    Attachment.objects.filter(pk=attachment.pk).update(sha256="0" * 64)
    response = login(client, province.liangzhou_clerk).get(
        reverse("petitions:attachment", args=[attachment.pk])
    )
    assert response.status_code == 409
    assert "校验失败" in response.content.decode()


def test_missing_file_is_404(client, province, petition):
    (attachment,) = petition_add_attachments(
        actor=province.liangzhou_clerk, petition=petition, uploads=[pdf()]
    )
    stored_path(attachment).unlink()
    response = login(client, province.liangzhou_clerk).get(
        reverse("petitions:attachment", args=[attachment.pk])
    )
    assert response.status_code == 404


def test_content_not_matching_the_extension_stores_nothing(province, petition):
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        petition_add_attachments(
            actor=province.liangzhou_clerk,
            petition=petition,
            uploads=[SimpleUploadedFile("照片.png", b"MZ\x90\x00 not a png")],
        )
    assert not petition.attachments.exists()
    assert not (Path(settings.MEDIA_ROOT) / "attachments").exists() or not any(
        (Path(settings.MEDIA_ROOT) / "attachments").rglob("*")
    )


def test_a_twenty_megabyte_attachment_is_stored_and_served_in_chunks(client, province, petition, settings):
    """Upload, encryption, checksum verification and download of 20 MB each stay far below 20 MB of memory."""
    import os
    import tracemalloc

    from django.core.files.uploadedfile import TemporaryUploadedFile

    upload = TemporaryUploadedFile("大文件.pdf", "application/pdf", 0, None)
    upload.write(b"%PDF-1.4\n")
    digest = hashlib.sha256(b"%PDF-1.4\n")
    for _ in range(320):
        block = os.urandom(64 * 1024)
        upload.write(block)
        digest.update(block)
    upload.size = upload.tell()
    assert upload.size > 20 * 1024 * 1024 - 100
    settings.ATTACHMENT_MAX_BYTES = 21 * 1024 * 1024
    (small,) = petition_add_attachments(actor=province.liangzhou_clerk, petition=petition, uploads=[pdf()])
    login(client, province.liangzhou_clerk)
    b"".join(
        client.get(reverse("petitions:attachment", args=[small.pk])).streaming_content
    )  # warm the imports
    tracemalloc.start()
    try:
        (attachment,) = petition_add_attachments(
            actor=province.liangzhou_clerk, petition=petition, uploads=[upload]
        )
        stored_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        response = login(client, province.liangzhou_clerk).get(
            reverse("petitions:attachment", args=[attachment.pk])
        )
        served, pieces = hashlib.sha256(), 0
        for piece in response.streaming_content:
            served.update(piece)
            pieces += 1
        served_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        upload.close()
    assert attachment.sha256 == digest.hexdigest() == served.hexdigest()
    assert int(response["Content-Length"]) == attachment.size
    assert pieces > 300
    assert stored_peak < 4 * 1024 * 1024, stored_peak
    assert served_peak < 4 * 1024 * 1024, served_peak


def test_a_name_stored_before_cleaning_cannot_break_the_response_headers(client, province, petition):
    (attachment,) = petition_add_attachments(
        actor=province.liangzhou_clerk, petition=petition, uploads=[pdf()]
    )
    Attachment.objects.filter(pk=attachment.pk).update(original_name="材料\r\nSet-Cookie: x=1\u202e.pdf")
    response = login(client, province.liangzhou_clerk).get(
        reverse("petitions:attachment", args=[attachment.pk])
    )
    assert response.status_code == 200
    assert "\n" not in response["Content-Disposition"] and "Set-Cookie" not in response.headers.get(
        "Set-Cookie", ""
    )
    assert quote("材料Set-Cookie: x=1.pdf") in response["Content-Disposition"]
