"""``manage.py report`` and ``manage.py statistics_docs``."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from analytics.docs import statistics_markdown
from analytics.metrics import METRICS

pytestmark = pytest.mark.django_db


def _report(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_report_prints_json_for_the_whole_province(dataset):
    body = json.loads(_report("--from", "2026-06-01", "--to", "2026-06-30"))
    assert body["scope"] == "全省"
    assert body["values"]["registered"] == 13 and body["values"]["settled_rate"] == 66.7
    assert body["previous_year"]["change"]["registered"] == 550.0
    assert set(body["breakdowns"]) == {
        "month", "region", "city", "registered_unit", "handling_unit", "system", "channel", "category", "tag",
        "settlement_form",
    }  # fmt: skip
    assert body["ranking"]["best"]


def test_report_for_a_unit_uses_that_units_scope(dataset, province):
    body = json.loads(
        _report("--from", "2026-06-01", "--to", "2026-06-30", "--unit", province.liangzhou_committee.code)
    )
    assert body["scope"] == "凉州区委政法委" and body["values"]["registered"] == 11
    body = json.loads(
        _report("--from", "2026-06-01", "--to", "2026-06-30", "--unit", province.minqin_center.code)
    )
    assert body["values"]["registered"] == 1  # a reception centre: what it registered


def test_report_writes_xlsx(dataset, tmp_path):
    target = tmp_path / "report.xlsx"
    _report("--from", "2026-06-01", "--to", "2026-06-30", "--format", "xlsx", "--output", str(target))
    book = load_workbook(target)
    assert book.sheetnames[0] == "说明" and "指标汇总" in book.sheetnames
    summary = {r[0]: r[1] for r in book["指标汇总"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert summary["登记件数"] == 13 and summary["息诉罢访率"] == pytest.approx(66.7)
    assert len(book.sheetnames) == 1 + 1 + 10 + 1  # cover, summary, ten breakdowns, ranking


def test_report_refuses_a_backwards_period_and_bad_input(tmp_path):
    with pytest.raises(CommandError, match="开始日期（2026-03-01）不能晚于结束日期（2026-02-01）"):
        _report("--from", "2026-03-01", "--to", "2026-02-01")
    with pytest.raises(CommandError, match="不能超过5年"):
        _report("--from", "2019-01-01", "--to", "2026-02-01")
    with pytest.raises(CommandError, match="日期格式"):
        _report("--from", "2026-02-30", "--to", "2026-03-01")
    with pytest.raises(CommandError, match="未找到单位编码"):
        _report("--from", "2026-01-01", "--to", "2026-03-01", "--unit", "nowhere")
    with pytest.raises(CommandError, match="--output"):
        _report("--from", "2026-01-01", "--to", "2026-03-01", "--format", "xlsx")


def test_report_json_to_a_file(dataset, tmp_path):
    target = tmp_path / "report.json"
    _report("--from", "2026-06-01", "--to", "2026-06-30", "--output", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["values"]["registered"] == 13


def test_the_committed_statistics_page_is_generated_from_the_metrics():
    committed = (Path(settings.BASE_DIR) / "docs" / "statistics.md").read_text(encoding="utf-8")
    assert committed == statistics_markdown(), "run: python manage.py statistics_docs"
    for metric in METRICS:
        assert f"`{metric.key}`" in committed and str(metric.definition) in committed
    call_command("statistics_docs", "--check", stdout=io.StringIO())


def test_statistics_docs_writes_the_file(tmp_path):
    target = tmp_path / "statistics.md"
    call_command("statistics_docs", "--output", str(target), stdout=io.StringIO())
    assert target.read_text(encoding="utf-8") == statistics_markdown()
    target.write_text("stale", encoding="utf-8")
    with pytest.raises(CommandError, match="不是最新的"):
        call_command("statistics_docs", "--output", str(target), "--check", stdout=io.StringIO())
