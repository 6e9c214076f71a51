"""Every kind of bad input gives a precise report (row, column, reason in Chinese) and imports nothing."""

import io
import zipfile

import pytest

from core.errors import DomainError
from ledger.columns import HEADERS
from ledger.services import ledger_import
from ledger.tests.conftest import NOT_CLOSED, closed_row, problems, state_rows, validate, xlsx
from ledger.validation import ledger_validate
from petitions.models import Event, Petition, Petitioner

pytestmark = pytest.mark.django_db


def assert_nothing_imported(importer, report):
    with pytest.raises(DomainError):
        ledger_import(actor=importer, report=report)
    assert not Petition.objects.exists() and not Petitioner.objects.exists() and not Event.objects.exists()


CASES = [
    # (overrides of a valid row, column, the reason)
    ({"登记时间": "2025-02-30 09:00"}, "登记时间", "日期不存在：“2025-02-30 09:00”。"),
    ({"登记时间": "去年三月"}, "登记时间", "日期格式不正确：“去年三月”，应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM。"),
    ({"登记时间": "2099-01-01"}, "登记时间", "2099-01-01 00:00 晚于当前时间。"),
    ({"受理时间": "1900-01-01"}, "受理时间", "1900-01-01 早于1980年，请核对。"),
    ({"受理时间": "0001-01-01"}, "受理时间", "0001-01-01 早于1980年，请核对。"),
    ({"办理期限": "9999-12-31"}, "办理期限", "9999-12-31 晚于2100年，请核对。"),
    ({"登记时间": None}, "登记时间", "必填，不能为空。"),
    ({"登记单位编码": "620602-不存在"}, "登记单位编码", "单位编码“620602-不存在”不存在。"),
    ({"主办单位编码": "X9"}, "主办单位编码", "单位编码“X9”不存在。"),
    ({"问题发生地": "629999"}, "问题发生地", "行政区划代码“629999”不存在（应为6位 GB/T 2260 代码，如 620602）。"),
    ({"住所地": "abc"}, "住所地", "行政区划代码“abc”不存在（应为6位 GB/T 2260 代码，如 620602）。"),
    ({"身份证号": "620602198503150018"}, "身份证号", "身份证号校验位不正确，请核对后重新输入。"),
    ({"身份证号": "62060219850315001"}, "身份证号", "身份证号应为18位：17位数字加1位数字或X。"),
    ({"身份证号": 620602198503150017}, "身份证号",
     "身份证号被存成了数字，末几位可能已丢失：请将该列设为文本格式后重新填写。"),
    ({"联系电话": "12345"}, "联系电话",
     "电话号码格式不正确：手机号为1开头的11位数字，固定电话如 0935-2212345。"),
    ({"信访渠道": "飞鸽传书"}, "信访渠道",
     "“飞鸽传书”不是有效的信访渠道，可选：来访、来信、网上、电话、视频、上级交办、领导批示、部门转来。"),
    ({"案件类别": "刑侦"}, "案件类别", "“刑侦”不是有效的案件类别，可选：刑事、民事、行政、执行、国家赔偿、其他。"),
    ({"群众满意度": "很满意"}, "群众满意度", "“很满意”不是有效的群众满意度，可选：满意、基本满意、不满意。"),
    ({"标记": "越级访;夜访"}, "标记", "未知的标记：夜访；可选：越级访、进京访、赴省访、集体访、重信重访、非正常访、重点人员。"),
    ({"专题标签": "拆迁"}, "专题标签", "未配置的专题标签：拆迁（请系统管理员先在专题标签中添加）。"),
    ({"积案": "可能"}, "积案", "应填“是”或“否”，不能填“可能”。"),
    ({"人数": "两人"}, "人数", "应为正整数，不能填“两人”。"),
    ({"复查复核层级": 3}, "复查复核层级", "应填0、1或2（或“未经复查复核”“已复查”“已复核”），不能填“3”。"),
    ({"标题": "长" * 201}, "标题", "最多200字，当前201字。"),
    ({"信访诉求": "  "}, "信访诉求", "必填，不能为空。"),
    ({"信访人姓名": None}, "信访人姓名", "必填，不能为空。"),
    ({"登记编号": "X" * 33}, "登记编号", "最多32字，当前33字。"),
    # the row's history must be consistent
    ({"办结时间": "2025-02-01 09:00"}, "办结时间", "办结时间（2025-02-01 09:00）早于登记时间（2025-03-01 09:30）。"),
    ({"受理时间": "2025-02-28 09:00"}, "受理时间", "受理时间（2025-02-28 09:00）早于登记时间（2025-03-01 09:30）。"),
    ({"答复时间": "2025-03-04 09:00"}, "答复时间", "答复时间（2025-03-04 09:00）早于受理时间（2025-03-05 10:00）。"),
    ({"办结时间": "2025-04-01 09:00"}, "办结时间", "办结时间（2025-04-01 09:00）早于答复时间（2025-04-20 16:00）。"),
    ({"状态": "已答复", **NOT_CLOSED, "答复时间": None, "按期答复": None, "群众满意度": None,
      "答复结果": None, "答复送达日期": None}, "答复时间", "状态为“已答复”的事项须填写答复时间。"),
    ({"状态": "已答复", **NOT_CLOSED, "主办单位编码": None}, "主办单位编码", "状态为“已答复”的事项须填写主办单位编码。"),
    ({"状态": "已答复", "化解状态": "未结未息"}, "办结时间", "状态为“已答复”的事项尚未办结，不应填写办结时间。"),
    ({"状态": "已回访", **NOT_CLOSED, "答复送达日期": None}, "答复送达日期",
     "“已回访”的事项须填写答复送达日期（回访在送达之后）。"),
    ({"状态": "已回访", **NOT_CLOSED, "群众满意度": None}, "群众满意度", "“已回访”的事项须填写群众满意度（回访时的评价）。"),
    ({"答复送达日期": "2025-04-19"}, "答复送达日期", "答复送达日期（2025-04-19）早于答复时间（2025-04-20 16:00）。"),
    ({"答复送达日期": "2099-01-01"}, "答复送达日期", "答复送达日期（2099-01-01）晚于今天。"),
    ({"答复时间": None, "按期答复": None, "群众满意度": None, "答复结果": None}, "答复送达日期",
     "未填写答复时间的事项不应填写答复送达日期。"),
    ({"答复时间": None, "按期答复": None, "群众满意度": None}, "答复结果", "未填写答复时间的事项不应填写答复结果。"),
    ({"答复结果": "部分支持"}, "答复结果", "“部分支持”不是有效的答复结果，可选：支持、解释说明、不予支持。"),
    ({"状态": "受理"}, "状态",
     "“受理”不是事项停留的状态：已受理的事项请填写“交办”（待承办单位签收）或“办理中”（已签收）。"),
    ({"状态": "已归案"}, "状态", "“已归案”不是有效的状态，可选：登记、转送信访部门、不予受理、导入法律程序、交办、办理中、"
     "已答复、已回访、复查中、复核中、办结、终结、归档。"),
    ({"甄别结果": "转送信访部门"}, "甄别结果", "状态为“办结”的事项，甄别结果应为“受理”或“导入法律程序”。"),
    ({"受理时间": None}, "受理时间", "甄别结果为“受理”的事项须填写受理时间。"),
    ({"化解状态": "未结未息"}, "化解状态", "状态为“办结”的事项，化解状态应为“已结已息”或“已结未息”。"),
    ({"息诉罢访形式": None}, "息诉罢访形式", "已结已息的事项须填写息诉罢访形式。"),
    ({"办结时间": None}, "办结时间", "状态为“办结”的事项须填写办结时间。"),
    ({"终结时间": "2025-06-01 09:00"}, "终结时间", "状态为“办结”的事项未依法终结，不应填写终结时间。"),
    ({"息诉罢访形式": "批准终结"}, "终结时间", "息诉罢访形式为“批准终结”的事项须填写终结时间。"),
    ({"答复时间": None, "按期答复": None, "群众满意度": None, "复查复核层级": 1}, "答复时间",
     "复查复核层级大于0的事项须填写答复时间。"),
    ({"答复时间": None, "按期答复": None}, "群众满意度", "群众满意度须在答复后评价：请填写答复时间或清空满意度。"),
]  # fmt: skip


