"""Which region codes exist: a registration asks before its transaction, where the shared cache answers, and a
change to the regions is seen at once."""

import pytest
from django.core.cache import cache

from organisations.models import Region
from organisations.selectors import existing_region_codes


@pytest.fixture
def regions(db):
    cache.clear()
    province = Region.objects.get_or_create(code="620000", defaults={"name": "甘肃省"})[0]
    city = Region.objects.get_or_create(code="620600", defaults={"name": "武威市", "parent": province})[0]
    Region.objects.get_or_create(code="620602", defaults={"name": "凉州区", "parent": city})
    yield
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_known_codes_come_from_the_cache_and_a_new_region_is_seen_at_once(regions, django_assert_num_queries):
    assert existing_region_codes({"620602", "620600", ""}) == {"620602", "620600"}
    with django_assert_num_queries(0):
        assert existing_region_codes({"620602"}) == {"620602"}
    with django_assert_num_queries(
        1
    ):  # not among the cached codes: asked afresh, never refused from the cache
        assert existing_region_codes({"620602", "999999"}) == {"620602"}
    Region.objects.bulk_create([Region(code="629901", name="试验区", parent_id="620600")])  # no signal
    assert existing_region_codes({"629901"}) == {"629901"}
    Region.objects.filter(code="629901").delete()  # a delete through the ORM drops the cached codes
    with django_assert_num_queries(1):  # a new generation: both asked afresh in one query
        assert existing_region_codes({"629901", "620602"}) == {"620602"}


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_codes_are_read_afresh(regions, django_assert_num_queries):
    from django.db import transaction

    existing_region_codes({"620602"})
    with transaction.atomic(), django_assert_num_queries(1):
        assert existing_region_codes({"620602"}) == {"620602"}
