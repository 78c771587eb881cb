"""Official documents (公文): one document model, rendered to Word (DOCX) and to PDF.

Every app that writes a document (the minutes of a joint meeting, the conference agenda, and
later the letters, evaluation results and the year's 简报) builds an ``OfficialDocument``
and calls ``to_docx()`` / ``to_pdf()``; nobody keeps a second template. The layout follows
GB/T 9704-2012 (党政机关公文格式):

- A4; top margin 37 mm, left 28 mm; a text block of 156 × 225 mm; a document grid of 22
  lines of 28 characters.
- 版头: the issuing body's mark in red, large and centred (shrunk to fit one line), the
  document number (发文字号, 梅列党建〔2010〕12号) below it and a red rule across the block.
- Title in 小标宋 二号 (22 pt); body in 仿宋_GB2312 三号 (16 pt), first lines indented by two
  characters; headings numbered here, in Chinese: 一、 (黑体), （一） (楷体), 1. and （1）
  (仿宋); a numbered level restarts under a new heading of the level above.
- The issuer and date (落款) at the right, kept on the page of the text before them.
- 版记 at the end, between rules: 抄送, 印发机关 and 印发日期.
- Page numbers in 宋体 四号 (14 pt) as "— 1 —", on the outer side: odd pages right, even
  pages left, one character in from the edge (Word: odd and even footers).
- A draft carries 草稿 in its header on every page.

Fonts. The DOCX names the GB fonts, East Asian attribute first (``w:eastAsia``), and lists
each in the font table with the font a machine without it has (``w:altName``: 仿宋, 楷体,
宋体, 黑体), its character set (GB2312) and family (serif or sans), so a Word or LibreOffice
without the GB fonts substitutes a face of the same kind rather than a sans-serif. The PDF
cannot ship the GB fonts: it embeds (subsets of) Debian's Noto CJK, Serif for the 仿宋, 宋
and 楷 roles (Bold for 小标宋), Sans for 黑体. See README.md for why WeasyPrint.
"""

from __future__ import annotations

import datetime
import html
import io
from dataclasses import dataclass, field

# --- the page (GB/T 9704-2012) -----------------------------------------------------------------
PAGE_W, PAGE_H = 210.0, 297.0  # mm
TOP, LEFT = 37.0, 28.0
BLOCK_W, BLOCK_H = 156.0, 225.0
RIGHT, BOTTOM = PAGE_W - LEFT - BLOCK_W, PAGE_H - TOP - BLOCK_H  # 26, 35
LINES, CHARS = 22, 28
PT_PER_MM = 72 / 25.4
LINE_PITCH_PT = BLOCK_H * PT_PER_MM / LINES  # 28.99 pt
CHAR_PITCH_PT = BLOCK_W * PT_PER_MM / CHARS  # 15.79 pt
BODY_PT, TITLE_PT, FOLIO_PT, IMPRINT_PT, MASTHEAD_PT = 16, 22, 14, 14, 36
RED = "FF0000"

# --- fonts: (GB name in the DOCX, fallback name on a machine without it, family) ----------------
TITLE_FONT = ("方正小标宋简体", "宋体", "roman")
BODY_FONT = ("仿宋_GB2312", "仿宋", "roman")
HEI_FONT = ("黑体", "SimHei", "swiss")
KAI_FONT = ("楷体_GB2312", "楷体", "roman")
SONG_FONT = ("宋体", "SimSun", "roman")
LATIN_FONT = "Times New Roman"
#: The PDF's faces (Debian's fonts-noto-cjk), by role.
PDF_SERIF, PDF_SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (headings go no higher)."""
    if n <= 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def heading_label(level: int, n: int) -> str:
    """The number a heading of ``level`` (1-4) carries as the ``n``-th of its level."""
    return {1: f"{chinese_numeral(n)}、", 2: f"（{chinese_numeral(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def chinese_date(day: datetime.date) -> str:
    """2010年1月20日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- the document model ----------------------------------------------------------------------
@dataclass
class Heading:
    level: int
    text: str
    label: str = ""


@dataclass
class Paragraph:
    text: str
    indent: bool = True


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths


