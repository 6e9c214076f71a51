"""Bounded counts: the list page and the API count at most ``LIST_CAP`` rows of a petition list."""

import pytest

from organisations.tests.factories import PASSWORD
from petitions import pagination

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(province, register):
    return [register(province.liangzhou_clerk, province.liangzhou_center, title=f"第{i}件") for i in range(3)]


def test_the_api_counts_up_to_the_cap_and_says_when_it_stopped(client, province, three, monkeypatch):
    assert client.login(username=province.province_leader.username, password=PASSWORD)
    body = client.get("/api/v1/petitions/").json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (3, False, 3)

    monkeypatch.setattr(pagination, "LIST_CAP", 2)
    body = client.get("/api/v1/petitions/").json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (2, True, 2)
    assert [r["number"] for r in body["results"]] == [p.number for p in reversed(three)][:2]  # the newest
    response = client.get("/api/v1/petitions/", {"page": 2})
    assert response.status_code == 404  # beyond the cap: narrow the filter


def test_the_schema_describes_the_capped_count(client, province):
    assert client.login(username=province.province_leader.username, password=PASSWORD)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert "count_capped" in response.content.decode()
