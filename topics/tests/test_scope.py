"""Clusters never reveal a petition, a count or a word outside the user's scope: every figure is recounted over
the members the user may see, a cluster with none is 404, and the petition list's cluster filter stays scoped."""

import pytest
from django.test import Client
from django.urls import reverse

from topics import selectors
from topics.models import Cluster, Membership
from topics.services import cluster_topics

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(topic_world):
    run = cluster_topics(period="month")
    land = Membership.objects.get(petition=topic_world.land_mq).cluster
    # a word only 民勤县's petition holds, in the stored label and in its member's terms
    Cluster.objects.filter(pk=land.pk).update(keywords=["征地", "补偿款", "民勤机密词"])
    Membership.objects.filter(petition=topic_world.land_mq).update(terms="民勤机密词 征地")
    return run


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows(user, run):
    return {v.pk: v for v in selectors.decorate(user, selectors.ranking(user, run))}


def test_a_county_sees_its_own_members_only(topic_world, run):
    w = topic_world
    land = Membership.objects.get(petition=w.land_mq).cluster
    wages = Membership.objects.get(petition=w.wages_gz[0]).cluster
    seen = rows(w.province.liangzhou_leader, run)
    assert set(seen) == {land.pk}  # 甘州区's cluster is not there at all
    view = seen[land.pk]
    assert (view.size, view.previous) == (3, 1)  # 民勤县's petition is not counted
    assert not view.complete
    assert "民勤机密词" not in view.keywords and view.keywords
    assert [name for name, _ in view.regions] == ["凉州区"]
    assert w.land_mq.pk not in {p.pk for p in view.examples}
    assert wages.pk not in seen


def test_the_city_sees_the_whole_cluster_with_its_stored_label(topic_world, run):
    w = topic_world
    seen = rows(w.province.wuwei_supervisor, run)
    land = Membership.objects.get(petition=w.land_mq).cluster
    assert set(seen) == {land.pk}
    view = seen[land.pk]
    assert (view.size, view.previous, view.complete) == (4, 1, True)
    assert view.keywords == ["征地", "补偿款", "民勤机密词"]
    province = rows(w.province.province_leader, run)
    assert len(province) == 2


def test_pages_and_api_of_a_cluster_outside_scope_are_404(topic_world, run):
    w = topic_world
    wages = Membership.objects.get(petition=w.wages_gz[0]).cluster
    land = Membership.objects.get(petition=w.land_mq).cluster
    client = client_for(w.province.liangzhou_leader)
    for url in (reverse("topics:detail", args=[wages.pk]), f"/api/v1/topics/clusters/{wages.pk}/"):
        assert client.get(url).status_code == 404
    assert client.get(reverse("topics:detail", args=[987654])).status_code == 404
    page = client.get(reverse("topics:detail", args=[land.pk])).content.decode()
    assert "民勤机密词" not in page and w.land_mq.number not in page and w.land_lz[0].number in page
    listing = client.get(reverse("topics:list")).content.decode()
    assert (
        "民勤机密词" not in listing and w.land_mq.title not in listing and w.wages_gz[0].title not in listing
    )
    api = client.get("/api/v1/topics/clusters/").json()
    assert api["count"] == 1 and api["results"][0]["size"] == 3
    assert "民勤机密词" not in str(api) and w.land_mq.number not in str(api)
    detail = client.get(f"/api/v1/topics/clusters/{land.pk}/").json()
    assert detail["size"] == 3 and not detail["complete"]


def test_people_without_statistics_see_no_topics(topic_world, run):
    p = topic_world.province
    land = Membership.objects.get(petition=topic_world.land_mq).cluster
    for user in (p.liangzhou_clerk, p.lawyer, p.sysadmin):
        client = client_for(user)
        assert client.get(reverse("topics:list")).status_code == 404
        assert client.get(reverse("topics:detail", args=[land.pk])).status_code == 404
        assert client.get("/api/v1/topics/clusters/").status_code == 404
        assert rows(user, run) == {}
    anonymous = Client()
    assert anonymous.get(reverse("topics:list")).status_code == 302
    assert anonymous.get("/api/v1/topics/clusters/").status_code in (401, 403)


def test_the_petition_list_filtered_to_a_cluster_stays_in_scope(topic_world, run):
    w = topic_world
    land = Membership.objects.get(petition=w.land_mq).cluster
    wages = Membership.objects.get(petition=w.wages_gz[0]).cluster
    client = client_for(w.province.liangzhou_leader)
    page = client.get(reverse("petitions:list"), {"cluster": land.pk}).content.decode()
    assert all(p.number in page for p in [*w.land_lz, w.land_old])
    assert w.land_mq.number not in page and w.other[0].number not in page
    assert "仅显示所选类案中的事项" in page
    page = client.get(reverse("petitions:list"), {"cluster": wages.pk}).content.decode()
    assert w.wages_gz[0].number not in page and w.land_lz[0].number not in page
    api = client.get("/api/v1/petitions/", {"cluster": land.pk}).json()
    assert {r["number"] for r in api["results"]} == {p.number for p in [*w.land_lz, w.land_old]}
    for bad in ("abc", "-1", "1e9", "１２", "9" * 40, "1 OR 1=1"):
        response = client.get(reverse("petitions:list"), {"cluster": bad})
        assert response.status_code == 200 and w.land_lz[0].number not in response.content.decode()