@pytest.mark.parametrize(("overrides", "column", "message"), CASES, ids=[c[2][:24] for c in CASES])
def test_a_bad_cell_is_reported_precisely_and_nothing_is_imported(
    province, importer, overrides, column, message
):
    rows = [
        closed_row(province, "620602-2025-000001"),
        closed_row(province, "620602-2025-000002", **overrides),
    ]
    report = validate(importer, rows)
    assert problems(report) == [(3, column, message)]
    assert report.valid_rows == 1 and report.bad_rows == 1 and not report.fatal
    assert_nothing_imported(importer, report)


STATE_CASES = [
    ("办理中", {"办结时间": "2025-05-10 11:00"}, "办结时间", "状态为“办理中”的事项尚未办结，不应填写办结时间。"),
    ("办理中", {"主办单位编码": None}, "主办单位编码", "状态为“办理中”的事项须填写主办单位编码。"),
    ("办理中", {"答复时间": "2025-04-20 16:00"}, "答复时间", "状态为“办理中”的事项尚未答复，不应填写答复时间。"),
    ("办理中", {"办理期限": "2025-03-01"}, "办理期限", "办理期限（2025-03-01）早于受理日期（2025-03-05 10:00）。"),
    ("登记", {"甄别结果": "受理"}, "甄别结果", "状态为“登记”（待甄别）的事项不应填写甄别结果。"),
    ("登记", {"及时受理": "是"}, "及时受理", "尚未甄别的事项不应填写及时受理。"),
    ("转送信访部门", {"受理时间": "2025-03-05 10:00"}, "受理时间", "甄别结果不是“受理”的事项不应填写受理时间。"),
    ("复查中", {"办理期限": None}, "办理期限", "状态为“复查中”的事项须填写办理期限（复查、复核的答复期限）。"),
    ("复查中", {"复查复核层级": 1}, "复查复核层级", "复查中的事项只作出过首次答复，复查复核层级应为0。"),
    ("复查中", {"答复时间": None, "按期答复": None, "群众满意度": None}, "答复时间", "状态为“复查中”的事项须填写答复时间。"),
    ("复核中", {"复查复核层级": 0}, "复查复核层级", "复核中的事项已作出复查意见，复查复核层级应为1。"),
    ("终结", {"复查复核层级": 1}, "复查复核层级", "依法终结须在复查、复核程序完成后，复查复核层级应为2。"),
    ("终结", {"终结时间": None}, "终结时间", "状态为“终结”的事项须填写终结时间。"),
    ("终结", {"息诉罢访形式": "其他方式办结"}, "息诉罢访形式", "已依法终结的事项，息诉罢访形式应为“批准终结”。"),
    ("终结", {"终结时间": "2025-05-01 10:00"}, "终结时间", "终结时间（2025-05-01 10:00）早于办结时间（2025-05-10 11:00）。"),
    ("导入法律程序", {"化解状态": "已结已息"}, "化解状态", "状态为“导入法律程序”的事项，化解状态应为“未结未息”。"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("state", "overrides", "column", "message"), STATE_CASES, ids=[c[3][:24] for c in STATE_CASES]
)
def test_inconsistent_history_is_reported(province, importer, state, overrides, column, message):
    row = {**state_rows(province)[state], **overrides}
    report = validate(importer, [row])
    assert problems(report) == [(2, column, message)]
    assert_nothing_imported(importer, report)


def test_units_outside_the_importers_subtree_are_refused(province, importer):
    row = closed_row(province, 登记单位编码=province.minqin_center.code)
    report = validate(importer, [row])
    assert problems(report) == [
        (
            2,
            "登记单位编码",
            f"登记单位“民勤县联合接访中心（{province.minqin_center.code}）”不在您所在单位及其下级单位的范围内。",
        )
    ]
    assert_nothing_imported(importer, report)


def test_every_bad_row_is_reported_with_its_row_number(province, importer):
    rows = [
        closed_row(province, "N-1"),
        closed_row(province, "N-2", 身份证号="620602198503150018", 联系电话="555"),
        closed_row(province, "N-3"),
        closed_row(province, "N-1", 信访渠道="传真"),
        {},  # an empty row is skipped, not an error
        closed_row(province, "N-5", 问题发生地="000000"),
    ]
    report = validate(importer, rows)
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "身份证号"),
        (3, "联系电话"),
        (5, "登记编号"),
        (5, "信访渠道"),
        (7, "问题发生地"),
    ]
    assert report.total_rows == 5 and report.valid_rows == 2 and sorted(report.rejected) == [3, 5, 7]
    assert str(report.errors[2]) == "第5行「登记编号」：登记编号“N-1”与第2行重复。"
    assert_nothing_imported(importer, report)


