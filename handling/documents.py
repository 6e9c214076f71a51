"""The written reply (信访处理意见书 / 复查意见书 / 复核意见书) as a .docx stored on the petition."""

import hashlib
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from core.filecrypt import EncryptingFile
from core.files import clean_filename
from petitions.models import Attachment

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _paragraph(doc, text, *, size=14, bold=False, align=None, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.font.name = "FangSong"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    return p


def build_reply_docx(reply) -> bytes:
    petition = reply.petition
    names = "、".join(party.petitioner.name for party in petition.parties.select_related("petitioner"))
    doc = Document()
    _paragraph(doc, reply.unit.name, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, str(reply.title), size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, reply.document_number, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, f"{names}：", indent=False)
    registered = timezone.localtime(petition.registered_at).strftime("%Y年%m月%d日")
    _paragraph(doc, f"你（们）于{registered}反映的信访事项（登记编号 {petition.number}）已收悉。现答复如下：")
    _paragraph(doc, "一、信访请求", bold=True)
    _paragraph(doc, reply.claim)
    _paragraph(doc, "二、查明的事实和理由", bold=True)
    _paragraph(doc, reply.facts_reasons)
    _paragraph(doc, "三、处理意见及依据", bold=True)
    _paragraph(doc, reply.decision)
    _paragraph(doc, f"依据：{reply.legal_basis}")
    _paragraph(doc, f"处理结果：{reply.get_outcome_display()}。")
    if reply.level == 0:
        _paragraph(doc, "如对本处理意见不服，可以自收到本意见书之日起30日内向上一级机关请求复查。")
    elif reply.level == 1:
        _paragraph(doc, "如对本复查意见不服，可以自收到本意见书之日起30日内向上一级机关请求复核。")
    else:
        _paragraph(doc, "本复核意见为终局意见。对同一事实和理由再次提出的信访事项，不再受理。")
    approved = timezone.localtime(reply.approved_at).strftime("%Y年%m月%d日")
    _paragraph(doc, reply.unit.name, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, approved, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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
