"""The chain: intact after honest writes; an edited, deleted, reordered or cut-off entry is caught."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from audit.chain import verify
from audit.models import Act, AuditEntry, AuditHead
from audit.services import audit_maintenance, audit_record
from audit.tests.tampering import raw

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(province):
    for i in range(5):
        audit_record(
            act=Act.EXPORT, actor=province.sysadmin, object_type="ledger", details={"n": i, "x": "值"}
        )
    return list(AuditEntry.objects.order_by("seq"))


def _problems():
    return verify()[1]


def test_honest_chain_verifies(entries):
    count, problems = verify()
    assert problems == []
    assert count == AuditEntry.objects.count()
    seqs = [e.seq for e in AuditEntry.objects.order_by("seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    first = AuditEntry.objects.get(seq=1)
    assert first.prev_hash == "0" * 64
    later = AuditEntry.objects.get(seq=2)
    assert later.prev_hash == first.hash
    head = AuditHead.objects.get(pk=1)
    assert head.count == count and head.last_hash == AuditEntry.objects.order_by("-seq").first().hash


def test_verify_command_passes_on_intact_chain(entries, capsys):
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_edited_entry_is_caught(entries):
    victim = entries[2]
    raw("UPDATE audit_auditentry SET actor_name = %s WHERE id = %s", ["someone_else", victim.pk])
    problems = _problems()
    assert [(p.seq, "edited" in p.message) for p in problems] == [(victim.seq, True)]
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_edited_details_are_caught(entries):
    victim = entries[1]
    raw("UPDATE audit_auditentry SET details = %s WHERE id = %s", ['{"n": 99}', victim.pk])
    assert {p.seq for p in _problems()} == {victim.seq}


def test_deleted_entry_is_caught(entries, capsys):
    victim = entries[2]
    raw("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    problems = _problems()
    assert problems and problems[0].seq == victim.seq + 1
    assert "missing" in problems[0].message
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert f"#{victim.seq + 1}" in capsys.readouterr().err


def test_deleted_last_entries_are_caught_by_the_head(entries):
    raw("DELETE FROM audit_auditentry WHERE seq >= %s", [entries[-2].seq])
    problems = _problems()
    assert [p.seq for p in problems] == [None]
    assert "missing" in problems[0].message


def test_reordered_entries_are_caught(entries):
    a, b = entries[1], entries[3]
    raw("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [-1, a.pk])
    raw("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [a.seq, b.pk])
    raw("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [b.seq, a.pk])
    flagged = {p.seq for p in _problems()}
    assert {a.seq, b.seq} <= flagged


def test_rewritten_timestamp_is_caught(entries):
    victim = entries[0]
    raw("UPDATE audit_auditentry SET at = %s WHERE id = %s", [entries[-1].at, victim.pk])
    assert {p.seq for p in _problems()} == {victim.seq}


def test_forged_head_is_caught(entries):
    AuditHead.objects.filter(pk=1).update(count=3, last_hash=entries[2].hash)
    raw("DELETE FROM audit_auditentry WHERE seq > 3")
    problems = _problems()
    assert problems and problems[0].seq is None and "MAC" in problems[0].message


def test_database_refuses_update_and_delete(entries):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'x'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == len(entries)
    assert _problems() == []


def test_model_and_queryset_refuse_changes(entries):
    entry = entries[0]
    entry.actor_name = "x"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    with pytest.raises(RuntimeError):
        AuditEntry.objects.all().update(actor_name="x")
    with pytest.raises(RuntimeError):
        AuditEntry.objects.all().delete()


def test_maintenance_runs_are_recorded_for_others_to_call(db):
    entry = audit_maintenance(act=Act.BACKUP, details={"output": "/backups/x.tar", "sha256": "ab"})
    assert entry.act == Act.BACKUP and entry.actor is None and entry.address is None
    assert entry.details == {"output": "/backups/x.tar", "sha256": "ab"}
    with pytest.raises(ValueError):
        audit_maintenance(act=Act.LOGIN)
    assert _problems() == []


def test_unknown_act_is_refused(db):
    with pytest.raises(ValueError):
        audit_record(act="made_up")
    assert not AuditEntry.objects.exists()
