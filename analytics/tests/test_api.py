"""GET /api/v1/statistics/: the dashboard's figures as JSON, scoped, with structured errors."""

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/statistics/"


def test_statistics_as_json(client, dataset, province):
    client.force_login(province.province_leader)
    response = client.get(URL, {"from": "2026-06-01", "to": "2026-06-30"})
    assert response.status_code == 200
    body = response.json()
    assert body["values"]["registered"] == 13 and body["values"]["settled_rate"] == 66.7
    assert body["previous_year"]["change"]["registered"] == 550.0
    assert body["previous_period"]["values"]["registered"] == 1
    assert {r["key"]: r["registered"] for r in body["breakdowns"]["city"]} == {"620600": 12, "620700": 1}
    forms = {r["key"]: r["share"] for r in body["breakdowns"]["settlement_form"]}
    assert forms == {"written_pledge": 25.0, "approved_termination": 25.0, "other": 50.0}
    assert body["ranking"]["metric"] == "settled_rate" and body["ranking"]["rows"][0]["rank"] == 1
    assert {m["key"] for m in body["metrics"]} >= {"registered", "settled_rate", "handling_time_avg"}


def test_the_api_never_includes_out_of_scope_petitions(client, dataset, province):
    client.force_login(province.liangzhou_leader)
    body = client.get(URL, {"from": "2026-06-01", "to": "2026-06-30"}).json()
    assert body["values"]["registered"] == 11
    assert {r["key"] for r in body["breakdowns"]["region"]} == {"620602"}
    assert "city" not in body["breakdowns"]
    body = client.get(URL, {"from": "2026-06-01", "to": "2026-06-30", "region": "620621"}).json()
    assert body["values"]["registered"] == 0  # 民勤 is outside the county leader's scope


def test_filters(client, dataset, province):
    client.force_login(province.province_leader)

    def registered(**params):
        return client.get(URL, {"from": "2026-06-01", "to": "2026-06-30", **params}).json()["values"][
            "registered"
        ]

    assert registered(region="620600") == 12
    assert registered(unit=province.minqin_committee.code) == 1
    assert registered(system="court") == 4
    assert registered(channel="video") == 1
    assert registered(tag="执行难") == 2


def test_structured_errors(client, province):
    client.force_login(province.province_leader)
    response = client.get(URL, {"from": "2026-03-01", "to": "2026-02-01"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (
        error["code"] == "invalid"
        and error["message"] == "开始日期（2026-03-01）不能晚于结束日期（2026-02-01）。"
    )
    assert "to" in error["fields"]
    error = client.get(URL, {"from": "2026-13-01", "unit": "nowhere"}).json()["error"]
    assert set(error["fields"]) == {"from", "unit"}
    error = client.get(URL, {"from": "2019-01-01", "to": "2026-01-01"}).json()["error"]
    assert "不能超过5年" in error["message"]


def test_permissions(client, province):
    assert client.get(URL).status_code == 403  # not logged in (session auth)
    client.force_login(province.liangzhou_clerk)
    response = client.get(URL)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_the_schema_documents_the_endpoint(client, province):
    client.force_login(province.province_leader)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/statistics/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {
        "from",
        "to",
        "unit",
        "region",
        "system",
        "channel",
    }
