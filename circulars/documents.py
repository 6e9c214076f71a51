"""A circular (通报) as a .docx in the official format (``core.documents.OfficialDocument``)."""

from django.utils import timezone

from analytics.metrics import BY_KEY
from core.documents import OfficialDocument, chinese_date
from deadlines.calendar import local_date


def _value(key: str, value) -> str:
    if value is None:
        return "—"
    metric = BY_KEY.get(key)
    return f"{value}{'%' if metric and metric.is_rate else ''}"


def build_circular_docx(circular) -> bytes:
    c = circular.content
    doc = OfficialDocument(issuer=circular.issuer.name, number=circular.number, title=circular.title)
    doc.recipient("各有关单位：")
    h = c["headline"]
    doc.paragraph(
        f"现将{chinese_date(circular.period_from)}至{chinese_date(circular.period_to)}涉法涉诉信访工作情况通报如下。"
    )
    doc.heading("一、总体情况")
    doc.paragraph(
        f"期间共登记信访事项{h['registered']}件，受理{h['accepted']}件，应化解{h['legal']}件，"
        f"已结已息{h['settled']}件，未结未息{h['open']}件，超期未结{h['overdue_open']}件；"
        f"息诉罢访率{_value('settled_rate', h['settled_rate'])}，按期答复率{_value('on_time_reply_rate', h['on_time_reply_rate'])}，"
        f"群众满意率{_value('satisfaction_rate', h['satisfaction_rate'])}，重复件占比{_value('repeat_rate', h['repeat_rate'])}。"
    )
    if c.get("campaign"):
        doc.paragraph(f"{c['campaign']['name']}阶段目标完成情况：")
        doc.table(
            ["阶段截止", "指标", "目标", "完成", "是否达标"],
            [[s["due_on"], s["label"], f"{s['target']}%", _value("settled_rate", s["value"]),
              "达标" if s["achieved"] else "未达标"] for s in c["campaign"]["stages"]],
        )  # fmt: skip
    doc.heading("二、单位排名")
    metric = c["ranking_metric"]
    doc.paragraph(f"按{BY_KEY[metric].label}排名如下：")
    doc.table(
        ["名次", "单位", "登记", "应化解", "已结已息", "超期未结", str(BY_KEY[metric].label)],
        [[r["rank"] or "—", r["label"], r["registered"], r["legal"], r["settled"], r["overdue_open"],
          _value(metric, r[metric])] for r in c["ranking"]],
    )  # fmt: skip
    doc.heading("三、通报表扬")
    for entry in c["praised"] or [{"label": "本期无", "reasons": []}]:
        doc.paragraph(f"{entry['label']}{'：' + '；'.join(entry['reasons']) if entry['reasons'] else ''}。")
    doc.heading("四、通报批评")
    for entry in c["criticised"] or [{"label": "本期无", "reasons": []}]:
        doc.paragraph(f"{entry['label']}{'：' + '；'.join(entry['reasons']) if entry['reasons'] else ''}。")
    doc.heading("五、超期督办案件")
    if c["overdue"]:
        doc.table(
            ["编号", "事项", "责任单位", "包案人", "期限", "超期天数"],
            [[r["number"], r["title"], r["unit_name"], r.get("owner_name") or "", r["deadline"], r["days_overdue"]]
             for r in c["overdue"]],
        )  # fmt: skip
    else:
        doc.paragraph("本期无超期督办案件。")
    doc.paragraph(
        "被通报批评的单位要认真查找原因，限期整改；连续两次被通报批评的，单位负责人须作出书面说明。"
    )
    issued = local_date(circular.issued_at) if circular.issued_at else local_date(timezone.now())
    doc.signature(circular.issuer.name, issued)
    return doc.to_bytes()
