"""The figure cache: a hit answers without touching petitions; any committed change makes the next view fresh."""

import re

import pytest
from django.db import connection, transaction

from analytics.cache import data_version

JUNE = "preset=custom&date_from=2026-06-01&date_to=2026-06-30"


def _figure_queries(captured) -> int:
    return sum(1 for q in captured.captured_queries if "m_registered" in q["sql"])


def _registered(response) -> str:
    page = re.sub(r"\s+", " ", response.content.decode())
    return re.search(r'id="stat-registered".*?<div class="value">([^<]+)</div>', page).group(1)


@pytest.mark.django_db
def test_a_repeated_view_is_answered_from_the_cache(client, dataset, province, django_assert_max_num_queries):
    client.force_login(province.province_leader)
    with django_assert_max_num_queries(30) as first:
        assert _registered(client.get(f"/analytics/?{JUNE}")) == "13"
    with django_assert_max_num_queries(30) as second:
        assert _registered(client.get(f"/analytics/?{JUNE}")) == "13"
    assert _figure_queries(first) == 3 and _figure_queries(second) == 0
    export = client.get("/analytics/export/summary.xlsx?from=2026-06-01&to=2026-06-30")
    assert export.status_code == 200  # the download reuses the page's figures


@pytest.mark.django_db
def test_the_cache_can_be_turned_off(client, settings, dataset, province, django_assert_max_num_queries):
    settings.XINFANG_ANALYTICS_CACHE_SECONDS = 0
    client.force_login(province.province_leader)
    client.get(f"/analytics/?{JUNE}")
    with django_assert_max_num_queries(30) as again:
        client.get(f"/analytics/?{JUNE}")
    assert _figure_queries(again) == 3


@pytest.mark.django_db(transaction=True)
def test_every_committed_change_invalidates_the_figures(client, province, register):
    client.force_login(province.province_leader)
    register(province.liangzhou_clerk, province.liangzhou_center)
    assert _registered(client.get("/analytics/")) == "1"
    before = data_version()
    register(province.liangzhou_clerk, province.liangzhou_center)  # one transaction, committed
    if connection.vendor == "postgresql":
        assert data_version() == before + 1  # once per transaction, at commit, however many rows it wrote
    assert data_version() > before
    assert _registered(client.get("/analytics/")) == "2"
    with transaction.atomic():  # a rolled-back change leaves the version (and the figures) alone
        version = data_version()
        register(province.liangzhou_clerk, province.liangzhou_center)
        transaction.set_rollback(True)
    assert data_version() == version
    assert _registered(client.get("/analytics/")) == "2"
