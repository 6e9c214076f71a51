"""One builder for every generated document, in the official format of GB/T 9704-2012 《党政机关公文格式》.

What the standard fixes and this builder applies, so no document has to think about it:
- A4 paper (210 mm × 297 mm); 天头 (top margin) 37 mm, 订口 (left margin) 28 mm, a 156 mm × 225 mm text area,
  so the right margin is 26 mm and the bottom 35 mm; 22 lines of 28 characters (a fixed line pitch).
- 发文机关标志 in 小标宋 red, centred; the 发文字号 centred below it with the year in 六角括号 (〔2026〕12号);
  a red rule under the 版头.
- The title in 2号 (22 pt) 小标宋, centred; the 主送机关 flush left with a full-width colon; the body in 3号 (16 pt)
  仿宋 with a two-character first-line indent; headings by level: 一、 in 黑体, （一） in 楷体, then 仿宋.
- The 成文日期 in Arabic numerals without leading zeros (2026年12月6日), 右空四字, with the issuer centred above it.
- Page numbers in 4号 (14 pt) 宋体 as "— 1 —", odd pages on the right and even pages on the left, one character in.

Use::

    doc = OfficialDocument(issuer="凉州区人民法院", number="凉法信〔2026〕12号", title="信访处理意见书")
    doc.recipient("张三")
    doc.paragraph("你于2026年6月1日反映的信访事项已收悉。现答复如下：")
    doc.heading("一、信访请求")
    doc.paragraph("…")
    doc.signature("凉州区人民法院", date(2026, 6, 15))
    content = doc.to_bytes()
"""

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from core.text import clean_text

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# GB/T 9704-2012 §5.2: A4, the text area 156 mm × 225 mm, 天头 37 mm, 订口 28 mm
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_LEFT = Mm(37), Mm(28)
MARGIN_RIGHT = Mm(210 - 28 - 156)  # 26 mm
MARGIN_BOTTOM = Mm(297 - 37 - 225)  # 35 mm
LINE_PITCH = Pt(28.9)  # 225 mm over 22 lines

# font sizes by 号 (§5.2.3, §7)
SIZE_2 = Pt(22)  # 二号: the title
SIZE_3 = Pt(16)  # 三号: body, 发文字号, dates
SIZE_4 = Pt(14)  # 四号: page numbers
ISSUER_SIZE = Pt(26)  # 发文机关标志: larger than the title, 小标宋

# font families (Latin name, East Asian name); Word falls back to an installed CJK face where one is missing
FANGSONG = ("FangSong", "仿宋_GB2312")
XIAOBIAOSONG = ("FZXiaoBiaoSong-B05S", "方正小标宋简体")
HEITI = ("SimHei", "黑体")
KAITI = ("KaiTi", "楷体_GB2312")
SONGTI = ("SimSun", "宋体")
RED = RGBColor(0xE6, 0x00, 0x12)  # the red of 版头 and 分隔线

HEADING_FONTS = {1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}


def docx_safe(text) -> str:
    """Stored text as a document can hold it: a control character must never break a document."""
    return clean_text("" if text is None else str(text))


def chinese_date(day: dt.date) -> str:
    """A date as official documents write it: Arabic numerals, no leading zeros (2026年12月6日)."""
    return f"{day.year}年{day.month}月{day.day}日"


def document_number(prefix: str, year: int, sequence: int) -> str:
    """A 发文字号: 机关代字, the year in 六角括号, the number without leading zeros (凉法信〔2026〕12号)."""
    return f"{prefix}〔{year}〕{sequence}号"


def _font(run, family, size, *, bold=False, color=None):
    latin, east_asian = family
    run.font.name = latin
    run.font.size = size
    run.bold = bold
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    if color is not None:
        run.font.color.rgb = color


