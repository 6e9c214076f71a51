"""The dashboard page and its downloads: who may open them, what they show, how many queries they take."""

import io
import re

import pytest
from django.db import connection
from openpyxl import load_workbook

from analytics.tables import CHARTS

from .conftest import COMPUTED_AT

pytestmark = pytest.mark.django_db
JUNE = "preset=custom&date_from=2026-06-01&date_to=2026-06-30"
JUNE_PARAMS = "from=2026-06-01&to=2026-06-30"


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_dashboard_shows_headline_figures_with_their_definitions(client, dataset, province):
    client.force_login(province.province_leader)
    response = client.get(f"/analytics/?{JUNE}")
    assert response.status_code == 200
    page = _text(response)
    assert 'id="stat-registered"' in page and 'title="期间内登记的信访事项件数（含重信重访）。"' in page
    assert re.search(r'id="stat-registered".*?<div class="value">13</div>', page)
    assert re.search(r'id="stat-settled_rate".*?<div class="value">66.7%</div>', page)
    assert re.search(r'id="stat-registered".*?同比 ▲ 550.0%', page)
    for chart in ("trend", "system", "channel", "category", "settlement_form"):
        assert f'id="chart-{chart}"' in page and f"/analytics/export/{chart}.xlsx?" in page
    assert 'id="dashboard-data"' in page and "vendor/echarts/echarts.min.js" in page
    assert "张掖市" in page or "甘州区" in page  # the province leader's region table includes 张掖


def test_the_dashboard_never_counts_out_of_scope_petitions(client, dataset, province):
    client.force_login(province.liangzhou_leader)
    page = _text(client.get(f"/analytics/?{JUNE}"))
    assert re.search(r'id="stat-registered".*?<div class="value">11</div>', page)
    assert "民勤县" not in page.split('id="region-title"')[1].split("</section>")[0]
    assert "甘州区" not in page


def test_only_statistics_roles_may_open_it(client, province):
    client.force_login(province.liangzhou_clerk)  # 接访员 at a reception centre
    assert client.get("/analytics/").status_code == 404
    assert client.get(f"/analytics/export/system.xlsx?{JUNE_PARAMS}").status_code == 404
    client.force_login(province.lawyer)
    assert client.get("/analytics/").status_code == 404
    client.logout()
    assert client.get("/analytics/").status_code == 302
    for user in (
        province.province_leader,
        province.wuwei_supervisor,
        province.court_head,
        province.province_owner,
    ):
        client.force_login(user)
        assert client.get("/analytics/").status_code == 200, user.username


def test_navigation_item_for_statistics_roles(client, province):
    client.force_login(province.wuwei_supervisor)
    assert "统计分析" in _text(client.get("/"))
    client.force_login(province.liangzhou_clerk)
    assert 'href="/analytics/"' not in _text(client.get("/"))


def test_a_period_that_ends_before_it_starts_shows_a_clear_error(client, province):
    client.force_login(province.province_leader)
    response = client.get("/analytics/?preset=custom&date_from=2026-03-01&date_to=2026-02-01")
    assert response.status_code == 200
    assert "开始日期（2026-03-01）不能晚于结束日期（2026-02-01）。" in _text(response)
    assert 'id="dashboard-data"' not in _text(response)
    response = client.get("/analytics/?preset=custom&date_from=2019-01-01&date_to=2026-02-01")
    assert "统计期间不能超过5年" in _text(response)


def test_presets_resolve_to_dates(client, province, clock):
    client.force_login(province.province_leader)
    page = _text(client.get("/analytics/?preset=last_year"))
    assert "统计期间 2025-01-01 至 2025-12-31" in page
    page = _text(client.get("/analytics/"))
    assert "统计期间 2026-01-01 至 2026-06-01" in page  # this year, to date
    page = _text(client.get("/analytics/?preset=this_month"))
    assert "统计期间 2026-06-01 至 2026-06-01" in page


