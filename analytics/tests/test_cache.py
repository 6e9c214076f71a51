"""The figure cache: a hit answers without touching petitions; any committed change makes the next view fresh."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from analytics.cache import scope_version

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
    leader = province.province_leader
    before = scope_version(leader)
    register(province.liangzhou_clerk, province.liangzhou_center)  # one transaction, committed
    if connection.vendor == "postgresql":  # once per transaction and region, at commit, however many rows
        assert scope_version(leader) == (before[0], before[1] + 1)  # one region: 凉州区
    assert scope_version(leader) > before
    assert _registered(client.get("/analytics/")) == "2"
    with transaction.atomic():  # a rolled-back change leaves the version (and the figures) alone
        version = scope_version(leader)
        register(province.liangzhou_clerk, province.liangzhou_center)
        transaction.set_rollback(True)
    assert scope_version(leader) == version
    assert _registered(client.get("/analytics/")) == "2"


@pytest.mark.django_db(transaction=True)
def test_a_write_in_another_city_leaves_a_citys_figures_warm(client, province, register):
    """武威's figures survive a registration in 张掖 (another city) and are recomputed after one in 凉州区."""
    client.force_login(province.wuwei_supervisor)
    register(province.liangzhou_clerk, province.liangzhou_center)
    assert _registered(client.get("/analytics/")) == "1"
    version = scope_version(province.wuwei_supervisor)
    register(province.ganzhou_clerk, province.ganzhou_center, problem_region="620702")
    assert scope_version(province.wuwei_supervisor) == version
    with CaptureQueriesContext(connection) as warm:
        assert _registered(client.get("/analytics/")) == "1"
    assert _figure_queries(warm) == 0  # answered from the cache
    register(province.minqin_clerk, province.minqin_center, problem_region="620621")
    assert scope_version(province.wuwei_supervisor) > version
    with CaptureQueriesContext(connection) as cold:
        assert _registered(client.get("/analytics/")) == "2"
    assert _figure_queries(cold) == 3


@pytest.mark.django_db(transaction=True)
def test_a_change_to_a_petition_reaches_every_region_that_sees_it(province, register):
    """A petition registered in 张掖 but handed to a unit in 武威 (an access row) is 武威's too: changing it
    bumps 武威's version; so does editing a petition row, a tag link or deleting it."""
    from petitions.models import AccessReason, Petition, PetitionAccess, Tag

    wuwei, zhangye = province.wuwei_supervisor, province.ganzhou_clerk
    petition = register(province.ganzhou_clerk, province.ganzhou_center, problem_region="620702")
    tag = Tag.objects.create(name="专题")  # a new tag bumps the global version: before counting
    version = scope_version(wuwei)
    PetitionAccess.objects.create(
        petition=petition, unit=province.liangzhou_court, reason=AccessReason.HANDLING
    )
    assert scope_version(wuwei) > version
    for change in (
        lambda: Petition.objects.filter(pk=petition.pk).update(title="改"),
        lambda: petition.tags.add(tag),
        lambda: petition.tags.remove(tag),
    ):
        version, theirs = scope_version(wuwei), scope_version(zhangye)
        change()
        assert scope_version(wuwei) > version and scope_version(zhangye) > theirs


@pytest.mark.django_db(transaction=True)
def test_personal_access_spans_every_region(province, register):
    """A lawyer's personal access row may name a petition anywhere: their version follows every region."""
    from petitions.models import AccessReason, PetitionAccess

    petition = register(province.ganzhou_clerk, province.ganzhou_center, problem_region="620702")
    PetitionAccess.objects.create(petition=petition, user=province.lawyer, reason=AccessReason.PERSONAL)
    version = scope_version(province.lawyer)
    register(province.ganzhou_clerk, province.ganzhou_center, problem_region="620702")
    assert scope_version(province.lawyer) > version
