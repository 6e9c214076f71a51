import datetime as dt
import io

import docx
import pytest
from django.db import connection

from analytics import selectors as stats
from circulars import services
from circulars.models import Circular, CircularRecipient, CircularRule, DocumentCounter, Explanation, RuleKind
from core.errors import InvalidInput, PermissionDenied
from notifications.models import Notification

JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
MAY = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))
pytestmark = pytest.mark.django_db


def issue(province, period=JUNE, kind="monthly", **kwargs):
    return services.circular_issue(issuer=province.committee, kind=kind, date_from=period[0], date_to=period[1],
                                   actor=province.province_supervisor, **kwargs)  # fmt: skip


def rule(kind, verdict, threshold, days=15):
    return CircularRule.objects.create(name=kind, kind=kind, verdict=verdict, threshold=threshold, days=days)


def test_ranking_equals_the_screen_ranking(dataset, province):
    circular = issue(province)
    f = stats.StatsFilter(date_from=JUNE[0], date_to=JUNE[1])
    screen = stats.dashboard(
        province.province_supervisor, f, ranking_metric="settled_rate", ranking_level="children"
    )
    expected = [(r["key"], r["rank"], None if r["settled_rate"] is None else str(r["settled_rate"]), r["legal"])
                for r in screen["ranking"]["rows"]]  # fmt: skip
    got = [(r["key"], r["rank"], r["settled_rate"], r["legal"]) for r in circular.content["ranking"]]
    assert got == expected
    assert len(got) >= 2  # 武威市, 张掖市 and 本级


def test_numbering_per_unit_and_year(dataset, province):
    first, second = issue(province), issue(province)
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.number.endswith(f"〔{second.year}〕2号")
    assert DocumentCounter.objects.get(unit=province.committee).last == 2


@pytest.mark.django_db(transaction=True)
def test_numbering_is_concurrency_safe(province):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from core.testing.concurrency import run_concurrently  # noqa: PLC0415

    def take():
        from django.db import transaction  # noqa: PLC0415

        with transaction.atomic():
            return services.next_number(province.committee, 2026)

    results = []

    def work(_i):
        results.append(take())

    assert run_concurrently(work, 4) == []
    assert sorted(results) == [1, 2, 3, 4]


def test_no_data_is_refused_and_nothing_saved(dataset, province):
    with pytest.raises(InvalidInput) as exc:
        issue(province, period=(dt.date(2026, 7, 1), dt.date(2026, 7, 31)))
    assert "没有" in str(exc.value.errors["period"][0])
    assert not Circular.objects.exists()
    assert not DocumentCounter.objects.filter(last__gt=0).exists()


def test_only_committee_staff_may_issue(dataset, province):
    with pytest.raises(PermissionDenied):
        services.circular_issue(issuer=province.committee, kind="monthly", date_from=JUNE[0], date_to=JUNE[1],
                                actor=province.court_head)  # fmt: skip


def test_praise_and_criticism_by_rule(dataset, province):
    rule(RuleKind.RANK_TOP, "praise", 1)
    rule(RuleKind.OVERDUE_OPEN, "criticise", 1)
    circular = issue(province)
    ranking = {r["key"]: r for r in circular.content["ranking"]}
    praised = {e["key"] for e in circular.content["praised"]}
    criticised = {e["key"] for e in circular.content["criticised"]}
    assert province.wuwei_committee.pk in criticised  # P1, P2, P9, P11 overdue
    assert all(ranking[k]["overdue_open"] >= 1 for k in criticised)
    assert all(ranking[k]["rank"] == 1 for k in praised)
    assert not praised & criticised  # criticism wins over praise
    recipient = CircularRecipient.objects.get(circular=circular, unit=province.wuwei_committee)
    assert recipient.verdict == "criticise" and "超期未结" in recipient.reasons[0]
    assert Notification.objects.filter(user=province.city_committee_head, title__contains="通报批评").exists()


def test_rate_below_rule(dataset, province):
    rule(RuleKind.RATE_BELOW, "criticise", 100)
    circular = issue(province)
    rated = [r for r in circular.content["ranking"] if r["settled_rate"] is not None]
    assert {e["key"] for e in circular.content["criticised"]} == {
        r["key"] for r in rated if float(r["settled_rate"]) < 100
    }


def test_overdue_and_stale_supervised_cases(dataset, province, fake_supervision):
    rule(RuleKind.OVERDUE_SUPERVISED, "criticise", 2)
    rule(RuleKind.STALE_SUPERVISED, "criticise", 1, days=15)
    p = dataset.petitions["P2"]
    base = {"petition_id": p.pk, "number": p.number, "title": p.title, "unit_id": province.liangzhou_court.pk,
            "unit_name": province.liangzhou_court.name, "owner_name": "张三", "deadline": dt.date(2026, 6, 20)}  # fmt: skip
    fake_supervision["overdue"] = [{**base, "days_overdue": 10}]
    fake_supervision["stale"] = [{**base, "unit_id": province.ganzhou_center.pk, "days_since": 20}]
    circular = issue(province)
    reasons = {e["key"]: e["reasons"] for e in circular.content["criticised"]}
    assert province.wuwei_committee.pk not in reasons  # one overdue case, threshold 2
    assert any("无进展" in r for r in reasons[province.zhangye_committee.pk])
    assert circular.content["overdue"][0]["number"] == p.number
    assert CircularRecipient.objects.filter(
        circular=circular, unit=province.wuwei_committee
    ).exists()  # named


def test_criticised_twice_in_a_row_owes_an_explanation(dataset, province):
    rule(RuleKind.OVERDUE_OPEN, "criticise", 1)
    may = issue(province, period=MAY)
    assert province.wuwei_committee.pk in {e["key"] for e in may.content["criticised"]}  # M1 overdue
    assert not Explanation.objects.exists()
    june = issue(province)
    explanation = Explanation.objects.get(circular=june)
    assert explanation.unit == province.wuwei_committee
    with pytest.raises(PermissionDenied):
        services.explanation_submit(explanation=explanation, actor=province.court_head, text="说明")
    services.explanation_submit(
        explanation=explanation, actor=province.city_committee_head, text="原因与整改措施"
    )
    explanation.refresh_from_db()
    assert explanation.submitted_at is not None


def test_not_twice_in_a_row_when_not_criticised_before(dataset, province):
    issue(province, period=MAY)  # no rules yet: nobody criticised
    rule(RuleKind.OVERDUE_OPEN, "criticise", 1)
    issue(province)
    assert not Explanation.objects.exists()


def test_reading_is_recorded_and_docx_downloads(dataset, province, client):
    rule(RuleKind.OVERDUE_OPEN, "criticise", 1)
    circular = issue(province)
    client.force_login(province.city_committee_head)
    response = client.get(f"/circulars/{circular.pk}/download/")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert circular.number in text and "通报批评" in text
    recipient = CircularRecipient.objects.get(circular=circular, unit=province.wuwei_committee)
    assert recipient.read_by == province.city_committee_head


def test_circular_outside_scope_is_404(dataset, province, client):
    circular = services.circular_issue(issuer=province.wuwei_committee, kind="monthly", date_from=JUNE[0],
                                       date_to=JUNE[1], actor=province.wuwei_supervisor)  # fmt: skip
    client.force_login(province.ganzhou_clerk)
    assert client.get(f"/circulars/{circular.pk}/").status_code == 404


def test_campaign_circular_has_stage_progress(dataset, province, backlog_campaign):
    circular = issue(province, kind="campaign", campaign=backlog_campaign)
    assert circular.content["campaign"]["stages"]