def test_the_dashboard_keeps_to_its_query_budget(
    client, dataset, backlog_campaign, province, django_assert_max_num_queries
):
    """18 today. Others': session, user, memberships (3) — the navigation's badges load after the page
    (``/nav/badges/``) —, the open alerts panel (2), the hot-topics card (1: no clustering run yet). Ours: the filter's choices — regions, units, tags (3); the data version for the cache
    key (1); the figures — id bounds, summary by day, system × channel × category, place × handling unit,
    child units, active campaigns, per campaign its chosen cases and its progress (8); on PostgreSQL also ``SET LOCAL work_mem`` (1).
    None per row."""
    client.force_login(province.wuwei_supervisor)
    budget = 18 + (connection.vendor == "postgresql")
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(f"/analytics/?{JUNE}")
    assert response.status_code == 200
    petition_queries = [
        q["sql"] for q in captured.captured_queries if 'FROM "petitions_petition"' in q["sql"]
    ]
    mine = [q for q in petition_queries if "m_registered" in q or '"lo"' in q or "m_stage0" in q]
    assert len(mine) == 5  # bounds, by day, by system × channel × category, by place × unit, the campaign


def test_every_chart_downloads_as_xlsx_with_the_same_figures(client, dataset, province):
    client.force_login(province.province_leader)
    for chart in CHARTS:
        response = client.get(f"/analytics/export/{chart}.xlsx?{JUNE_PARAMS}")
        assert response.status_code == 200, chart
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames[0] == "说明" and len(book.sheetnames) == 2
    book = load_workbook(io.BytesIO(client.get(f"/analytics/export/system.xlsx?{JUNE_PARAMS}").content))
    sheet = book[book.sheetnames[1]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r and r[0]}
    header = [c.value for c in sheet[1]]
    assert rows["法院"][header.index("登记件数")] == 4
    assert rows["法院"][header.index("息诉罢访率")] == pytest.approx(75.0)  # P6, P8, P10 of P6, P7, P8, P10
    summary = load_workbook(io.BytesIO(client.get(f"/analytics/export/summary.xlsx?{JUNE_PARAMS}").content))
    values = {
        r[0]: r[1] for r in summary[summary.sheetnames[1]].iter_rows(min_row=2, values_only=True) if r[0]
    }
    assert values["登记件数"] == 13 and values["息诉罢访率"] == pytest.approx(66.7)
    everything = load_workbook(io.BytesIO(client.get(f"/analytics/export/all.xlsx?{JUNE_PARAMS}").content))
    assert len(everything.sheetnames) >= 1 + len(CHARTS)


def test_export_errors(client, province):
    client.force_login(province.province_leader)
    response = client.get("/analytics/export/system.xlsx?from=2026-03-01&to=2026-02-01")
    assert response.status_code == 400 and "不能晚于" in response.content.decode()
    assert client.get("/analytics/export/weather.xlsx").status_code == 404


def test_computed_at_is_the_moment_overdue_is_judged(client, dataset, province, clock):
    clock.move_to(COMPUTED_AT)
    client.force_login(province.province_leader)
    page = _text(client.get(f"/analytics/?{JUNE}"))
    assert re.search(r'id="stat-overdue_open".*?<div class="value">6</div>', page)


def test_campaign_progress_on_the_page_and_as_xlsx(client, backlog_campaign, province):
    client.force_login(province.wuwei_supervisor)
    page = _text(client.get(f"/analytics/?{JUNE}"))
    assert "专项活动进度：2026年积案化解专项活动" in page and "逾期未达标" in page
    response = client.get(f"/analytics/export/campaign-{backlog_campaign.pk}.xlsx?{JUNE_PARAMS}")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book[book.sheetnames[1]].iter_rows(values_only=True))
    assert rows[0][:2] == ("单位", "活动范围件数")
    total = next(r for r in rows if r[0] == "合计")
    assert total[1] == 50 and total[2] == "60.0%（未达标）"
    assert client.get(f"/analytics/export/campaign-999.xlsx?{JUNE_PARAMS}").status_code == 404


def test_a_stored_control_character_in_a_unit_name_never_breaks_an_export(client, dataset, province):
    from organisations.models import Unit

    Unit.objects.filter(pk=province.wuwei_committee.pk).update(name="武威市委\x01政法委\u202e")
    client.force_login(province.province_leader)
    response = client.get(f"/analytics/export/all.xlsx?{JUNE_PARAMS}")
    assert response.status_code == 200
    names = [
        r[1]
        for ws in load_workbook(io.BytesIO(response.content)).worksheets
        for r in ws.iter_rows(values_only=True)
        if len(r) > 1
    ]
    assert "武威市委政法委" in names