def test_numbers_already_in_the_platform_are_duplicates(province, importer):
    first = validate(importer, [closed_row(province, "D-1")])
    ledger_import(actor=importer, report=first)
    again = validate(importer, [closed_row(province, "D-1"), closed_row(province, "D-2")])
    assert problems(again) == [(2, "登记编号", "登记编号“D-1”在平台中已存在。")]
    with pytest.raises(DomainError):
        ledger_import(actor=importer, report=again)
    assert list(Petition.objects.values_list("number", flat=True)) == ["D-1"]


def test_header_errors_name_the_missing_and_unknown_columns(province, importer):
    headers = [h for h in HEADERS if h not in ("标题", "状态")] + ["备注", "办理期限", "错误原因"]
    report = validate(importer, [closed_row(province)], headers=headers)
    assert report.fatal and problems(report) == [
        (
            1,
            "",
            "表头与台账模板不一致：缺少列：标题、状态；无法识别的列：备注；重复的列：办理期限。请下载台账模板核对第1行的列名。",
        )
    ]
    assert_nothing_imported(importer, report)


def test_optional_and_ignored_columns(province, importer):
    headers = [h for h in HEADERS if h != "办理期限"][::-1] + ["序号", "错误原因"]  # any order
    report = validate(importer, [closed_row(province, 序号=1, 错误原因="旧的原因")], headers=headers)
    assert report.ok, problems(report)


