"""Hostile and odd workbooks: zip bombs, huge dimensions, a hidden first sheet, formula cells
without a result, an unknown column beside row errors. Each is refused (or read) with a
clear Chinese message before it can hold the server."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from gongjian.core import xlsx

from .test_xlsx import PlainSpec, workbook_bytes

TOO_BIG = "工作簿过大"


def _rezip(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """The same .xlsx with some entries replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def _sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_a_workbook_that_unpacks_too_large_is_refused_before_parsing(settings):
    settings.GONGJIAN_IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
    good = workbook_bytes(["Name"], [["a"]])
    bomb = _rezip(good, {}, add={"xl/media/padding.bin": b"\0" * (3 * 1024 * 1024)})
    assert len(bomb) < 100_000  # small on the wire
    with pytest.raises(xlsx.ImportFileError) as exc:
        xlsx.read_rows(io.BytesIO(bomb))
    assert TOO_BIG in str(exc.value.message)
    with pytest.raises(xlsx.ImportFileError):
        xlsx.estimate_rows(io.BytesIO(bomb))


def test_a_sheet_claiming_a_huge_dimension_is_refused_without_reading_it():
    good = workbook_bytes(["Name"], [["a"]])
    xml = _sheet_xml(good)
    xml = xml.replace(b'<dimension ref="A1:A2"/>', b'<dimension ref="A1:XFD1048576"/>')
    assert b"XFD1048576" in xml
    with pytest.raises(xlsx.ImportFileError) as exc:
        xlsx.estimate_rows(io.BytesIO(_rezip(good, {"xl/worksheets/sheet1.xml": xml})))
    assert TOO_BIG in str(exc.value.message)


def test_a_sheet_that_hides_its_size_is_stopped_while_streaming(monkeypatch):
    """No dimension record, and far more cells than allowed: reading stops at the cap."""
    monkeypatch.setattr(xlsx, "MAX_CELLS", 5_000)
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{col}{r}" t="inlineStr"><is><t>x</t></is></c>' for col in "ABCDEFGHIJ") + "</row>" for r in range(1, 2001))
    good = workbook_bytes(["Name"], [["a"]])
    xml = _sheet_xml(good)
    start, end = xml.index(b"<sheetData>"), xml.index(b"</sheetData>") + len(b"</sheetData>")
    xml = xml[:start] + f"<sheetData>{rows}</sheetData>".encode() + xml[end:]
    xml = xml.replace(b'<dimension ref="A1:A2"/>', b"")
    with pytest.raises(xlsx.ImportFileError) as exc:
        xlsx.read_rows(io.BytesIO(_rezip(good, {"xl/worksheets/sheet1.xml": xml})))
    assert TOO_BIG in str(exc.value.message)


def test_a_row_reaching_far_to_the_right_is_refused():
    good = workbook_bytes(["Name"], [["a"]])
    xml = _sheet_xml(good).replace(b"</row></sheetData>", b'<c r="ZZ2" t="inlineStr"><is><t>far</t></is></c></row></sheetData>')
    xml = xml.replace(b'<dimension ref="A1:A2"/>', b"")
    with pytest.raises(xlsx.ImportFileError) as exc:
        xlsx.read_rows(io.BytesIO(_rezip(good, {"xl/worksheets/sheet1.xml": xml})))
    assert TOO_BIG in str(exc.value.message)


def test_the_first_visible_sheet_is_read_when_the_first_sheet_is_hidden():
    wb = Workbook()
    hidden = wb.active
    hidden.title = "旧数据"
    hidden.append(["Name"])
    hidden.append(["hidden row"])
    hidden.sheet_state = "hidden"
    visible = wb.create_sheet("导入")
    visible.append(["Name"])
    visible.append(["visible row"])
    buf = io.BytesIO()
    wb.save(buf)
    sheet = xlsx.read_rows(io.BytesIO(buf.getvalue()))
    assert [values for _n, values in sheet.rows] == [("visible row",)]


def test_a_workbook_with_every_sheet_hidden_is_refused_saying_why():
    good = workbook_bytes(["Name"], [["a"]])
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        book = z.read("xl/workbook.xml")
    book = book.replace(b'state="visible"', b'state="hidden"')
    assert b"hidden" in book
    with pytest.raises(xlsx.ImportFileError) as exc:
        xlsx.read_rows(io.BytesIO(_rezip(good, {"xl/workbook.xml": book})))
    assert "隐藏" in str(exc.value.message)


def test_a_formula_cell_without_a_stored_result_is_an_error_asking_for_values():
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Size"])
    ws.append(["a", "=1+1"])  # openpyxl stores the formula without a cached value
    ws.append(["b", 3])
    buf = io.BytesIO()
    wb.save(buf)
    sheet = xlsx.read_rows(io.BytesIO(buf.getvalue()))
    rows, errors = xlsx.validate(PlainSpec(), sheet, user=None)
    assert [(e.row, e.column) for e in errors] == [(2, "Size")]
    assert "公式单元格" in errors[0].message
    assert [r.number for r in rows] == [3]


def test_text_that_looks_like_a_formula_is_not_taken_for_one():
    data = xlsx.export_workbook(PlainSpec(), [], user=None)
    assert data  # the engine writes text safely; reading "=1+1" typed as text stays text
    wb = Workbook()
    ws = wb.active
    ws.append(["Name"])
    cell = ws.cell(row=2, column=1, value="=1+1")
    cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    sheet = xlsx.read_rows(io.BytesIO(buf.getvalue()))
    assert [values for _n, values in sheet.rows] == [("=1+1",)]


def test_an_unknown_column_and_the_rows_errors_are_reported_together():
    sheet = xlsx.read_rows(io.BytesIO(workbook_bytes(["Name", "Size", "Comment"], [["a", "x", "note"], [None, 1, ""]])))
    rows, errors = xlsx.validate(PlainSpec(), sheet, user=None)
    assert rows == []
    assert [(e.row, e.column) for e in errors] == [(1, "Comment"), (1, ""), (2, "Size"), (3, "Name")]


def test_django_stock_messages_are_replaced_by_the_products_wording():
    from django.core.exceptions import ValidationError
    from django.core.validators import MaxLengthValidator

    with pytest.raises(ValidationError) as exc:
        MaxLengthValidator(5)("一二三四五六七")
    errors = xlsx.errors_from_validation(PlainSpec(), 3, ValidationError({"name": exc.value.error_list}))
    assert [e.message for e in errors] == ["太长：最多 5 个字，此单元格有 7 个。"]
    assert "确保" not in errors[0].message
