"""两查一访一满意 pages and API: the committee samples cases reported settled, records verdicts; another
committee's visits are 404; bad input gets field errors and changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from circulars import services
from circulars.models import ReturnVisit
from deadlines.calendar import local_date
from petitions.models import Event, SettlementState

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": "2026-06-01", "date_to": "2026-08-31"}


def today() -> dt.date:
    return local_date(timezone.now())


@pytest.fixture
def visits(dataset, province):
    return services.return_visit_sample(committee=province.wuwei_committee, actor=province.wuwei_supervisor,
                                        share=100, date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 8, 31))  # fmt: skip


def test_page_samples_lists_filters_and_records(dataset, province, client):
    p6 = dataset.petitions["P6"]
    client.force_login(province.wuwei_supervisor)
    page = client.get("/circulars/return-visits/")
    assert page.status_code == 200 and "暂无回访案件" in page.content.decode()
    assert "/circulars/return-visits/" in client.get("/").content.decode()  # in the navigation
    response = client.post("/circulars/return-visits/", {"committee": province.wuwei_committee.pk, "share": "100",
                                                          **PERIOD})  # fmt: skip
    assert response.status_code == 302
    visit = ReturnVisit.objects.get(committee=province.wuwei_committee, petition=p6)
    assert visit.handling_unit == p6.handling_unit and not visit.verdict
    listed = client.get("/circulars/return-visits/", {"verdict": "pending"}).content.decode()
    assert p6.number in listed
    page = client.get("/circulars/return-visits/", {"handling_unit": p6.handling_unit_id, "date_from": "2026-06-01",
                                                     "date_to": "2026-06-01"})  # fmt: skip
    assert [v.pk for v in page.context["page"]] == [visit.pk]
    assert page.context["page"].paginator.per_page == 30
    later = client.get("/circulars/return-visits/", {"date_from": "2026-07-01"}).context["page"]
    assert visit.pk not in [v.pk for v in later]
    form = client.get(f"/circulars/return-visits/{visit.pk}/")
    assert form.status_code == 200 and 'name="verdict"' in form.content.decode()
    done = client.post(f"/circulars/return-visits/{visit.pk}/", {"visited_on": today().isoformat(),
                                                                 "verdict": "unsettled", "note": "仍在上访"})  # fmt: skip
    assert done.status_code == 302
    visit.refresh_from_db()
    p6.refresh_from_db()
    assert visit.verdict == "unsettled" and visit.visited_by == province.wuwei_supervisor
    assert p6.settlement_state == SettlementState.UNSETTLED
    assert Event.objects.filter(petition=p6, action="return_visit_unsettled").count() == 1
    unsettled = client.get("/circulars/return-visits/", {"verdict": "unsettled"})
    assert [v.pk for v in unsettled.context["page"]] == [visit.pk]
    assert visit.pk not in [v.pk for v in client.get("/circulars/return-visits/", {"verdict": "pending"})
                            .context["page"]]  # fmt: skip
    again = client.post(f"/circulars/return-visits/{visit.pk}/", {"visited_on": today().isoformat(),
                                                                  "verdict": "settled"})  # fmt: skip
    assert again.status_code == 400 and "已经记录" in again.content.decode()
    visit.refresh_from_db()
    assert visit.verdict == "unsettled"


def test_bad_input_gets_field_errors_and_changes_nothing(visits, province, client):
    client.force_login(province.wuwei_supervisor)
    before = ReturnVisit.objects.count()
    bad = client.post("/circulars/return-visits/", {"committee": province.wuwei_committee.pk, "share": "0",
                                                     "date_from": "2026-08-31", "date_to": "2026-06-01"})  # fmt: skip
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"share", "date_to"}
    other = client.post("/circulars/return-visits/", {"committee": province.liangzhou_committee.pk, "share": "10",
                                                       **PERIOD})  # fmt: skip
    assert "committee" in other.context["form"].errors
    filters = client.get("/circulars/return-visits/", {"verdict": "nonsense", "date_from": "2026-02-30"})
    assert filters.status_code == 200 and set(filters.context["filters"].errors) == {"verdict", "date_from"}
    visit = visits[0]
    future = client.post(f"/circulars/return-visits/{visit.pk}/", {"visited_on": (today() + dt.timedelta(days=1))
                                                                   .isoformat(), "verdict": "settled"})  # fmt: skip
    assert future.status_code == 400 and "visited_on" in future.context["form"].errors
    missing = client.post(f"/circulars/return-visits/{visit.pk}/", {"visited_on": "", "verdict": "maybe"})
    assert set(missing.context["form"].errors) == {"visited_on", "verdict"}
    assert ReturnVisit.objects.count() == before
    visit.refresh_from_db()
    assert not visit.verdict and visit.visited_on is None
    assert not Event.objects.filter(action__startswith="return_visit").exists()


def test_another_committees_visits_are_404(visits, province, client):
    visit = visits[0]
    client.force_login(province.liangzhou_leader)  # 凉州区委政法委: a committee, but not this visit's
    assert client.get("/circulars/return-visits/").status_code == 200
    assert visit.petition.number not in client.get("/circulars/return-visits/").content.decode()
    assert client.get(f"/circulars/return-visits/{visit.pk}/").status_code == 404
    assert client.post(f"/circulars/return-visits/{visit.pk}/", {"visited_on": "2026-08-01",
                                                                 "verdict": "unsettled"}).status_code == 404  # fmt: skip
    assert client.get(f"/api/v1/return-visits/{visit.pk}/").status_code == 404
    assert client.post(f"/api/v1/return-visits/{visit.pk}/record/", {"visited_on": "2026-08-01",
                       "verdict": "unsettled"}, content_type="application/json").status_code == 404  # fmt: skip
    assert client.get("/api/v1/return-visits/").json()["count"] == 0
    client.force_login(province.court_head)  # not a committee: no page at all
    assert client.get("/circulars/return-visits/").status_code == 404
    assert client.post("/api/v1/return-visits/sample/", {"committee": province.wuwei_committee.code, "share": 50,
                       **PERIOD}, content_type="application/json").status_code == 404  # fmt: skip
    visit.refresh_from_db()
    assert not visit.verdict


def test_api_lists_samples_and_records(dataset, province, client):
    client.force_login(province.wuwei_supervisor)
    url = "/api/v1/return-visits/"
    bad = client.post(f"{url}sample/", {"committee": province.wuwei_committee.code, "share": "150",
                                        "date_from": "2026-08-31", "date_to": "2026-06-01"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "share" in bad.json()["error"]["fields"]
    reversed_period = client.post(f"{url}sample/", {"committee": province.wuwei_committee.code, "share": "50",
                                                    "date_from": "2026-08-31", "date_to": "2026-06-01"},
                                  content_type="application/json")  # fmt: skip
    assert reversed_period.status_code == 400 and "date_to" in reversed_period.json()["error"]["fields"]
    foreign = client.post(f"{url}sample/", {"committee": province.liangzhou_committee.code, "share": "50", **PERIOD},
                          content_type="application/json")  # fmt: skip
    assert foreign.status_code == 400 and "committee" in foreign.json()["error"]["fields"]
    assert not ReturnVisit.objects.exists()
    made = client.post(f"{url}sample/", {"committee": province.wuwei_committee.code, "share": "100", **PERIOD},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201
    p6 = dataset.petitions["P6"]
    row = next(r for r in made.json() if r["petition"] == p6.pk)
    assert row["petition_number"] == p6.number and row["verdict"] == ""
    listed = client.get(url, {"verdict": "pending"}).json()
    assert listed["count"] == len(made.json())
    assert client.get(url, {"verdict": "nonsense"}).status_code == 400
    record = f"{url}{row['id']}/record/"
    future = client.post(record, {"visited_on": (today() + dt.timedelta(days=3)).isoformat(), "verdict": "settled"},
                         content_type="application/json")  # fmt: skip
    assert future.status_code == 400 and "visited_on" in future.json()["error"]["fields"]
    assert client.post(record, {"visited_on": "2026-08-01", "verdict": "maybe"},
                       content_type="application/json").status_code == 400  # fmt: skip
    assert not ReturnVisit.objects.exclude(verdict="").exists()
    done = client.post(record, {"visited_on": "2026-08-01", "verdict": "settled", "note": "已息诉"},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["verdict"] == "settled"
    assert client.get(url, {"verdict": "settled"}).json()["count"] == 1
    assert client.get(f"{url}{row['id']}/").json()["note"] == "已息诉"
    twice = client.post(
        record, {"visited_on": "2026-08-01", "verdict": "unsettled"}, content_type="application/json"
    )
    assert twice.status_code == 400
    p6.refresh_from_db()
    assert p6.settlement_state == SettlementState.SETTLED


def test_demo_return_visits_go_through_the_services(dataset, province):
    from circulars import demo

    sampled, recorded = demo.return_visits(province.wuwei_committee, province.wuwei_supervisor, today())
    visits = ReturnVisit.objects.filter(committee=province.wuwei_committee)
    assert sampled == visits.count() >= 1 and recorded == visits.exclude(verdict="").count() >= 1
    if recorded > 1:
        assert visits.filter(verdict="unsettled").count() == 1
    assert Event.objects.filter(action__startswith="return_visit").count() == recorded
    assert demo.return_visits(province.wuwei_committee, province.wuwei_supervisor, today()) == (
        0,
        0,
    )  # idempotent


@pytest.mark.parametrize(("share", "expected"), [(1, 1), (20, 1), (25, 1), ("25.01", 2), (50, 2), (100, 4)])
def test_sample_share_is_rounded_up(dataset, province, share, expected):
    """Four cases reported settled in 武威市 in the period: a share of them is rounded up to whole cases."""
    from decimal import Decimal

    visits = services.return_visit_sample(committee=province.wuwei_committee, actor=province.wuwei_supervisor,
                                          share=Decimal(share), date_from=dt.date(2026, 6, 1),
                                          date_to=dt.date(2026, 8, 31))  # fmt: skip
    assert len(visits) == expected
