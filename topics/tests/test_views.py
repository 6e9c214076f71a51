"""The hot-topics page, a cluster's page, the dashboard panel, the navigation and the API, with bad parameters."""

import pytest
from django.test import Client
from django.urls import reverse

from topics.models import ClusterRun, Membership
from topics.services import cluster_topics

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(topic_world):
    client = Client()
    client.force_login(topic_world.province.province_leader)
    return client


def test_no_run_yet(client):
    page = client.get(reverse("topics:list"))
    assert page.status_code == 200 and "尚未进行类案聚类" in page.content.decode()
    assert client.get("/api/v1/topics/clusters/").json() == {
        "run": None,
        "count": 0,
        "page": 1,
        "pages": 1,
        "results": [],
    }


def test_ranking_page_by_size_and_by_growth(topic_world, client):
    w = topic_world
    cluster_topics(period="month")
    page = client.get(reverse("topics:list")).content.decode()
    land = Membership.objects.get(petition=w.land_mq).cluster
    wages = Membership.objects.get(petition=w.wages_gz[0]).cluster
    assert page.index(f"/topics/{land.pk}/") < page.index(f"/topics/{wages.pk}/")  # 4 before 3
    assert "+3（+300%）" in page and "新出现" in page and "凉州区（3）" in page and "甘州区（3）" in page
    assert w.land_lz[-1].title[:20] in page  # an example petition
    assert 'href="/topics/"' in page  # the navigation item
    by_growth = client.get(reverse("topics:list"), {"order": "growth"}).content.decode()
    assert "按增长" in by_growth


def test_bad_parameters_are_refused_with_a_message(topic_world, client):
    cluster_topics(period="month")
    for query, message in (
        ({"order": "drop table"}, "排序方式只能是"),
        ({"run": "999999"}, "所选统计期间不存在或已过期"),
        ({"run": "abc"}, "所选统计期间不存在或已过期"),
        ({"run": "中" * 10_000}, "所选统计期间不存在或已过期"),
    ):
        response = client.get(reverse("topics:list"), query)
        assert response.status_code == 400 and message in response.content.decode(), query
    assert client.get(reverse("topics:list"), {"page": "abc"}).status_code == 200
    assert client.get(reverse("topics:list"), {"page": "99999"}).status_code == 200
    for query, field in (({"order": "x"}, "order"), ({"run": "abc"}, "run"), ({"run": "999999"}, "run")):
        response = client.get("/api/v1/topics/clusters/", query)
        assert response.status_code == 400 and field in response.json()["error"]["fields"], query


def test_an_earlier_run_can_be_chosen(topic_world, client):
    first = cluster_topics(period="week")
    cluster_topics(period="quarter")
    page = client.get(reverse("topics:list"), {"run": first.pk}).content.decode()
    assert "近7日" in page
    api = client.get("/api/v1/topics/clusters/", {"run": first.pk}).json()
    assert api["run"]["id"] == first.pk and api["run"]["label"] == "近7日"


def test_cluster_page_and_api_detail(topic_world, client):
    w = topic_world
    cluster_topics(period="month")
    land = Membership.objects.get(petition=w.land_mq).cluster
    page = client.get(reverse("topics:detail", args=[land.pk])).content.decode()
    assert f"{reverse('petitions:list')}?cluster={land.pk}" in page
    assert all(p.number in page for p in [*w.land_lz, w.land_mq, w.land_old])
    assert "凉州区：3" in page and "民勤县：1" in page
    data = client.get(f"/api/v1/topics/clusters/{land.pk}/").json()
    assert (data["size"], data["previous"], data["growth"], data["growth_rate"]) == (4, 1, 3, 3.0)
    assert data["complete"] and data["regions"][0] == {"name": "凉州区", "count": 3}
    assert {e["number"] for e in data["examples"]} == {p.number for p in [*w.land_lz, w.land_mq]}
    listing = client.get("/api/v1/topics/clusters/", {"order": "growth"}).json()
    assert listing["count"] == 2 and listing["results"][0]["id"] == land.pk
    assert client.get("/api/v1/topics/clusters/abc/").status_code == 404


def test_dashboard_panel(topic_world, client):
    cluster_topics(period="month")
    page = client.get(reverse("analytics:dashboard")).content.decode()
    assert "热点类案" in page and "全部类案" in page
    assert ClusterRun.objects.count() == 1
