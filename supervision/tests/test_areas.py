"""包片 assignment: a 政法委's 督办员, 领导 or 部门负责人 assigns leaders of its region the units of its region, and
ends the assignment; recorded in the audit log; page and API through the same service and scope."""

import pytest

from audit.models import AuditEntry
from core.errors import InvalidInput, PermissionDenied
from notifications.models import Notification
from supervision import selectors, services
from supervision.models import AreaAssignment

pytestmark = pytest.mark.django_db


def recorded() -> list[str]:
    return list(
        AuditEntry.objects.filter(act="permission_change")
        .order_by("seq")
        .values_list("details__action", flat=True)
    )


class TestService:
    def test_assign_and_end_are_recorded(self, province):
        area = services.area_assign(actor=province.wuwei_supervisor, leader=province.city_court_head,
                                    units=[province.liangzhou_court, province.liangzhou_police], note="分管政法")  # fmt: skip
        assert area.committee == province.wuwei_committee and area.is_active
        board = selectors.area_board(province.city_court_head)
        assert {u.pk for u in board["units"]} == {province.liangzhou_court.pk, province.liangzhou_police.pk}
        assert Notification.objects.filter(user=province.city_court_head, title__contains="包片").exists()
        services.area_end(actor=province.city_committee_head, area=area, reason="分工调整")
        area.refresh_from_db()
        assert (
            not area.is_active
            and area.ended_by == province.city_committee_head
            and area.end_reason == "分工调整"
        )
        assert selectors.area_board(province.city_court_head)["figures"] == []
        assert recorded() == ["area_assign", "area_end"]
        with pytest.raises(InvalidInput, match="已经结束"):
            services.area_end(actor=province.wuwei_supervisor, area=area)
        assert AreaAssignment.objects.get(pk=area.pk).ended_by == province.city_committee_head

    def test_bad_input_and_wrong_people_change_nothing(self, province):
        with pytest.raises(InvalidInput) as exc:  # a unit of 张掖 and a leader of the province
            services.area_assign(actor=province.wuwei_supervisor, leader=province.province_leader,
                                 units=[province.ganzhou_center])  # fmt: skip
        assert set(exc.value.errors) == {"units", "leader"}
        with pytest.raises(InvalidInput) as exc:  # a handler is not a leader
            services.area_assign(actor=province.wuwei_supervisor, leader=province.liangzhou_handler,
                                 units=[province.liangzhou_court], note="长" * 201)  # fmt: skip
        assert set(exc.value.errors) == {"leader", "note"}
        with pytest.raises(InvalidInput) as exc:
            services.area_assign(actor=province.wuwei_supervisor, leader=province.court_head, units=[])
        assert set(exc.value.errors) == {"units"}
        with pytest.raises(PermissionDenied):  # not a 政法委
            services.area_assign(actor=province.court_head, leader=province.court_head,
                                 units=[province.liangzhou_court])  # fmt: skip
        with pytest.raises(PermissionDenied):  # another committee named
            services.area_assign(actor=province.liangzhou_leader, leader=province.court_head,
                                 units=[province.liangzhou_court], committee=province.wuwei_committee)  # fmt: skip
        assert not AreaAssignment.objects.exists() and recorded() == []
        area = services.area_assign(actor=province.wuwei_supervisor, leader=province.court_head,
                                    units=[province.liangzhou_court])  # fmt: skip
        with pytest.raises(InvalidInput, match="已包片"):
            services.area_assign(actor=province.city_committee_head, leader=province.court_head,
                                 units=[province.liangzhou_court])  # fmt: skip
        with pytest.raises(PermissionDenied):  # 凉州区委政法委 did not make it
            services.area_end(actor=province.liangzhou_leader, area=area)
        assert AreaAssignment.objects.count() == 1 and AreaAssignment.objects.get().is_active

    def test_a_county_committee_assigns_within_its_county(self, province):
        area = services.area_assign(actor=province.liangzhou_leader, leader=province.court_head,
                                    units=[province.liangzhou_court])  # fmt: skip
        assert area.committee == province.liangzhou_committee
        with pytest.raises(InvalidInput):  # 武威市's court is above the county
            services.area_assign(actor=province.liangzhou_leader, leader=province.court_head,
                                 units=[province.wuwei_court])  # fmt: skip


