"""Key rotation: everything encrypted under key A is brought under key B, resumably, found through the registry."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet, MultiFernet
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from core import filecrypt, rotation
from core.downloads import open_plaintext
from core.fields import EncryptedTextField
from ledger.models import LedgerImport
from petitions.models import Attachment, Petitioner
from petitions.services import petition_add_attachments

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
PDF = b"%PDF-1.4\n" + "王建国 620602198503150017".encode() + b"\n%%EOF"


def raw_tokens(model=Petitioner, column="id_number") -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {column} FROM {model._meta.db_table}")  # noqa: S608
        return dict(cursor.fetchall())


def under(key: str, token: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
    except Exception:
        return False
    return True


def make_petitioners(count: int) -> list[Petitioner]:
    return [
        Petitioner.objects.create(
            name=f"张{i}",
            id_number=f"62060219850315{i:04d}",
            phone="13893512345",
            address=f"凉州区东大街{i}号",
        )
        for i in range(count)
    ]


def test_every_encrypted_field_and_file_field_is_found_through_the_registry():
    fields = {(m._meta.label, f.name) for m, fs in rotation.encrypted_fields() for f in fs}
    assert {("petitions.Petitioner", "id_number"), ("petitions.Petitioner", "phone")} <= fields
    assert all(isinstance(f, EncryptedTextField) for _, fs in rotation.encrypted_fields() for f in fs)
    files = {(m._meta.label, f.name) for m, fs in rotation.file_fields() for f in fs}
    assert {("petitions.Attachment", "file"), ("ledger.LedgerImport", "file")} <= files
    assert ("ledger.LedgerImport", "error_file") in files


def test_rotate_from_a_to_b_then_b_alone_reads_everything(settings, province, register, capsys):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    people = make_petitioners(3)
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    (attachment,) = petition_add_attachments(
        actor=province.liangzhou_clerk,
        petition=petition,
        uploads=[ContentFile(PDF, name="判决书.pdf")],
    )
    record = LedgerImport(
        token="t" * 40, user=province.liangzhou_clerk, file_name="台账.xlsx", status="validated"
    )
    record.file.save("upload", filecrypt.EncryptingFile(ContentFile(b"PK\x03\x04 ledger bytes")), save=False)
    record.save()
    # a file from before encryption at rest: stored in clear
    legacy = Attachment.objects.create(
        petition=petition, original_name="旧材料.txt", content_type="text/plain", size=11, sha256=""
    )
    legacy.file.save("legacy", ContentFile(b"old 620602 text"), save=True)
    legacy_path = Path(legacy.file.path)
    assert legacy_path.read_bytes() == b"old 620602 text"

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    call_command("rotate_keys", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "汇总" in out and "现在可以从 XINFANG_FIELD_KEYS 中移除旧密钥" in out
    assert "petitions.Petitioner" in out and "petitions.Attachment.file" in out

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert all(under(KEY_B, t) for t in raw_tokens().values() if t)
    assert [p.id_number for p in Petitioner.objects.filter(pk__in=[p.pk for p in people]).order_by("pk")] == [
        p.id_number for p in people
    ]
    attachment.refresh_from_db()
    with open_plaintext(attachment.file) as reader:
        assert reader.read() == PDF
    with open_plaintext(record.file) as reader:
        assert reader.read() == b"PK\x03\x04 ledger bytes"
    assert legacy_path.read_bytes().startswith(filecrypt.MAGIC)
    with open_plaintext(legacy.file) as reader:
        assert reader.read() == b"old 620602 text"
    # a second run finds nothing left to do
    call_command("rotate_keys")
    again = capsys.readouterr().out
    assert "处理 0" in again and "处理 1" not in again


def test_an_interrupted_run_resumes(settings, monkeypatch, capsys):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    make_petitioners(5)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    original, calls = MultiFernet.rotate, []

    def failing(self, token):
        calls.append(1)
        if len(calls) == 8:  # the second column of the third row: in the second batch of two rows
            raise RuntimeError("worker killed")
        return original(self, token)

    monkeypatch.setattr(MultiFernet, "rotate", failing)
    with pytest.raises(RuntimeError, match="worker killed"):
        call_command("rotate_keys", "--batch-size", "2", "--fields-only")
    tokens = [t for _, t in sorted(raw_tokens().items())]
    assert [under(KEY_B, t) for t in tokens] == [
        True,
        True,
        False,
        False,
        False,
    ]  # the failed batch rolled back
    assert all(under(KEY_A, t) for t in tokens[2:])

    monkeypatch.setattr(MultiFernet, "rotate", original)
    calls.clear()
    tallies = rotation.rotate_fields(batch=2)
    assert sum(t.changed for t in tallies) == 3  # the first batch is not done twice
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert len([p.id_number for p in Petitioner.objects.all()]) == 5


def test_an_interrupted_file_rotation_leaves_whole_files(settings, province, register, monkeypatch):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    stored = petition_add_attachments(
        actor=province.liangzhou_clerk,
        petition=petition,
        uploads=[ContentFile(PDF, name=f"材料{i}.pdf") for i in range(3)],
    )
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    original, calls = filecrypt.rewrap, []

    def failing(handle, output):
        calls.append(1)
        if len(calls) == 2:
            output.write(b"half")
            raise OSError("disk full")
        return original(handle, output)

    monkeypatch.setattr(filecrypt, "rewrap", failing)
    with pytest.raises(OSError, match="disk full"):
        rotation.rotate_files()
    monkeypatch.setattr(filecrypt, "rewrap", original)
    assert sum(t.changed for t in rotation.rotate_files()) == 2
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    for attachment in stored:
        with open_plaintext(attachment.file) as reader:
            assert reader.read() == PDF


def test_a_value_no_key_can_read_is_reported_and_the_command_fails(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    make_petitioners(1)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(CommandError, match="无法处理"):
        call_command("rotate_keys", "--fields-only")


def test_refused_options():
    with pytest.raises(CommandError, match="正整数"):
        call_command("rotate_keys", "--batch-size", "0")


def test_the_migration_encrypts_plaintext_files_left_from_before(settings, province, register):
    from django.db.migrations.loader import MigrationLoader

    # historical models, as a data migration gets them
    apps = MigrationLoader(connection).project_state().apps

    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    legacy = Attachment.objects.create(
        petition=petition,
        original_name="旧材料.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="",
    )
    legacy.file.save("legacy", ContentFile(PDF), save=True)
    rotation.encrypt_plaintext_files(apps, None)
    raw = Path(legacy.file.path).read_bytes()
    assert raw.startswith(filecrypt.MAGIC) and PDF not in raw
    with open_plaintext(legacy.file) as reader:
        assert reader.read() == PDF
