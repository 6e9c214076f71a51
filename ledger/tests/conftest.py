"""Helpers for the ledger tests: workbooks written from rows given by header, and one valid row per state."""

import io
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from openpyxl import Workbook, load_workbook

from conftest import VALID_ID
from handling.tests.conftest import clock, flow  # noqa: F401  fixtures shared with the lifecycle tests
from ledger.columns import HEADERS
from ledger.validation import LedgerReport, ledger_validate
from petitions.models import Tag

OTHER_ID = "620602199001010019"  # a man (17th digit odd), valid check digit


def xlsx(rows: list[dict[str, Any]], headers: list[str] | None = None) -> bytes:
    """A workbook whose first row is ``headers`` and whose next rows take their cells from ``rows``."""
    headers = HEADERS if headers is None else headers
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_xlsx(content: bytes) -> list[dict[str, Any]]:
    """The rows of a workbook as dicts by header."""
    wb = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    headers = list(rows[0])
    return [
        {h: (r[i] if i < len(r) else None) for i, h in enumerate(headers)}
        for r in rows[1:]
        if any(v is not None for v in r)
    ]


def validate(actor, rows: list[dict[str, Any]], headers: list[str] | None = None) -> LedgerReport:
    return ledger_validate(actor=actor, source=io.BytesIO(xlsx(rows, headers)), file_name="测试台账.xlsx")


def problems(report: LedgerReport) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in report.errors]


def closed_row(province, number: str = "620602-2025-000001", **overrides) -> dict[str, Any]:
    """A case registered in 凉州, handled by the 凉州区人民法院, answered on time and settled."""
    row = {
        "登记编号": number,
        "登记时间": "2025-03-01 09:30",
        "登记单位编码": province.liangzhou_center.code,
        "信访渠道": "来访",
        "信访人姓名": "王建国",
        "身份证号": VALID_ID,
        "联系电话": "13893512345",
        "人数": 1,
        "问题发生地": "620602",
        "住所地": "620602",
        "标题": "不服(2019)甘0602民初88号民事判决",
        "信访诉求": "请求依法再审，撤销原判决。",
        "事实与理由": "原审认定借款事实错误，证据不足。",
        "原办案单位": "凉州区人民法院",
        "原案案号": "(2019)甘0602民初88号",
        "案件类别": "民事",
        "诉讼阶段": "已生效",
        "标记": "越级访",
        "专题标签": "",
        "问题类别": "不服裁判",
        "责任系统": "法院",
        "积案": "否",
        "状态": "办结",
        "甄别结果": "受理",
        "受理时间": "2025-03-05 10:00",
        "及时受理": "是",
        "主办单位编码": province.liangzhou_court.code,
        "办理期限": None,
        "答复时间": "2025-04-20 16:00",
        "按期答复": "是",
        "答复结果": "解释说明",
        "答复送达日期": "2025-04-25",
        "办结时间": "2025-05-10 11:00",
        "按期办结": "是",
        "化解状态": "已结已息",
        "息诉罢访形式": "书面保证息诉罢访",
        "群众满意度": "满意",
        "复查复核层级": 0,
        "终结时间": None,
    }
    row.update(overrides)
    return row


NOT_REPLIED = {"答复时间": None, "按期答复": None, "答复结果": None, "答复送达日期": None, "群众满意度": None}
NOT_CLOSED = {"办结时间": None, "按期办结": None, "化解状态": "未结未息", "息诉罢访形式": None}
NOT_SCREENED = {"甄别结果": None, "受理时间": None, "及时受理": None, "主办单位编码": None}


def state_rows(province) -> dict[str, dict[str, Any]]:
    """One valid row for every importable state, numbered 000101… in the order given."""
    court = province.liangzhou_court.code
    variants = {
        "登记": {"状态": "登记", **NOT_SCREENED, **NOT_REPLIED, **NOT_CLOSED},
        "转送信访部门": {
            "状态": "转送信访部门", **NOT_SCREENED, "甄别结果": "转送信访部门", "及时受理": "是",
            **NOT_REPLIED, **NOT_CLOSED, "办结时间": "2025-03-06 10:00",
        },
        "不予受理": {
            "状态": "不予受理", **NOT_SCREENED, "甄别结果": "不予受理", "及时受理": "否",
            **NOT_REPLIED, **NOT_CLOSED, "办结时间": "2025-03-20 10:00",
        },
        "导入法律程序": {
            "状态": "导入法律程序", **NOT_SCREENED, "甄别结果": "导入法律程序", "及时受理": "是",
            "主办单位编码": province.wuwei_court.code, **NOT_REPLIED, **NOT_CLOSED,
        },
        "交办": {"状态": "交办", **NOT_REPLIED, **NOT_CLOSED, "办理期限": "2025-05-04"},
        "办理中": {"状态": "办理中", **NOT_REPLIED, **NOT_CLOSED},
        "已答复": {"状态": "已答复", **NOT_CLOSED, "答复送达日期": None, "群众满意度": None},
        "已回访": {"状态": "已回访", **NOT_CLOSED},
        "复查中": {
            "状态": "复查中", **NOT_CLOSED, "主办单位编码": province.wuwei_court.code,
            "办理期限": "2025-06-30", "按期办结": "是", "息诉罢访形式": "书面保证息诉罢访",
        },
        "复核中": {
            "状态": "复核中", **NOT_CLOSED, "主办单位编码": province.wuwei_committee.code,
            "办理期限": "2025-08-30", "复查复核层级": 1,
        },
        "办结": {},
        "终结": {
            "状态": "终结", "复查复核层级": 2, "息诉罢访形式": "批准终结", "终结时间": "2025-09-01 10:00",
            "主办单位编码": court,
        },
        "归档": {"状态": "归档"},
    }  # fmt: skip
    return {
        label: closed_row(province, f"620602-2025-{101 + i:06d}", 身份证号=None, **extra)
        for i, (label, extra) in enumerate(variants.items())
    }


def wipe_case_data() -> None:
    """Empty the platform's case data as in a fresh installation, keeping units, staff, regions, rules and
    tags: every petitions model and every model that refers to one, transitively. The timeline is
    append-only for the application (and a PostgreSQL trigger refuses DELETE), so PostgreSQL truncates —
    inside the test's transaction, rolled back afterwards — and SQLite deletes raw."""
    wiped = {
        m for m in apps.get_app_config("petitions").get_models(include_auto_created=True) if m is not Tag
    }
    grown = True
    while grown:
        grown = False
        for model in apps.get_models(include_auto_created=True):
            if model in wiped:
                continue
            targets = {f.related_model for f in model._meta.get_fields() if f.is_relation and f.concrete}
            if targets & wiped:
                wiped.add(model)
                grown = True
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in wiped)
        with connection.cursor() as cursor:
            cursor.execute(
                "SET CONSTRAINTS ALL IMMEDIATE"
            )  # run the deferred checks now: none may be pending
            cursor.execute(f"TRUNCATE {tables} CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        for model in wiped:
            model._base_manager.all()._raw_delete(connection.alias)


@pytest.fixture
def importer(province):
    """The head of 凉州区联合接访中心: imports for that center (and units beneath it)."""
    return province.liangzhou_center_head


@pytest.fixture
def tags(db):
    return [Tag.objects.create(name="执行难"), Tag.objects.create(name="征地")]


def export(client, user, query: str = "") -> list[dict[str, Any]]:
    """The rows of ``user``'s ledger export through the view."""
    client.force_login(user)
    response = client.get("/ledger/export.xlsx" + (f"?{query}" if query else ""))
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return read_xlsx(b"".join(response.streaming_content))
