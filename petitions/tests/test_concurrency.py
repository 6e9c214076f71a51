"""Two registrations at the same moment never get the same number."""

import pytest
from django.db import connection

from conftest import person, registration
from core.testing.concurrency import run_concurrently
from petitions.models import Petition
from petitions.services import petition_register

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database with real concurrent sessions"
)
def test_concurrent_registrations_get_distinct_numbers(province):
    workers, per_worker = 6, 5

    def work(i):
        for j in range(per_worker):
            petition_register(
                actor=province.liangzhou_clerk,
                unit=province.liangzhou_center,
                data=registration(title=f"并发登记 {i}-{j}"),
                petitioners=[person(id_number="", name=f"申请人{i}{j}")],
            )

    errors = run_concurrently(work, workers)
    assert not errors, errors
    numbers = list(Petition.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == workers * per_worker
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, workers * per_worker + 1))
