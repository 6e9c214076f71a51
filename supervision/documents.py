"""交办单, 督办单, 催办单 and 反馈单 as .docx (GB/T 9704 through ``core.documents``), numbered and stored encrypted."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents import DOCX_TYPE, OfficialDocument, chinese_date, document_number
from core.errors import InvalidInput
from core.filecrypt import EncryptingFile
from core.files import clean_filename
from deadlines.calendar import local_date
from organisations.models import Unit
from organisations.selectors import staff_context
from petitions.events import record_event
from petitions.models import Attachment
from supervision import services
from supervision.models import DocumentCounter, Sheet, SheetKind, Supervision

PREFIX = {
    SheetKind.ASSIGNMENT: "交",
    SheetKind.SUPERVISION: "督",
    SheetKind.URGE: "催",
    SheetKind.FEEDBACK: "馈",
}


def next_number(unit: Unit, year: int) -> int:
    """The unit's next 文号 sequence number for the year; the row lock makes concurrent takers queue."""
    DocumentCounter.objects.get_or_create(unit=unit, year=year)
    counter = DocumentCounter.objects.select_for_update().get(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def build_sheet(sup: Supervision, kind: str, number: str, issuer: Unit) -> bytes:
    p = sup.petition
    doc = OfficialDocument(issuer=issuer.name, number=number, title=f"信访事项{SheetKind(kind).label}")
    if kind == SheetKind.FEEDBACK:
        doc.recipient(f"{sup.supervising_unit.name}：")
        doc.paragraph(f"你单位督办的信访事项（登记编号 {p.number}，{p.title}）办理情况反馈如下：")
        reports = list(sup.reports.order_by("period_start"))
        doc.table(
            ["报告期", "类型", "内容", "审核"],
            [[f"{r.period_start}至{r.period_end}", r.get_kind_display(), r.text, r.get_status_display()]
             for r in reports] or [["—", "—", "尚无报告", "—"]],
        )  # fmt: skip
    else:
        doc.recipient(f"{sup.supervised_unit.name}：")
        doc.paragraph(f"现将信访事项（登记编号 {p.number}）{SheetKind(kind).label[:-1]}你单位，请依法办理。")
        doc.table(
            ["项目", "内容"],
            [["事项标题", p.title], ["督办层级", sup.get_level_display()], ["督办来源", sup.get_source_display()],
             ["办结期限", chinese_date(sup.deadline)], ["报告间隔", f"{sup.report_interval_days}天"],
             ["标记", "、".join(x for x, on in (("限期整改", sup.rectification), ("蹲点督办", sup.on_site)) if on) or "—"]],
        )  # fmt: skip
        doc.heading("督办要求")
        doc.paragraph(sup.instructions)
        if kind == SheetKind.URGE:
            urge = sup.urges.order_by("-sent_at").first()
            doc.heading("催办事项")
            doc.paragraph(urge.text if urge else "该事项已临近或超过办结期限，请抓紧办理并及时报告进展。")
        doc.paragraph(f"请于{chinese_date(sup.deadline)}前办结并报送办结报告。")
    doc.signature(issuer.name, local_date(timezone.now()))
    return doc.to_bytes()


@transaction.atomic
def sheet_generate(*, actor, supervision: Supervision, kind: str) -> Sheet:
    """Generate a sheet: 交办单/督办单/催办单 by the supervising unit, 反馈单 by the supervised unit."""
    sup = Supervision.objects.select_related("petition", "supervising_unit", "supervised_unit").get(
        pk=supervision.pk
    )
    if kind not in SheetKind.values:
        raise InvalidInput({"kind": [_("请选择文书种类。")]})
    if kind == SheetKind.FEEDBACK:
        issuer = services._supervised_member(actor, sup)
    else:
        services._supervising_member(actor, sup)
        issuer = sup.supervising_unit
    year = local_date(timezone.now()).year
    short = issuer.short_name or issuer.name
    number = document_number(f"{short}{PREFIX[kind]}", year, next_number(issuer, year))
    content = build_sheet(sup, kind, number, issuer)
    label = SheetKind(kind).label
    event = record_event(
        sup.petition, "supervision_sheet", actor=actor, unit=issuer, note=f"{label} {number}",
        data={"supervision": sup.pk, "kind": kind, "number": number},
    )  # fmt: skip
    attachment = Attachment(
        petition=sup.petition, event=event, original_name=clean_filename(f"{label}-{number}.docx"),
        content_type=DOCX_TYPE, size=len(content), sha256=hashlib.sha256(content).hexdigest(), uploaded_by=actor,
    )  # fmt: skip
    attachment.file.save("document", EncryptingFile(ContentFile(content)), save=False)
    attachment.save()
    return Sheet.objects.create(
        supervision=sup, kind=kind, unit=issuer, number=number, attachment=attachment, created_by=actor
    )


def may_generate(user, sup: Supervision) -> list[str]:
    """The sheet kinds ``user`` may generate for ``sup``."""
    ctx = staff_context(user)
    kinds = []
    if any(sup.supervising_unit.path.startswith(u.path) for u in ctx.units_with(*services.SUPERVISORS)):
        kinds += [SheetKind.ASSIGNMENT, SheetKind.SUPERVISION, SheetKind.URGE]
    if any(u.pk == sup.supervised_unit_id for u in ctx.units_with(*services.REPORTERS)):
        kinds.append(SheetKind.FEEDBACK)
    return kinds
