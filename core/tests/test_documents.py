"""Generated documents follow GB/T 9704-2012: A4, its margins, 仿宋 3号 body, 小标宋 2号 title, dates without
leading zeros, page numbers "— 1 —". Read back from the produced .docx, as a reviewer would check it."""

import datetime as dt
import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.documents import OfficialDocument, chinese_date, document_number


def east_asian_font(run) -> str:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def build() -> Document:
    doc = OfficialDocument(
        issuer="凉州区人民法院", number=document_number("凉法信", 2026, 7), title="信访处理意见书"
    )
    doc.recipient("张三")
    doc.paragraph("你于2026年6月1日反映的信访事项已收悉。现答复如下：")
    doc.heading("一、信访请求")
    doc.paragraph("请求再审。\x07")  # a stored control character must not break the document
    doc.heading("（一）查明的事实", level=2)
    doc.signature("凉州区人民法院", dt.date(2026, 12, 6))
    return Document(io.BytesIO(doc.to_bytes()))


def test_dates_and_numbers_are_written_as_the_standard_says():
    assert chinese_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert chinese_date(dt.date(2026, 12, 16)) == "2026年12月16日"
    assert document_number("凉法信", 2026, 12) == "凉法信〔2026〕12号"


def test_page_is_a4_with_the_standard_margins():
    section = build().sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) <= Mm(1) and abs(section.left_margin - Mm(28)) <= Mm(1)
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(text_width - Mm(156)) <= Mm(1) and abs(text_height - Mm(225)) <= Mm(1)


def test_fonts_title_body_headings_and_the_date():
    doc = build()
    paragraphs = [p for p in doc.paragraphs if p.text]
    texts = [p.text for p in paragraphs]
    issuer, number, title = paragraphs[0], paragraphs[1], paragraphs[2]
    assert issuer.text == "凉州区人民法院" and number.text == "凉法信〔2026〕7号"
    assert title.text == "信访处理意见书"
    assert title.runs[0].font.size == Pt(22) and east_asian_font(title.runs[0]) == "方正小标宋简体"
    body = paragraphs[texts.index("你于2026年6月1日反映的信访事项已收悉。现答复如下：")]
    assert body.runs[0].font.size == Pt(16) and east_asian_font(body.runs[0]) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
    assert east_asian_font(paragraphs[texts.index("一、信访请求")].runs[0]) == "黑体"
    assert east_asian_font(paragraphs[texts.index("（一）查明的事实")].runs[0]) == "楷体_GB2312"
    assert "请求再审。" in texts  # the control character was dropped, not the document
    assert texts[-1] == "2026年12月6日" and texts[-2] == "凉州区人民法院"
    assert paragraphs[texts.index("张三：")].paragraph_format.first_line_indent is None


def test_page_numbers_in_the_footer_odd_right_even_left():
    doc = build()
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text.startswith("— ") and odd.text.endswith(" —") and "PAGE" in odd._p.xml
    assert odd.alignment == 2 and even.alignment == 0  # right / left
    assert odd.runs[0].font.size == Pt(14)
