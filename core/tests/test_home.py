"""The home page's totals: exact for the viewer's scope, answered from the figure cache until a change in the
scope's regions commits (``analytics.cache``), and never another scope's."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def _total(response) -> int:
    page = re.sub(r"\s+", " ", response.content.decode())
    return int(re.search(r'范围内信访事项</div><div class="value">(\d+)<', page).group(1))


def _aggregates(captured) -> int:
    return sum(
        1 for q in captured.captured_queries if "COUNT(" in q["sql"].upper() and '"settled"' in q["sql"]
    )


@pytest.mark.django_db(transaction=True)
def test_home_totals_are_cached_until_a_change_in_scope_commits(client, province, register):
    client.force_login(province.wuwei_supervisor)
    register(province.liangzhou_clerk, province.liangzhou_center)
    assert _total(client.get("/")) == 1
    with CaptureQueriesContext(connection) as warm:
        assert _total(client.get("/")) == 1
    assert _aggregates(warm) == 0  # answered from the cache
    register(province.ganzhou_clerk, province.ganzhou_center, problem_region="620702")  # another city
    with CaptureQueriesContext(connection) as still_warm:
        assert _total(client.get("/")) == 1
    assert _aggregates(still_warm) == 0
    register(province.minqin_clerk, province.minqin_center, problem_region="620621")  # in 武威
    with CaptureQueriesContext(connection) as cold:
        assert _total(client.get("/")) == 2
    assert _aggregates(cold) == 1


@pytest.mark.django_db(transaction=True)
def test_home_totals_are_per_viewer(client, province, register):
    register(province.liangzhou_clerk, province.liangzhou_center)
    client.force_login(province.wuwei_supervisor)
    assert _total(client.get("/")) == 1
    client.force_login(province.ganzhou_clerk)
    assert _total(client.get("/")) == 0  # the same cache, another scope: its own figures
