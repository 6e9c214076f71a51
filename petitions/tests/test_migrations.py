"""The migration that gives each petition its own petitioner records splits records shared before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conftest import person
from petitions.models import Petitioner, PetitionParty

BEFORE = [("petitions", "0005_petition_submission_digest")]
AFTER = [("petitions", "0007_party_own_petitioner")]


def _migrate(target=None):
    """Migrate to ``target``, or back to the latest migration of every app (the state the suite expects)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_records_shared_by_several_petitions_are_split(province, register):
    first = register(province.liangzhou_clerk, province.liangzhou_center)
    second = register(province.minqin_clerk, province.minqin_center, petitioners=[person(phone="")])
    shared = first.petitioners.get()
    own = second.petitioners.get()
    try:
        _migrate(BEFORE)
        PetitionParty.objects.filter(petition=second).update(petitioner=shared)  # as registration did before
        # a plain DELETE: the ORM's cascade would look for the tables of apps that are not migrated here
        Petitioner.objects.filter(pk=own.pk)._raw_delete(connection.alias)
        _migrate(AFTER)
    finally:
        _migrate()
    assert first.petitioners.get() == shared
    copy = second.petitioners.get()
    assert copy != shared
    assert (copy.name, copy.id_number, copy.phone, copy.address, copy.id_number_hash) == (
        shared.name,
        shared.id_number,
        shared.phone,
        shared.address,
        shared.id_number_hash,
    )
