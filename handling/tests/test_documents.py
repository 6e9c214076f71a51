"""The written reply is built by the shared official-format builder (GB/T 9704-2012)."""

import io

import pytest
from django.utils import timezone
from docx import Document
from docx.shared import Mm, Pt

from handling.documents import build_reply_docx
from handling.models import Reply

pytestmark = pytest.mark.django_db


def test_reply_document_is_in_official_format(clock, flow):
    p = flow.replied()
    reply = Reply.objects.get(petition=p)
    doc = Document(io.BytesIO(build_reply_docx(reply)))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.top_margin - Mm(37)) < Mm(0.1)
    texts = [para.text for para in doc.paragraphs if para.text]
    assert texts[1] == reply.document_number and texts[2] == str(reply.title)
    approved = timezone.localtime(reply.approved_at)
    assert texts[-1] == f"{approved.year}年{approved.month}月{approved.day}日"  # no leading zeros
    assert "年0" not in texts[-1] and "月0" not in texts[-1]
    title = next(para for para in doc.paragraphs if para.text == str(reply.title))
    assert title.runs[0].font.size == Pt(22)
    assert any(t.startswith("你（们）于2026年6月1日反映") for t in texts)