class TestPage:
    def test_assign_list_and_end(self, client, province):
        client.force_login(province.wuwei_supervisor)
        assert "/supervision/areas/" in client.get("/").content.decode()  # in the navigation
        page = client.get("/supervision/areas/")
        assert page.status_code == 200 and "尚未指定包片" in page.content.decode()
        bad = client.post("/supervision/areas/", {"committee": province.wuwei_committee.pk,
                                                   "leader": province.liangzhou_handler.pk,
                                                   "units": [province.ganzhou_center.pk]})  # fmt: skip
        assert bad.status_code == 400 and set(bad.context["form"].errors) == {"leader", "units"}
        refused = client.post("/supervision/areas/", {"committee": province.wuwei_committee.pk,
                                                       "leader": province.court_head.pk, "units": []})  # fmt: skip
        assert refused.status_code == 400 and "units" in refused.context["form"].errors
        assert not AreaAssignment.objects.exists()
        done = client.post("/supervision/areas/", {"committee": province.wuwei_committee.pk,
                                                    "leader": province.city_court_head.pk,
                                                    "units": [province.liangzhou_court.pk], "note": "联系法院"})  # fmt: skip
        assert done.status_code == 302
        area = AreaAssignment.objects.get()
        assert "联系法院" in client.get("/supervision/areas/").content.decode()
        client.force_login(province.liangzhou_leader)  # another committee: not listed, cannot end it
        assert "联系法院" not in client.get("/supervision/areas/").content.decode()
        assert client.post(f"/supervision/areas/{area.pk}/end/", {"reason": "x"}).status_code == 404
        client.force_login(province.court_head)  # not a 政法委
        assert client.get("/supervision/areas/").status_code == 404
        assert AreaAssignment.objects.get().is_active
        client.force_login(province.city_committee_head)
        assert client.post(f"/supervision/areas/{area.pk}/end/", {"reason": "分工调整"}).status_code == 302
        area.refresh_from_db()
        assert not area.is_active and area.end_reason == "分工调整"
        assert "已结束" in client.get("/supervision/areas/").content.decode()
        again = client.post(f"/supervision/areas/{area.pk}/end/", {"reason": "再次"}, follow=True)
        assert "已经结束" in again.content.decode()
        area.refresh_from_db()
        assert area.end_reason == "分工调整"


class TestApi:
    def test_list_assign_and_end(self, client, province):
        client.force_login(province.wuwei_supervisor)
        url = "/api/v1/supervision/areas/"
        bad = client.post(url, {"leader": province.liangzhou_handler.pk, "units": [province.ganzhou_center.pk]},
                          content_type="application/json")  # fmt: skip
        assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"leader", "units"}
        huge = client.post(url, {"leader": 10**30, "units": ["x"]}, content_type="application/json")
        assert huge.status_code == 400
        foreign = client.post(url, {"committee": province.liangzhou_committee.code, "leader": province.court_head.pk,
                                    "units": [province.liangzhou_court.pk]}, content_type="application/json")  # fmt: skip
        assert foreign.status_code == 400 and "committee" in foreign.json()["error"]["fields"]
        assert not AreaAssignment.objects.exists()
        made = client.post(url, {"leader": province.city_court_head.pk, "units": [province.liangzhou_court.pk],
                                 "note": "联系法院"}, content_type="application/json")  # fmt: skip
        assert made.status_code == 201
        row = made.json()
        assert row["committee"] == province.wuwei_committee.code and row["unit_names"] == ["凉州区人民法院"]
        assert client.get(url).json()["count"] == 1
        client.force_login(province.liangzhou_leader)
        assert client.get(url).json()["count"] == 0
        assert client.get(f"{url}{row['id']}/").status_code == 404
        assert client.post(f"{url}{row['id']}/end/", {}, content_type="application/json").status_code == 404
        client.force_login(province.court_head)
        assert client.post(url, {"leader": province.court_head.pk, "units": [province.liangzhou_court.pk]},
                           content_type="application/json").status_code == 404  # fmt: skip
        client.force_login(province.wuwei_supervisor)
        ended = client.post(f"{url}{row['id']}/end/", {"reason": "分工调整"}, content_type="application/json")
        assert ended.status_code == 200 and ended.json()["is_active"] is False
        twice = client.post(f"{url}{row['id']}/end/", {}, content_type="application/json")
        assert twice.status_code == 400
        assert recorded() == ["area_assign", "area_end"]


def test_demo_area_goes_through_the_service(province):
    from supervision import demo

    assert (
        demo.seed_areas(city_code=province.wuwei_committee.code, username=province.wuwei_supervisor.username)
        == 1
    )
    area = AreaAssignment.objects.get()
    assert area.committee == province.wuwei_committee and list(area.units.all()) == [province.liangzhou_court]
    assert recorded() == ["area_assign"]
    assert (
        demo.seed_areas(city_code=province.wuwei_committee.code, username=province.wuwei_supervisor.username)
        == 0
    )