def test_a_ledger_without_the_reply_columns_still_imports_but_a_followed_up_case_needs_its_delivery(
    province, importer
):
    """答复结果 and 答复送达日期 came later: ledgers written before them import as they did."""
    headers = [h for h in HEADERS if h not in ("答复结果", "答复送达日期")]
    rows = state_rows(province)
    report = validate(importer, [rows["办结"], rows["已答复"], rows["已回访"]], headers=headers)
    assert problems(report) == [(4, "答复送达日期", "“已回访”的事项须填写答复送达日期（回访在送达之后）。")]
    assert report.valid_rows == 2


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [b"", b"this is not a spreadsheet", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, None, "zip"],
    ids=["empty", "text", "xls", "truncated", "zip-without-workbook"],
)
def test_a_corrupt_or_foreign_file_gives_one_clear_error(province, importer, content):
    if content is None:
        content = xlsx([closed_row(province)])[:-200]
    elif content == "zip":
        content = _zip_without_workbook()
    report = ledger_validate(actor=importer, source=io.BytesIO(content), file_name="坏文件.xlsx")
    assert report.fatal and len(report.errors) == 1
    assert report.errors[0].message.startswith("文件无法读取：不是有效的 Excel（.xlsx）文件或文件已损坏。")
    assert_nothing_imported(importer, report)


def test_a_workbook_without_rows(province, importer):
    report = validate(importer, [])
    assert report.fatal and problems(report) == [(2, "", "台账中没有数据行：表头之后至少应有一行事项。")]
    empty = validate(importer, [], headers=[])
    assert empty.fatal and problems(empty) == [(1, "", "文件是空的：第1行应为表头（列名），请使用台账模板。")]
