"""Every online submission needs the region's receiving unit and the portal's account: outside a transaction
they come from the shared cache, and any change to a unit, a region or the account is seen at once."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from conftest import VALID_ID
from organisations.models import Region
from portal import services
from portal.tests.conftest import submission


@pytest.mark.django_db(transaction=True)
def test_the_receiving_unit_is_cached_and_a_change_of_units_drops_it(province, django_assert_num_queries):
    assert services.receiving_unit("620602") == province.liangzhou_center
    with django_assert_num_queries(0):
        assert services.receiving_unit("620602") == province.liangzhou_center

    province.liangzhou_center.is_active = False
    province.liangzhou_center.save()
    assert (
        services.receiving_unit("620602") == province.liangzhou_committee
    )  # at once, not after the cache's time

    region = Region.objects.get(code="620602")
    region.name = region.name  # any save of a region drops the map too
    region.save()
    with django_assert_num_queries(2):  # read afresh: the region and its units
        services.receiving_unit("620602")


@pytest.mark.django_db(transaction=True)
def test_unknown_regions_are_not_cached(province, django_assert_num_queries):
    assert services.receiving_unit("999999") is None
    with django_assert_num_queries(1):
        assert services.receiving_unit("999999") is None


@pytest.mark.django_db(transaction=True)
def test_the_portal_account_is_cached_outside_transactions_only(province, django_assert_num_queries):
    account = services.portal_account()
    with django_assert_num_queries(0):
        assert services.portal_account().pk == account.pk
    with transaction.atomic(), django_assert_num_queries(1):  # a transaction reads its own view of the rows
        assert services.portal_account().pk == account.pk
    province.liangzhou_clerk.save()  # another user's save keeps the cache
    with django_assert_num_queries(0):
        services.portal_account()
    account.save()
    with django_assert_num_queries(1):
        services.portal_account()


@pytest.mark.django_db(transaction=True)
def test_a_submission_reads_no_reference_data_once_it_is_cached(province):
    """Outside a transaction (a request), the receiving unit, the account, the time-limit rule and the calendar
    come from the cache; the registration's own transaction reads and writes only the petition's rows."""
    services.petition_submit_online(submission=submission(), token="first")
    with CaptureQueriesContext(connection) as queries:
        petition, created = services.petition_submit_online(
            submission=submission(id_number=VALID_ID[:-4] + "0033", title="另一件事"), token="second"
        )
    assert created and petition.registered_unit == province.liangzhou_center
    read = " ".join(q["sql"] for q in queries.captured_queries)
    for table in (
        "organisations_unit",
        "organisations_user",
        "deadlines_timelimitrule",
        "deadlines_calendarday",
    ):
        assert f'FROM "{table}"' not in read, table


@pytest.mark.django_db(transaction=True)
def test_each_region_has_its_own_entry_and_one_change_retires_them_all(province, django_assert_num_queries):
    """A submission reads one region's unit, not a map of every region's (unpickled whole on each request)."""
    from django.core.cache import cache

    assert services.receiving_unit("620602") == province.liangzhou_center
    assert services.receiving_unit("620621") == province.minqin_center
    generation = cache.get(services.RECEIVERS_KEY)
    assert cache.get(f"{services.RECEIVERS_KEY}:{generation}:620602") == province.liangzhou_center
    province.minqin_center.save()  # another region's unit: every entry goes, as the one map did
    with django_assert_num_queries(2):
        assert services.receiving_unit("620602") == province.liangzhou_center
