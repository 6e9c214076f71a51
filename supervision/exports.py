"""包案责任分解表 and the supervision ledger as xlsx: scope-respecting, Chinese headers, frozen header row."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from core.text import for_document
from supervision.models import OwnershipPlan, Supervision

MAX_ROWS = 100_000


def _name(user) -> str:
    return (user.full_name or user.username) if user else ""


def _workbook(title: str, headers: list[str], rows) -> tuple[bytes, int]:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows:
        ws.append([for_document(v) for v in row])
        count += 1
    ws.freeze_panes = "A2"
    for column, header in zip(ws.columns, headers, strict=False):
        ws.column_dimensions[column[0].column_letter].width = max(10, len(header) * 2 + 2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), count


PLAN_HEADERS = [
    "登记编号", "事项标题", "包案单位", "包案领导", "共同包案领导", "包案责任人", "督办领导", "督办责任人",
    "稳控领导", "稳控责任人", "化解方案", "化解期限", "事项状态", "包案状态",
]  # fmt: skip


def plans_workbook(plans) -> tuple[bytes, int]:
    plans = plans.select_related(
        "petition", "unit", "owner_leader", "co_owner_leader", "owner_officer", "supervising_leader",
        "supervising_officer", "stability_leader", "stability_officer",
    ).order_by("target_date", "id")[:MAX_ROWS]  # fmt: skip
    rows = (
        [p.petition.number, p.petition.title, p.unit.name]
        + [_name(getattr(p, f)) for f in OwnershipPlan.ROLE_FIELDS]
        + [p.measures, p.target_date.isoformat(), p.petition.get_state_display(), p.get_status_display()]
        for p in plans
    )
    return _workbook("包案责任分解表", PLAN_HEADERS, rows)


SUPERVISION_HEADERS = [
    "登记编号", "事项标题", "督办单位", "被督办单位", "督办层级", "督办来源", "督办要求", "办结期限", "报告间隔（天）",
    "限期整改", "蹲点督办", "状态", "升级次数", "督办时间", "办结时间",
]  # fmt: skip


def supervisions_workbook(sups) -> tuple[bytes, int]:
    sups = sups.select_related("petition", "supervising_unit", "supervised_unit").order_by("deadline", "id")[
        :MAX_ROWS
    ]
    rows = (
        [s.petition.number, s.petition.title, s.supervising_unit.name, s.supervised_unit.name,
         s.get_level_display(), s.get_source_display(), s.instructions, s.deadline.isoformat(),
         s.report_interval_days, "是" if s.rectification else "否", "是" if s.on_site else "否",
         s.get_status_display(), s.escalation_level, s.created_at.strftime("%Y-%m-%d"),
         s.closed_at.strftime("%Y-%m-%d") if s.closed_at else ""]
        for s in sups
    )  # fmt: skip
    return _workbook("督办台账", SUPERVISION_HEADERS, rows)


__all__ = ["plans_workbook", "supervisions_workbook", "OwnershipPlan", "Supervision"]