@dataclass
class OfficialDocument:
    """One 公文: 版头 (issuer, number), title, body blocks, 落款 (signature, date), 版记."""

    title: str
    issuer: str = ""  # 发文机关标志, in red at the top
    number: str = ""  # 发文字号
    signature: str = ""  # 落款: the issuing body under the text
    date: datetime.date | None = None  # 成文日期
    cc: list[str] = field(default_factory=list)  # 抄送
    printer: str = ""  # 印发机关
    printed_on: datetime.date | None = None  # 印发日期
    draft: bool = False
    blocks: list = field(default_factory=list)
    _counters: list[int] = field(default_factory=lambda: [0, 0, 0, 0], repr=False)

    def heading(self, text: str, level: int = 1) -> Heading:
        """Add a heading; its number (一、 （一） 1. （1）) comes from its place."""
        if level not in (1, 2, 3, 4):
            raise ValueError(level)
        self._counters[level - 1] += 1
        for lower in range(level, 4):
            self._counters[lower] = 0
        block = Heading(level, text, heading_label(level, self._counters[level - 1]))
        self.blocks.append(block)
        return block

    def paragraph(self, text: str, *, indent: bool = True) -> Paragraph:
        block = Paragraph(text, indent)
        self.blocks.append(block)
        return block

    def table(self, header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> Table:
        block = Table(list(header), [list(r) for r in rows], widths)
        self.blocks.append(block)
        return block

    @property
    def has_imprint(self) -> bool:
        return bool(self.cc or self.printer or self.printed_on)

    def masthead_pt(self) -> float:
        """The issuer's mark is large, but fits one line of the text block."""
        n = max(len(self.issuer), 1)
        return min(MASTHEAD_PT, round(BLOCK_W * PT_PER_MM / (n * 1.05), 1))

    def to_docx(self) -> bytes:
        return _Docx(self).render()

    def to_html(self) -> str:
        return _html(self)

    def to_pdf(self) -> bytes:
        from weasyprint import HTML

        return HTML(string=self.to_html()).write_pdf()


# --- DOCX -------------------------------------------------------------------------------------
STYLE_BODY, STYLE_TITLE, STYLE_MASTHEAD, STYLE_NUMBER = "GB Body", "GB Title", "GB Masthead", "GB Number"
STYLE_HEADINGS = {1: "GB Heading 1", 2: "GB Heading 2", 3: "GB Heading 3", 4: "GB Heading 4"}
STYLE_FOLIO, STYLE_IMPRINT, STYLE_TABLE, STYLE_DRAFT = "GB Page Number", "GB Imprint", "GB Table Text", "GB Draft Mark"


class _Docx:
    def __init__(self, model: OfficialDocument):
        from docx import Document

        self.model = model
        self.doc = Document()
        self._style_ids: dict[str, str] = {}

    # helpers
    @staticmethod
    def _fonts(rpr_owner, font: tuple[str, str, str]):
        from docx.oxml.ns import qn

        rfonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()
        rfonts.set(qn("w:ascii"), LATIN_FONT)
        rfonts.set(qn("w:hAnsi"), LATIN_FONT)
        rfonts.set(qn("w:eastAsia"), font[0])
        rfonts.set(qn("w:hint"), "eastAsia")

    def _style(self, name: str, font, size: float, *, align=None, indent: bool = False, exact: bool = True, bold: bool = False,
               color: str | None = None, outline: int | None = None, keep_next: bool = False):
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = None
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.name = LATIN_FONT
        self._fonts(style.element, font)
        if color:
            style.font.color.rgb = RGBColor.from_string(color)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        if exact:
            from docx.enum.text import WD_LINE_SPACING

            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(round(LINE_PITCH_PT, 2))
        fmt.widow_control = True
        fmt.keep_with_next = keep_next
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align is not None:
            fmt.alignment = align
        if outline is not None:
            lvl = OxmlElement("w:outlineLvl")
            lvl.set(qn("w:val"), str(outline))
            style.element.get_or_add_pPr().append(lvl)
        return style

    def _styles(self):
        from docx.enum.text import WD_ALIGN_PARAGRAPH as A

        self._style(STYLE_BODY, BODY_FONT, BODY_PT, align=A.JUSTIFY, indent=True)
        self._style(STYLE_TITLE, TITLE_FONT, TITLE_PT, align=A.CENTER, keep_next=True)
        self._style(STYLE_MASTHEAD, TITLE_FONT, self.model.masthead_pt(), align=A.CENTER, exact=False, color=RED, keep_next=True)
        self._style(STYLE_NUMBER, BODY_FONT, BODY_PT, align=A.CENTER, keep_next=True)
        self._style(STYLE_HEADINGS[1], HEI_FONT, BODY_PT, align=A.JUSTIFY, indent=True, outline=0, keep_next=True)
        self._style(STYLE_HEADINGS[2], KAI_FONT, BODY_PT, align=A.JUSTIFY, indent=True, outline=1, keep_next=True)
        self._style(STYLE_HEADINGS[3], BODY_FONT, BODY_PT, align=A.JUSTIFY, indent=True, outline=2, keep_next=True)
        self._style(STYLE_HEADINGS[4], BODY_FONT, BODY_PT, align=A.JUSTIFY, indent=True, outline=3, keep_next=True)
        self._style(STYLE_FOLIO, SONG_FONT, FOLIO_PT, exact=False)
        self._style(STYLE_IMPRINT, BODY_FONT, IMPRINT_PT, exact=False)
        self._style(STYLE_TABLE, BODY_FONT, IMPRINT_PT, exact=False)
        self._style(STYLE_DRAFT, HEI_FONT, IMPRINT_PT, exact=False, color="C00000")
        # Normal follows the body, so anything Word adds (a new paragraph) looks right too.
        normal = self.doc.styles["Normal"]
        normal.font.size = self.doc.styles[STYLE_BODY].font.size
        self._fonts(normal.element, BODY_FONT)

    def _font_table(self):
        """Name each GB font with the face a machine without it substitutes (w:altName), its
        character set (GB2312: 86) and family, so the fallback keeps serif or sans."""
        from lxml import etree

        part = next(p for p in self.doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
        root = etree.fromstring(part.blob)
        w = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        for name, alt, family in (TITLE_FONT, BODY_FONT, HEI_FONT, KAI_FONT, SONG_FONT):
            font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
            etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
            etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
            etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": family})
            etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _page(self):
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
        section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
        section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(BOTTOM - 7 - FOLIO_PT / PT_PER_MM - 1)  # the folio's top 7 mm under the block
        grid = section._sectPr.find(qn("w:docGrid"))
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
        # Word's character pitch: the Normal font size plus charSpace/4096 pt.
        grid.set(qn("w:charSpace"), str(round((CHAR_PITCH_PT - BODY_PT) * 4096)))
        self.doc.settings.odd_and_even_pages_header_footer = True
        from docx.enum.text import WD_ALIGN_PARAGRAPH as A

        for footer, align, side in ((section.footer, A.RIGHT, "right"), (section.even_page_footer, A.LEFT, "left")):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            self._set_style(p, STYLE_FOLIO)
            p.alignment = align
            setattr(p.paragraph_format, f"{side}_indent", Pt(FOLIO_PT))  # one character in from the edge
            p.add_run("— ")
            self._page_field(p)
            p.add_run(" —")
        for header in (section.header, section.even_page_header):
            header.is_linked_to_previous = False
            p = header.paragraphs[0]
            if self.model.draft:
                self._set_style(p, STYLE_DRAFT)
                p.alignment = A.RIGHT
                p.add_run("草稿")

    @staticmethod
    def _page_field(paragraph):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            run = paragraph.add_run()
            if kind:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif text.strip() == "PAGE":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                run.text = text

    @staticmethod
    def _rule(paragraph, edge: str, *, color: str = "000000", size: int = 6, space: int = 1):
        """A rule along the paragraph's ``edge`` (size in eighths of a point)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        ppr = paragraph._p.get_or_add_pPr()
        borders = ppr.find(qn("w:pBdr"))
        if borders is None:
            borders = OxmlElement("w:pBdr")
            ppr.append(borders)
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", color)):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)

    def _set_style(self, paragraph, name: str) -> None:
        """Set the style by its id: python-docx's setter scans every style per paragraph."""
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        paragraph._p.style = self._style_ids[name]

    def _p(self, text: str = "", style: str = STYLE_BODY, *, align=None, indent: bool | None = None, keep_next: bool | None = None):
        p = self.doc.add_paragraph()
        self._set_style(p, style)
        if text:
            p.add_run(text)
        if align is not None:
            p.alignment = align
        if indent is False:
            from docx.shared import Pt

            p.paragraph_format.first_line_indent = Pt(0)
        if keep_next is not None:
            p.paragraph_format.keep_with_next = keep_next
        return p

    def _table(self, block: Table):
        from docx.enum.text import WD_ALIGN_PARAGRAPH as A
        from docx.shared import Mm
        from docx.table import _Cell

        table = self.doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = self.doc.styles["Table Grid"]
        weights = block.widths or [1] * len(block.header)
        total = sum(weights)
        # Straight to the XML: python-docx rebuilds the whole cell grid on every cell lookup.
        for i, (tr, row) in enumerate(zip(table._tbl.tr_lst, [block.header, *block.rows], strict=True)):
            for j, (tc, text) in enumerate(zip(tr.tc_lst, row, strict=True)):
                cell = _Cell(tc, table)
                cell.width = Mm(BLOCK_W * weights[j] / total)
                p = cell.paragraphs[0]
                self._set_style(p, STYLE_TABLE)
                if i == 0:
                    p.alignment = A.CENTER
                    p.add_run(str(text)).bold = True
                else:
                    p.add_run(str(text))
        self._p("", indent=False)

    def render(self) -> bytes:
        from docx.enum.text import WD_ALIGN_PARAGRAPH as A

        m = self.model
        self._styles()
        self._font_table()
        self._page()
        doc = self.doc
        doc.core_properties.title = m.title
        doc.core_properties.author = m.signature or m.issuer
        body = doc.paragraphs[0]._p if doc.paragraphs else None
        if body is not None and not doc.paragraphs[0].text:
            body.getparent().remove(body)
        if m.issuer:
            self._p(m.issuer, STYLE_MASTHEAD)
            self._p("", STYLE_NUMBER, keep_next=True)
            number = self._p(m.number, STYLE_NUMBER)
            self._rule(number, "bottom", color=RED, size=12, space=8)  # the red rule, 4 mm under the number
            self._p("", STYLE_NUMBER, keep_next=True)
        self._p(m.title, STYLE_TITLE)
        self._p("", indent=False, keep_next=True)
        blocks = list(m.blocks)
        for i, block in enumerate(blocks):
            last = i == len(blocks) - 1
            if isinstance(block, Heading):
                self._p(f"{block.label}{block.text}", STYLE_HEADINGS[block.level])
            elif isinstance(block, Paragraph):
                # The last paragraph keeps with the 落款 so the signature never stands alone.
                self._p(block.text, indent=block.indent, keep_next=True if last and m.signature else None)
            elif isinstance(block, Table):
                self._table(block)
        if m.signature or m.date:
            self._p("", indent=False, keep_next=True)
            right = {"align": A.RIGHT, "indent": False}
            if m.signature:
                p = self._p(m.signature, keep_next=bool(m.date), **right)
                p.paragraph_format.right_indent = self._chars(4)
            if m.date:
                p = self._p(chinese_date(m.date), **right)
                p.paragraph_format.right_indent = self._chars(4)
        if m.has_imprint:
            self._imprint()
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    @staticmethod
    def _chars(n: int):
        from docx.shared import Pt

        return Pt(BODY_PT * n)

    def _imprint(self):
        """版记: 抄送 and 印发机关/印发日期, between a rule above the first and under the last,
        a thin rule between them; kept together."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm, Pt

        m = self.model
        self._p("", indent=False, keep_next=True)
        rows = []
        if m.cc:
            p = self._p(f"抄送：{'，'.join(m.cc)}。", STYLE_IMPRINT, keep_next=True)
            p.paragraph_format.left_indent = Pt(IMPRINT_PT)
            p.paragraph_format.first_line_indent = Pt(0)
            rows.append(p)
        if m.printer or m.printed_on:
            p = self._p("", STYLE_IMPRINT)
            p.paragraph_format.left_indent = Pt(IMPRINT_PT)
            p.paragraph_format.right_indent = Pt(IMPRINT_PT)
            p.paragraph_format.tab_stops.add_tab_stop(Mm(BLOCK_W) - Pt(IMPRINT_PT * 2), WD_TAB_ALIGNMENT.RIGHT)
            p.add_run(m.printer)
            if m.printed_on:
                p.add_run(f"\t{chinese_date(m.printed_on)}印发")
            rows.append(p)
        self._rule(rows[0], "top", size=8)
        for p in rows[1:]:
            self._rule(p, "top", size=4)
        self._rule(rows[-1], "bottom", size=8)


# --- HTML, and from it the PDF ----------------------------------------------------------------
def _css(model: OfficialDocument) -> str:
    line = f"{BLOCK_H / LINES - 0.0001:.4f}mm"  # 22 lines fill the block and never spill to 22.0001
    letter = round(CHAR_PITCH_PT - BODY_PT - 0.01, 3)
    draft = (f'@top-right {{ content: "草稿"; font-family: "{PDF_SANS}"; font-size: 14pt; color: #c00000; vertical-align: bottom;'
             ' padding-bottom: 4mm; white-space: nowrap; width: 20mm; }') if model.draft else ""
    folio = f'font-family: "{PDF_SERIF}"; font-size: {FOLIO_PT}pt; vertical-align: top; padding-top: 7mm; white-space: nowrap; width: 40mm;'
    return f"""
@page {{ size: A4; margin: {TOP}mm {RIGHT}mm {BOTTOM}mm {LEFT}mm; {draft} }}
@page :right {{ @bottom-right {{ content: "— " counter(page) " —"; {folio} padding-right: 1em; }} }}
@page :left {{ @bottom-left {{ content: "— " counter(page) " —"; {folio} padding-left: 1em; }} }}
html {{ font-family: "{PDF_SERIF}"; font-size: {BODY_PT}pt; line-height: {line}; letter-spacing: {letter}pt; color: #000; }}
body {{ margin: 0; }}
p {{ margin: 0; text-align: justify; orphans: 2; widows: 2; }}
p.indent {{ text-indent: 2em; }}
.masthead {{ font-weight: 700; color: #{RED}; text-align: center; line-height: 1.3; letter-spacing: 0.05em; white-space: nowrap; }}
.number {{ text-align: center; margin-top: {line}; padding-bottom: 4mm; border-bottom: 0.5mm solid #{RED}; }}
.after-rule {{ height: {line}; }}
h1.title {{ font-weight: 700; font-size: {TITLE_PT}pt; text-align: center; margin: 0 0 {line}; line-height: {line}; break-after: avoid; }}
.h {{ margin: 0; font-size: {BODY_PT}pt; font-weight: 400; text-indent: 2em; break-after: avoid; }}
.h1 {{ font-family: "{PDF_SANS}"; }}
table {{ width: 100%; border-collapse: collapse; font-size: {IMPRINT_PT}pt; line-height: 1.5; letter-spacing: 0; margin: 2mm 0 {line}; }}
th, td {{ border: 0.3mm solid #000; padding: 1mm 1.5mm; vertical-align: top; }}
th {{ font-family: "{PDF_SANS}"; font-weight: 400; }}
tr {{ break-inside: avoid; }}
.signature {{ break-before: avoid; break-inside: avoid; margin-top: {line}; }}
.signature p {{ text-align: right; padding-right: 4em; }}
.imprint {{ break-inside: avoid; margin-top: {line}; font-size: {IMPRINT_PT}pt; border-top: 0.35mm solid #000; border-bottom: 0.35mm solid #000; letter-spacing: 0; }}
.imprint p {{ padding: 0 1em; }}
.imprint p + p {{ border-top: 0.25mm solid #000; }}
.imprint .printed {{ display: flex; justify-content: space-between; }}
"""


def _html(model: OfficialDocument) -> str:
    e = html.escape
    parts = [f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{e(model.title)}</title>',
             f"<style>{_css(model)}</style></head><body>"]
    if model.issuer:
        parts.append(f'<div class="masthead" style="font-size:{model.masthead_pt()}pt">{e(model.issuer)}</div>')
        parts.append(f'<p class="number">{e(model.number) or "&nbsp;"}</p><div class="after-rule"></div>')
    parts.append(f'<h1 class="title">{e(model.title)}</h1>')
    blocks = list(model.blocks)
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f'<p class="h h{block.level}">{e(block.label)}{e(block.text)}</p>')
        elif isinstance(block, Paragraph):
            parts.append(f'<p class="{"indent" if block.indent else ""}">{e(block.text)}</p>')
        elif isinstance(block, Table):
            total = sum(block.widths or [1] * len(block.header))
            widths = block.widths or [1] * len(block.header)
            head = "".join(f'<th style="width:{w * 100 / total:.1f}%">{e(str(h))}</th>' for h, w in zip(block.header, widths, strict=True))
            rows = "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in block.rows)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    if model.signature or model.date:
        parts.append('<div class="signature">')
        if model.signature:
            parts.append(f"<p>{e(model.signature)}</p>")
        if model.date:
            parts.append(f"<p>{e(chinese_date(model.date))}</p>")
        parts.append("</div>")
    if model.has_imprint:
        parts.append('<div class="imprint">')
        if model.cc:
            parts.append(f"<p>抄送：{e('，'.join(model.cc))}。</p>")
        if model.printer or model.printed_on:
            date = f"{chinese_date(model.printed_on)}印发" if model.printed_on else ""
            parts.append(f'<p class="printed"><span>{e(model.printer)}</span><span>{e(date)}</span></p>')
        parts.append("</div>")
    parts.append("</body></html>")
    return "".join(parts)


# --- file names --------------------------------------------------------------------------------
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
