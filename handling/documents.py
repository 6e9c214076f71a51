"""The written reply (信访处理意见书 / 复查意见书 / 复核意见书) as a .docx stored on the petition."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from core.documents import DOCX_TYPE, OfficialDocument, chinese_date
from core.filecrypt import EncryptingFile
from core.files import clean_filename
from petitions.models import Attachment


def build_reply_docx(reply) -> bytes:
    """信访处理意见书 / 复查意见书 / 复核意见书 in the official format (GB/T 9704-2012, ``core.documents``)."""
    petition = reply.petition
    names = "、".join(party.petitioner.name for party in petition.parties.select_related("petitioner"))
    doc = OfficialDocument(issuer=reply.unit.name, number=reply.document_number, title=str(reply.title))
    doc.recipient(names)
    registered = chinese_date(timezone.localtime(petition.registered_at).date())
    doc.paragraph(f"你（们）于{registered}反映的信访事项（登记编号 {petition.number}）已收悉。现答复如下：")
    doc.heading("一、信访请求")
    doc.paragraph(reply.claim)
    doc.heading("二、查明的事实和理由")
    doc.paragraph(reply.facts_reasons)
    doc.heading("三、处理意见及依据")
    doc.paragraph(reply.decision)
    doc.paragraph(f"依据：{reply.legal_basis}")
    doc.paragraph(f"处理结果：{reply.get_outcome_display()}。")
    if reply.level == 0:
        doc.paragraph("如对本处理意见不服，可以自收到本意见书之日起30日内向上一级机关请求复查。")
    elif reply.level == 1:
        doc.paragraph("如对本复查意见不服，可以自收到本意见书之日起30日内向上一级机关请求复核。")
    else:
        doc.paragraph("本复核意见为终局意见。对同一事实和理由再次提出的信访事项，不再受理。")
    doc.signature(reply.unit.name, timezone.localtime(reply.approved_at).date())
    return doc.to_bytes()


def render_reply_document(reply, *, event, actor) -> Attachment:
    content = build_reply_docx(reply)
    name = f"{reply.title}-{reply.petition.number}.docx"
    attachment = Attachment(
        petition=reply.petition,
        event=event,
        original_name=clean_filename(name),
        content_type=DOCX_TYPE,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save("document", EncryptingFile(ContentFile(content)), save=False)  # encrypted at rest
    attachment.save()
    return attachment
