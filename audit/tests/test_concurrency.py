"""Concurrent writers keep one valid chain."""

import pytest
from django.db import connection

from audit.chain import verify
from audit.models import Act, AuditEntry, AuditHead
from audit.services import audit_record
from core.testing.concurrency import run_concurrently

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database with real concurrent sessions"
)
def test_concurrent_writers_keep_one_chain(db):
    workers, per_worker = 8, 15

    def work(i):
        for j in range(per_worker):
            audit_record(act=Act.LOGIN_FAILED, actor_name=f"w{i}-{j}")

    errors = run_concurrently(work, workers)
    assert not errors, errors
    total = workers * per_worker
    count, problems = verify()
    assert problems == [] and count == total
    assert sorted(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, total + 1))
    assert AuditHead.objects.get(pk=1).count == total
    assert AuditEntry.objects.values("prev_hash").distinct().count() == total


def test_flush_empties_the_log_on_every_database(db):
    """The test runner's flush (TRUNCATE on PostgreSQL; DELETE under the maintenance flag on SQLite)."""
    from django.core.management import call_command

    audit_record(act=Act.LOGIN_FAILED, actor_name="x")
    call_command("flush", verbosity=0, interactive=False)
    assert not AuditEntry.objects.exists()
    audit_record(act=Act.LOGIN_FAILED, actor_name="y")
    assert verify() == (1, [])
