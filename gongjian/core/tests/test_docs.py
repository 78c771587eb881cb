"""The document builder: the DOCX read back (page, grid, footers, styles, red header) and the
PDF's text, pages and page size."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from gongjian.core import docs
from gongjian.core.docs import OfficialDocument


def sample(*, draft: bool = False, paragraphs: int = 3) -> OfficialDocument:
    d = OfficialDocument(
        title="关于做好2010年度社区工作任务分解的通知", issuer="中共梅列区列东街道江滨社区委员会", number="梅列党建〔2010〕12号",
        signature="中共江滨社区委员会", date=datetime.date(2010, 1, 20), cc=["列东街道工委", "梅列区委组织部"],
        printer="中共江滨社区委员会", printed_on=datetime.date(2010, 1, 21), draft=draft,
    )
    d.heading("总体要求")
    for _ in range(paragraphs):
        d.paragraph("各驻区单位要按照“168”基层党建工作机制的要求，认真做好年度工作任务分解。")
    d.heading("工作安排")
    d.heading("征求意见", 2)
    d.heading("收集建议", 3)
    d.heading("汇总建议", 4)
    d.heading("汇总建议二", 4)
    d.heading("议事决策", 2)
    d.heading("审议建议", 3)
    d.table(["序号", "任务", "责任单位"], [["1", "老旧下水道改造", "列东供电所"]], [1, 4, 4])
    d.heading("工作要求")
    return d


def test_chinese_numerals_and_heading_numbers():
    assert [docs.chinese_numeral(n) for n in (1, 9, 10, 11, 20, 21, 99)] == ["一", "九", "十", "十一", "二十", "二十一", "九十九"]
    labels = [b.label for b in sample().blocks if isinstance(b, docs.Heading)]
    # A level restarts under a new heading of the level above.
    assert labels == ["一、", "二、", "（一）", "1.", "（1）", "（2）", "（二）", "1.", "三、"]


def _docx(d):
    return Document(io.BytesIO(d.to_docx()))


def test_docx_page_setup_and_grid():
    section = _docx(sample()).sections[0]
    mm = lambda length: round(length / 36000, 1)  # noqa: E731  (stored in twips)
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37, 28)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    # 22 lines in 225 mm; 28 characters of 16 pt (plus charSpace/4096 pt each) in 156 mm.
    assert round(225 / 25.4 * 72 * 20 / int(grid.get(qn("w:linePitch")))) == 22
    pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert round(156 / 25.4 * 72 / pitch) == 28


def test_docx_odd_and_even_footers_carry_the_page_number_on_the_outer_side():
    doc = _docx(sample())
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # right, left
    for p in (odd, even):
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert p.style.name == docs.STYLE_FOLIO
        assert p.style.font.size == Pt(14)
        assert p.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def _east_asia(style):
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_docx_styles_name_the_gb_fonts_and_sizes():
    doc = _docx(sample())
    by_style = {}
    for p in doc.paragraphs:
        if p.text:
            by_style.setdefault(p.style.name, p)
    expected = {
        docs.STYLE_TITLE: ("方正小标宋简体", 22), docs.STYLE_BODY: ("仿宋_GB2312", 16), docs.STYLE_HEADINGS[1]: ("黑体", 16),
        docs.STYLE_HEADINGS[2]: ("楷体_GB2312", 16), docs.STYLE_HEADINGS[3]: ("仿宋_GB2312", 16), docs.STYLE_HEADINGS[4]: ("仿宋_GB2312", 16),
        docs.STYLE_IMPRINT: ("仿宋_GB2312", 14),
    }
    for name, (font, size) in expected.items():
        p = by_style[name]
        assert (_east_asia(p.style), p.style.font.size) == (font, Pt(size)), name
    assert by_style[docs.STYLE_HEADINGS[1]].text == "一、总体要求"
    assert by_style[docs.STYLE_HEADINGS[2]].text == "（一）征求意见"
    assert by_style[docs.STYLE_HEADINGS[3]].text == "1.收集建议"
    assert by_style[docs.STYLE_HEADINGS[4]].text == "（1）汇总建议"
    assert by_style[docs.STYLE_BODY].paragraph_format.first_line_indent is None  # from the style:
    assert doc.styles[docs.STYLE_BODY].paragraph_format.first_line_indent == Pt(32)


def test_docx_font_table_falls_back_to_fonts_of_the_same_kind():
    doc = _docx(sample())
    part = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    xml = part.blob.decode()
    for name, alt, family in (docs.BODY_FONT, docs.TITLE_FONT, docs.HEI_FONT, docs.KAI_FONT):
        block = re.search(rf'<w:font w:name="{re.escape(name)}">(.*?)</w:font>', xml, re.S).group(1)
        assert f'<w:altName w:val="{alt}"/>' in block and f'<w:family w:val="{family}"/>' in block and 'w:charset w:val="86"' in block


def test_docx_masthead_in_red_with_the_number_and_a_red_rule():
    doc = _docx(sample())
    mast = doc.paragraphs[0]
    assert mast.text == "中共梅列区列东街道江滨社区委员会"
    assert str(mast.style.font.color.rgb) == "FF0000"
    assert mast.alignment is None and mast.style.paragraph_format.alignment == 1  # centred
    assert mast.style.font.size > Pt(22)
    number = next(p for p in doc.paragraphs if p.text == "梅列党建〔2010〕12号")
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"


def test_docx_imprint_between_rules_and_signature_kept_with_the_text():
    doc = _docx(sample())
    texts = [p.text for p in doc.paragraphs]
    assert "抄送：列东街道工委，梅列区委组织部。" in texts
    printed = next(p for p in doc.paragraphs if p.text.endswith("印发"))
    assert printed.text == "中共江滨社区委员会\t2010年1月21日印发"
    cc = next(p for p in doc.paragraphs if p.text.startswith("抄送"))
    assert cc._p.pPr.find(qn("w:pBdr")).find(qn("w:top")) is not None
    assert printed._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None
    sign = next(p for p in doc.paragraphs if p.text == "中共江滨社区委员会" and p.alignment == 2)
    assert sign.paragraph_format.keep_with_next


def test_draft_is_marked_in_the_header():
    draft, final = _docx(sample(draft=True)), _docx(sample(draft=False))
    assert draft.sections[0].header.paragraphs[0].text == "草稿"
    assert draft.sections[0].even_page_header.paragraphs[0].text == "草稿"
    assert final.sections[0].header.paragraphs[0].text == ""
    assert "草稿" in sample(draft=True).to_html() and "草稿" not in sample().to_html()


def _pdf(d):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(d.to_pdf()))


def _cjk(text: str) -> str:
    return "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")


def test_pdf_a4_pages_text_extractable_and_noto_embedded():
    d = sample(paragraphs=30, draft=True)
    reader = _pdf(d)
    assert len(reader.pages) == 4
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = "".join(p.extract_text() for p in reader.pages)
    compact = re.sub(r"\s+", "", text)
    for words in (d.issuer, d.number, d.title, "一、总体要求", "（一）征求意见", "抄送：列东街道工委，梅列区委组织部。", "草稿", "—1—", "—4—", "2010年1月21日印发"):
        assert re.sub(r"\s+", "", words) in compact, words
    # Every Chinese character of the model came out as text.
    source = _cjk(d.to_html().split("</style>", 1)[1]) + "草稿"  # the header mark comes from the page style
    assert sorted(set(source)) == sorted(set(_cjk(text)))
    fonts = set()
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            desc = f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile3" in desc or "/FontFile2" in desc  # embedded
            fonts.add(str(desc["/FontName"]).split("+", 1)[-1])
    assert {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC"} <= fonts


@pytest.mark.parametrize("lines,pages", [(42, 2), (43, 3)])
def test_pdf_document_grid_is_22_lines_of_28_characters(lines, pages):
    """The title and the blank line under it take two lines of the grid; then lines of exactly
    28 characters fill 20 lines of the first page and 22 of each next page."""
    line = "社区党组织与驻区单位签订责任状党员签订承诺书共同挑起重担"
    assert len(line) == 28
    d = OfficialDocument(title="网格")
    for _ in range(lines):
        d.paragraph(line, indent=False)
    reader = _pdf(d)
    assert len(reader.pages) == pages
    first = [t for t in reader.pages[0].extract_text().splitlines() if t.strip()]
    assert first[1:21] == [line] * 20 and first[21].replace(" ", "") == "—1—"


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")
def test_pdf_renders_to_page_images(tmp_path):
    """A test artefact to look at: the pages as PNG (pdftoppm), kept under tmp_path."""
    pdf = tmp_path / "sample.pdf"
    pdf.write_bytes(sample(paragraphs=12).to_pdf())
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3 and all(p.stat().st_size > 2000 for p in pages)


def test_signature_never_stands_alone_on_the_last_page():
    """The page is full when the 落款 comes: the last paragraph goes over with it (PDF), and
    Word is told to keep them together and not to leave a widow or orphan line (DOCX)."""
    line = "社区党组织与驻区单位签订责任状党员签订承诺书共同挑起重担"
    d = OfficialDocument(title="网格", signature="江滨社区党建联席会", date=datetime.date(2010, 1, 20))
    for _ in range(19):
        d.paragraph(line, indent=False)
    d.paragraph("最后一段" * 7, indent=False)
    reader = _pdf(d)
    assert len(reader.pages) == 2
    last = [t.strip() for t in reader.pages[1].extract_text().splitlines() if t.strip()]
    assert last[:3] == ["最后一段" * 7, "江滨社区党建联席会", "2010年1月20日"]
    doc = _docx(d)
    last_paragraph = next(p for p in doc.paragraphs if p.text == "最后一段" * 7)
    assert last_paragraph.paragraph_format.keep_with_next
    assert doc.styles[docs.STYLE_BODY].paragraph_format.widow_control