class OfficialDocument:
    """A document in GB/T 9704-2012 format; add parts in reading order, then ``to_bytes``."""

    def __init__(self, *, title: str, issuer: str = "", number: str = "", red_header: bool = True):
        self.doc = Document()
        self._page_setup()
        self._body_style()
        if issuer:
            self._header(issuer, number, red=red_header)
        elif number:
            self._line(number, FANGSONG, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._blank()
        for line in docx_safe(title).splitlines() or [""]:
            self._line(line, XIAOBIAOSONG, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._blank()

    # -------------------------------------------------------------------------------------------- layout

    def _page_setup(self):
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.footer_distance = Mm(28)  # the page number sits 7 mm below the text area's last line
        self.doc.settings.odd_and_even_pages_header_footer = True
        self._page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        self._page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    def _body_style(self):
        style = self.doc.styles["Normal"]
        style.font.name = FANGSONG[0]
        style.font.size = SIZE_3
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG[1])
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
        fmt.space_before = fmt.space_after = Pt(0)

    def _page_number(self, footer, align):
        """ "— 1 —" in 4号 宋体, one character in from the outer edge."""
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = SIZE_4
        else:
            paragraph.paragraph_format.left_indent = SIZE_4
        _font(paragraph.add_run("— "), SONGTI, SIZE_4)
        run = paragraph.add_run()
        _font(run, SONGTI, SIZE_4)
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._element.append(element)
        _font(paragraph.add_run(" —"), SONGTI, SIZE_4)

    def _line(self, text, family, size, *, align=None, indent_chars=0, bold=False, color=None, right_chars=0):
        paragraph = self.doc.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent_chars:
            paragraph.paragraph_format.first_line_indent = Pt(size.pt * indent_chars)
        if right_chars:
            paragraph.paragraph_format.right_indent = Pt(SIZE_3.pt * right_chars)
        _font(paragraph.add_run(docx_safe(text)), family, size, bold=bold, color=color)
        return paragraph

    def _blank(self):
        self.doc.add_paragraph()

    def _header(self, issuer: str, number: str, *, red: bool):
        """版头: the issuer's mark, the 发文字号, and the red rule under them."""
        color = RED if red else None
        self._line(issuer, XIAOBIAOSONG, ISSUER_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, color=color)
        self._blank()
        rule = self._line(number, FANGSONG, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (
            ("val", "single"),
            ("sz", "12"),
            ("space", "8"),
            ("color", "E60012" if red else "000000"),
        ):
            bottom.set(qn(f"w:{key}"), value)
        borders.append(bottom)
        rule._p.get_or_add_pPr().append(borders)

    # -------------------------------------------------------------------------------------------- parts

    def recipient(self, text: str) -> None:
        """主送机关 (or the person addressed): flush left, ending in a full-width colon."""
        text = docx_safe(text).rstrip("：:")
        self._line(f"{text}：", FANGSONG, SIZE_3)

    def paragraph(self, text: str) -> None:
        """Body text; each line of ``text`` is a paragraph with a two-character first-line indent."""
        for line in docx_safe(text).splitlines() or [""]:
            if line.strip():
                self._line(line.strip(), FANGSONG, SIZE_3, indent_chars=2)

    def heading(self, text: str, level: int = 1) -> None:
        """A structural heading: 一、 (黑体), （一） (楷体), 1. and （1） (仿宋), indented two characters."""
        self._line(text, HEADING_FONTS.get(level, FANGSONG), SIZE_3, indent_chars=2)

    def table(self, headers: list[str], rows: list[list]) -> None:
        """A table in the body's font, with a header row."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(docx_safe(str(text))), HEITI, Pt(12))
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = ""
                _font(
                    cell.paragraphs[0].add_run(docx_safe("" if value is None else str(value))),
                    FANGSONG,
                    Pt(12),
                )

    def signature(self, issuer: str, day: dt.date) -> None:
        """发文机关署名 and 成文日期: the date 右空四字, the issuer centred above it."""
        self._blank()
        date_text = chinese_date(day)
        issuer = docx_safe(issuer)
        # centre the issuer over the date: pad the shorter of the two on the right by half the difference
        pad = max(0, len(issuer) - len(date_text))
        self._line(issuer, FANGSONG, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT,
                   right_chars=4 + max(0, (len(date_text) - len(issuer)) / 2))  # fmt: skip
        self._line(date_text, FANGSONG, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4 + pad / 2)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
