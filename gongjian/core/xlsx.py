"""The Excel engine: one column spec per model drives the template, the import and the export.

- ``template_workbook(spec)``: the header row, one example row, drop-downs for choice columns
  and a second sheet (说明) explaining every column.
- ``read_rows(file)``: reads the first sheet with openpyxl in read-only mode; a file that is
  too big, not .xlsx or damaged raises ``ImportFileError`` with a message fit for the user.
- ``validate(spec, sheet, user)``: parses every cell and lets the spec check every row (scope,
  references, ``full_clean()``, duplicates); returns the cleaned rows and every error as
  ``RowError(row, column, message)``, the row numbered as Excel shows it.
- ``import_rows(spec, sheet, user)``: all or nothing. Validate everything first; only when no
  row has an error does the spec write, inside one ``transaction.atomic``, through services.
- ``export_workbook(spec, queryset, user=...)``: a write-only workbook in which every string
  is stored as text, so ``=1+1`` (or + - @ tab CR) is never a formula and reads back equal.
- ``run_import_job(job, spec)``: the same import for an ``ImportJob`` in the background, with
  its progress in the cache so a page can show it while the write transaction is still open.

A spec lives with its model's app (``registry/io.py``); the engine knows no model.
"""

from __future__ import annotations

import datetime
import decimal
import io
import logging
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .exceptions import ApplicationError

logger = logging.getLogger(__name__)

#: The most data rows one sheet may hold; beyond it the user is asked to split the file.
MAX_ROWS = 100_000
#: How many rows the template's drop-downs and text formats cover.
TEMPLATE_ROWS = 5000
#: What the example row of a template carries in its ID cell; such a row is never imported.
EXAMPLE_MARK = pgettext_lazy("excel example", "Example")
#: The change-log ``source`` of everything an import writes.
SOURCE = "excel-import"
#: Strings a spreadsheet could take for a formula (or a command) when they start a cell.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_REQUIRED_MARKS = "*＊"


class ImportFileError(ApplicationError):
    """The uploaded file as a whole cannot be imported (too big, not .xlsx, damaged)."""


class RowError(NamedTuple):
    """One problem in the sheet: the row as Excel numbers it, the column header, the message."""

    row: int
    column: str
    message: str


# --------------------------------------------------------------------------------------------
# Cell parsers: a cell value in, a Python value out, or a ValidationError with a clear message.
# Every parser is called only for non-empty cells; an empty cell takes the column's default.
# --------------------------------------------------------------------------------------------


def _norm(value) -> str:
    """Header and label matching: trimmed, case- and width-insensitive, no required mark."""
    text = str(value).replace("\u3000", " ").strip().rstrip(_REQUIRED_MARKS).strip()
    return re.sub(r"\s+", " ", text).casefold()


def _as_text(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


class Text:
    """Any text; numbers Excel stored as numbers (a mobile typed as 13900000001) come back
    as their digits. ``compact`` drops spaces and dashes (phone numbers)."""

    empty = ""

    def __init__(self, *, compact: bool = False):
        self.compact = compact

    def __call__(self, value) -> str:
        text = _as_text(value)
        if self.compact:
            text = re.sub(r"[\s\-]", "", text)
        return text


class Integer:
    empty = None

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None):
        self.min_value, self.max_value = min_value, max_value

    def __call__(self, value) -> int:
        if isinstance(value, bool):
            raise ValidationError(_("Enter a whole number."))
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            text = _as_text(value).replace(",", "")
            if not re.fullmatch(r"[+-]?\d+(\.0+)?", text):
                raise ValidationError(_("Enter a whole number."))
            number = int(text.split(".")[0])
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(_("Enter a number no smaller than %(min)s.") % {"min": self.min_value})
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(_("Enter a number no larger than %(max)s.") % {"max": self.max_value})
        return number


class Decimal:
    """A decimal number rounded to ``places`` (coordinates: 6)."""

    empty = None

    def __init__(self, *, places: int = 6):
        self.quantum = decimal.Decimal(1).scaleb(-places)

    def __call__(self, value) -> decimal.Decimal:
        if isinstance(value, bool):
            raise ValidationError(_("Enter a number."))
        try:
            number = decimal.Decimal(str(value).strip())
        except decimal.InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        return number.quantize(self.quantum, rounding=decimal.ROUND_HALF_UP)


def _label_variants(label) -> set[str]:
    """A lazy label in the active language, in Simplified Chinese and in English."""
    variants = {_norm(label)}
    for code in ("zh-hans", "en"):
        with translation.override(code):
            variants.add(_norm(label))
    return variants


class Choice:
    """One of a field's choices. Accepts the display label (in Chinese, as the template and
    the export write it; also in English) or the stored value; exports the label."""

    empty = ""

    def __init__(self, choices: Iterable[tuple[Any, Any]]):
        self.choices = list(choices)
        self._lookup: dict[str, dict[str, Any]] = {}

    def labels(self) -> list[str]:
        return [str(label) for _value, label in self.choices]

    def _map(self) -> dict[str, Any]:
        language = translation.get_language() or ""
        found = self._lookup.get(language)
        if found is None:
            found = {}
            for value, label in self.choices:
                found.setdefault(_norm(value), value)
                for variant in _label_variants(label):
                    found.setdefault(variant, value)
            self._lookup[language] = found
        return found

    def __call__(self, value):
        key = _norm(_as_text(value))
        try:
            return self._map()[key]
        except KeyError:
            raise ValidationError(
                _("“%(value)s” is not one of the choices: %(choices)s.")
                % {"value": _as_text(value), "choices": "、".join(self.labels())}
            ) from None

    def label(self, value) -> str:
        for stored, label in self.choices:
            if stored == value:
                return str(label)
        return "" if value in (None, "") else str(value)


class Boolean(Choice):
    """是 / 否 (Yes / No); also 1 / 0, true / false, √ / ×."""

    empty = None

    def __init__(self):
        super().__init__([(True, pgettext_lazy("excel choice", "Yes")), (False, pgettext_lazy("excel choice", "No"))])

    def _map(self) -> dict[str, Any]:
        found = super()._map()
        for word in ("1", "true", "y", "√", "✓"):
            found.setdefault(word, True)
        for word in ("0", "false", "n", "×", "✗"):
            found.setdefault(word, False)
        return found

    def __call__(self, value):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        return super().__call__(value)


_NOT_SET = object()


@dataclass
class Column:
    """One column of a sheet.

    ``key`` names the value in a cleaned row (and, unless ``field`` says otherwise, the model
    field whose validation errors belong to this column). ``header`` is what the user reads
    (English source, Chinese through the catalogue). ``parse`` turns a non-empty cell into a
    value or raises ValidationError; an empty cell takes ``default`` (else the parser's
    ``empty``). ``export`` is ``callable(obj, ctx)``, by default the attribute ``key`` (the
    label, for a choice). ``choices`` feed the template's drop-down (default: the parser's
    labels). ``help`` and ``example`` fill the 说明 sheet and the template's example row.
    """

    key: str
    header: Any
    required: bool = False
    parse: Callable[[Any], Any] = field(default_factory=Text)
    export: Callable[[Any, ExportContext], Any] | None = None
    choices: Callable[[], Sequence[str]] | Sequence[str] | None = None
    help: Any = ""
    example: Any = ""
    field: str | None = None
    default: Any = _NOT_SET
    width: int = 14
    text_format: bool = False

    @property
    def model_field(self) -> str:
        return self.field or self.key

    @property
    def empty_value(self):
        return getattr(self.parse, "empty", "") if self.default is _NOT_SET else self.default

    def choice_labels(self) -> list[str]:
        choices = self.choices
        if choices is None:
            labels = getattr(self.parse, "labels", None)
            return list(labels()) if labels else []
        if callable(choices):
            choices = choices()
        return [str(c) for c in choices]

    def header_variants(self) -> set[str]:
        return _label_variants(self.header) | {_norm(self.key)}

    def export_value(self, obj, ctx: ExportContext):
        if self.export is not None:
            return self.export(obj, ctx)
        value = getattr(obj, self.key, None)
        if isinstance(self.parse, Choice):
            return self.parse.label(value)
        return value


@dataclass
class CleanRow:
    """A row that parsed: its Excel row number and values by column key (only the columns the
    sheet has). The spec's ``build`` fills in what its ``write`` needs: the object to save,
    whether this is a create, update or no change, its before-snapshot, and anything else."""

    number: int
    values: dict[str, Any]
    obj: Any = None
    action: str = ""
    before: dict | None = None
    extra: dict = field(default_factory=dict)


_scope_getter: Callable[[Any], Any] | None = None


def set_scope_getter(getter: Callable[[Any], Any]) -> None:
    """How a user's scope is found (``accounts`` registers ``get_scope`` from its ``ready()``:
    core imports no feature app)."""
    global _scope_getter
    _scope_getter = getter


def scope_of(user):
    if _scope_getter is None:
        raise ImproperlyConfigured("no scope getter: is gongjian.accounts installed?")
    return _scope_getter(user)


@dataclass
class ImportContext:
    """What a spec may use while checking and writing one sheet."""

    user: Any
    spec: SheetSpec
    present: set[str]
    data: dict = field(default_factory=dict)
    progress: Callable[[str, int, int], None] | None = None

    @property
    def scope(self):
        return scope_of(self.user)

    def report(self, phase: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(phase, done, total)


@dataclass
class ExportContext:
    """Who is exporting; ``full(obj)`` says whether their personal data may be shown in full."""

    user: Any = None

    @property
    def scope(self):
        return scope_of(self.user)

    def full(self, obj) -> bool:
        if self.user is None:
            return False
        return self.scope.covers_community(getattr(obj, "community_id", None), staff_only=True)


class SheetSpec:
    """The sheet of one model. Subclasses set ``kind``, ``name``, ``model`` and ``columns`` and
    say how a validated row becomes a service call:

    - ``prepare(ctx, rows)``: load in bulk whatever ``build`` needs (existing objects by ID,
      referenced places), so checking a sheet costs a handful of queries, not one per row;
    - ``build(ctx, row)``: resolve references, check scope, apply the values to a new or
      existing object and ``full_clean()`` it; raise ValidationError keyed by column key or
      model field; set ``row.action`` to "create", "update" or "unchanged";
    - ``check(ctx, rows)``: errors between rows (duplicates in the sheet and in the database);
    - ``write(ctx, rows)``: call the services; returns nothing, raises on a conflict. The
      engine holds the transaction.
    """

    kind = ""
    name: Any = ""
    model = None
    columns: list[Column] = []
    id_key = "id"
    notes: Sequence[Any] = ()

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def header_for(self, key: str | None) -> str:
        if not key:
            return ""
        for col in self.columns:
            if key in (col.key, col.model_field):
                return str(col.header)
        return ""

    def prepare(self, ctx: ImportContext, rows: list[CleanRow]) -> None:
        return None

    def build(self, ctx: ImportContext, row: CleanRow) -> None:
        raise NotImplementedError

    def check(self, ctx: ImportContext, rows: list[CleanRow]) -> list[RowError]:
        return []

    def write(self, ctx: ImportContext, rows: list[CleanRow]) -> None:
        raise NotImplementedError

    def export_queryset(self, queryset):
        return queryset


# --------------------------------------------------------------------------------------------
# Template
# --------------------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_REQUIRED_FONT = Font(bold=True, color="C8161D")
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_EXAMPLE_FONT = Font(italic=True, color="808080")


def _template_header(col: Column) -> str:
    return f"{col.header}*" if col.required else str(col.header)


def _workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _fits_inline(labels: list[str]) -> bool:
    return len(",".join(labels)) <= 250 and not any("," in label or '"' in label for label in labels)


def _list_formula(labels: list[str], lists_sheet, col_index: int) -> str:
    """A drop-down source: inline when short and comma-free, else a range on a hidden sheet."""
    if _fits_inline(labels):
        return '"{}"'.format(",".join(labels))
    letter = get_column_letter(col_index)
    for i, label in enumerate(labels, start=1):
        lists_sheet.cell(row=i, column=col_index, value=label).data_type = "s"
    return f"'{lists_sheet.title}'!${letter}$1:${letter}${len(labels)}"


def template_workbook(spec: SheetSpec) -> bytes:
    """An empty sheet to fill in: headers (required ones marked * in red), one grey example row
    (its ID cell says 示例, so it is skipped if left in), drop-downs for choice columns and a
    说明 sheet explaining each column and how the import behaves."""
    wb = Workbook()
    ws = wb.active
    ws.title = str(spec.name)[:31]
    lists = None
    for index, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=_template_header(col))
        cell.font = _REQUIRED_FONT if col.required else _HEADER_FONT
        cell.fill = _HEADER_FILL
        example = EXAMPLE_MARK if col.key == spec.id_key else col.example
        example_cell = ws.cell(row=2, column=index, value=str(example) if example not in (None, "") else None)
        example_cell.font = _EXAMPLE_FONT
        if example_cell.value is not None:
            example_cell.data_type = "s"
        ws.column_dimensions[letter].width = col.width
        if col.text_format:
            # Typed-in mobiles stay text (no 1.39E+10, no lost leading digits).
            ws.column_dimensions[letter].number_format = "@"
        labels = col.choice_labels()
        if labels:
            if lists is None and not _fits_inline(labels):
                lists = wb.create_sheet("lists")
                lists.sheet_state = "hidden"
            formula = _list_formula(labels, lists, index)
            dv = DataValidation(
                type="list", formula1=formula, allow_blank=True, showErrorMessage=True, showDropDown=False,
                errorTitle=_("Not a valid choice"), error=_("Choose one of the values in the list."),
            )
            dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    _help_sheet(wb.create_sheet(pgettext("excel sheet", "Notes")), spec)
    if lists is not None:
        wb.move_sheet(lists, offset=len(wb.sheetnames))
    return _workbook_bytes(wb)


def _help_sheet(ws, spec: SheetSpec) -> None:
    general = [
        _("Fill in the first sheet, one row per record, and upload it on the import page."),
        _("Columns marked * must be filled in. Column headers must stay as they are; you may leave out columns you do not need."),
        _("The grey example row (ID 示例) is skipped; you may delete it."),
        _("ID empty: a new record is created. ID filled in (as in an exported sheet): that record is updated."),
        _("On an update, an empty cell clears the value; to leave a value alone, remove its whole column."),
        _("All or nothing: if any row has an error, nothing is written and every error is listed by row and column."),
        _("You can only add or change records in the communities you are responsible for."),
    ]
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 40
    ws.append([str(spec.name)])
    ws["A1"].font = Font(bold=True, size=14)
    for line in [*general, *[str(n) for n in spec.notes]]:
        ws.append(["", "", line])
        ws.cell(row=ws.max_row, column=3).alignment = Alignment(wrap_text=True)
    ws.append([])
    ws.append([pgettext("excel", "Column"), pgettext("excel", "Required"), pgettext("excel", "Explanation"), pgettext("excel", "Allowed values")])
    for cell in ws[ws.max_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for col in spec.columns:
        ws.append([
            str(col.header), pgettext("excel choice", "Yes") if col.required else "", str(col.help), "、".join(col.choice_labels()),
        ])
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """The cells of an uploaded sheet: the header row and the data rows, each numbered as Excel
    shows it. Empty rows are left out."""

    headers: list[Any]
    header_row: int
    rows: list[tuple[int, tuple]]

    def __len__(self) -> int:
        return len(self.rows)


def _file_size(file) -> int | None:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    if hasattr(file, "seek") and hasattr(file, "tell"):
        pos = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(pos)
        return size
    return None


def _max_mb() -> str:
    return f"{settings.GONGJIAN_IMPORT_MAX_BYTES / 1024 / 1024:g}"


def check_file(file) -> None:
    """Size and kind, before opening: raises ImportFileError with a message for the user."""
    name = (getattr(file, "name", "") or "").lower()
    if name.endswith(".xls") or name.endswith(".et"):
        raise ImportFileError(_("This is an old-style .xls file. In Excel or WPS choose Save As → Excel workbook (.xlsx) and upload that."))
    if name.endswith(".csv"):
        raise ImportFileError(_("This is a CSV file. Open it in Excel or WPS, save it as an Excel workbook (.xlsx) and upload that."))
    size = _file_size(file)
    if size is not None and size > settings.GONGJIAN_IMPORT_MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(max)s MB. Split it into several files.") % {"max": _max_mb()})
    if size == 0:
        raise ImportFileError(_("The file is empty."))


def _open(file):
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a bad file; all mean the same here
        logger.info("unreadable workbook: %s", exc.__class__.__name__)
        raise ImportFileError(
            _("This file could not be read as an Excel workbook (.xlsx): it may be damaged or of another kind. Save it again as .xlsx in Excel or WPS.")
        ) from None


def _data_sheet(wb):
    if not wb.worksheets:
        raise ImportFileError(_("The workbook has no sheets."))
    return wb.worksheets[0]


def estimate_rows(file) -> int | None:
    """The data rows a sheet claims to have (from its dimension record, without reading it),
    or None when the file does not say. Raises ImportFileError for an unreadable file."""
    check_file(file)
    wb = _open(file)
    try:
        max_row = _data_sheet(wb).max_row
    except Exception:
        max_row = None
    finally:
        wb.close()
    return None if not max_row else max(max_row - 1, 0)


def read_rows(file) -> Sheet:
    """Read the first sheet of an uploaded .xlsx (openpyxl read-only, cached values of any
    formulas). Raises ImportFileError with a message for the user when it cannot."""
    check_file(file)
    wb = _open(file)
    try:
        ws = _data_sheet(wb)
        ws.reset_dimensions()  # some writers record wrong dimensions; read what is there
        headers, header_row, rows = None, 0, []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if not any(v is not None and str(v).strip() != "" for v in values):
                continue
            if headers is None:
                headers, header_row = list(values), number
                continue
            if len(values) < len(headers):  # read-only mode trims empty cells at a row's end
                values = (*values, *([None] * (len(headers) - len(values))))
            rows.append((number, tuple(values)))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(_("The sheet has more than %(max)s rows. Split it into several files.") % {"max": MAX_ROWS})
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        logger.info("unreadable sheet: %s", exc.__class__.__name__)
        raise ImportFileError(_("This file could not be read as an Excel workbook (.xlsx): it may be damaged or of another kind. Save it again as .xlsx in Excel or WPS.")) from None
    finally:
        wb.close()
    if headers is None:
        raise ImportFileError(_("The first sheet is empty: it needs a header row and at least one row of data."))
    return Sheet(headers=headers, header_row=header_row, rows=rows)


# --------------------------------------------------------------------------------------------
# Validation and import
# --------------------------------------------------------------------------------------------


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def errors_from_validation(spec: SheetSpec, row: int, error: ValidationError, default_key: str = "") -> list[RowError]:
    """A ValidationError from a spec or from ``full_clean()`` as RowErrors, each under the
    header of the column its field belongs to."""
    found = []
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            header = spec.header_for(key if key != "__all__" else default_key)
            for err in errors:
                found.extend(RowError(row, header, m) for m in _messages(err))
    else:
        found.extend(RowError(row, spec.header_for(default_key), m) for m in _messages(error))
    return found


def _map_headers(spec: SheetSpec, sheet: Sheet) -> tuple[dict[int, Column], list[RowError]]:
    lookup = {}
    for col in spec.columns:
        for variant in col.header_variants():
            lookup.setdefault(variant, col)
    mapping: dict[int, Column] = {}
    errors = []
    seen: dict[str, int] = {}
    unknown = False
    for index, raw in enumerate(sheet.headers):
        if raw is None or str(raw).strip() == "":
            continue
        col = lookup.get(_norm(raw))
        if col is None:
            errors.append(RowError(sheet.header_row, _as_text(raw), _("Unknown column: rename it to one of the columns this sheet can have, or remove it.")))
            unknown = True
            continue
        if col.key in seen:
            errors.append(RowError(sheet.header_row, str(col.header), _("This column appears twice.")))
            continue
        seen[col.key] = index
        mapping[index] = col
    for col in spec.columns:
        if col.required and col.key not in seen:
            errors.append(RowError(sheet.header_row, str(col.header), _("This required column is missing.")))
    if unknown:
        names = "、".join(str(c.header) for c in spec.columns)
        errors.append(RowError(sheet.header_row, "", _("The columns this sheet can have: %(names)s.") % {"names": names}))
    return mapping, errors


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and value.replace("\u3000", " ").strip() == "")


def _is_example(row: tuple, id_index: int | None, marks: set[str]) -> bool:
    if id_index is None or id_index >= len(row) or _is_empty(row[id_index]):
        return False
    return _norm(row[id_index]) in marks


def validate(spec: SheetSpec, sheet: Sheet, user, *, progress: Callable[[str, int, int], None] | None = None) -> tuple[list[CleanRow], list[RowError]]:
    """Check every row of the sheet. Returns the cleaned rows (ready for ``write``) and every
    error found, sorted by row then column; nothing is written."""
    rows, errors, _ctx = _validate(spec, sheet, user, progress)
    return rows, errors


def _validate(spec, sheet, user, progress):
    mapping, errors = _map_headers(spec, sheet)
    ctx = ImportContext(user=user, spec=spec, present={c.key for c in mapping.values()}, progress=progress)
    if errors:
        return [], errors, ctx
    id_index = next((i for i, c in mapping.items() if c.key == spec.id_key), None)
    marks = _label_variants(EXAMPLE_MARK)
    parsed: list[CleanRow] = []
    for number, values in sheet.rows:
        if _is_example(values, id_index, marks):
            ctx.data["skipped_examples"] = ctx.data.get("skipped_examples", 0) + 1
            continue
        clean, bad = {}, set()
        for index, col in mapping.items():
            raw = values[index] if index < len(values) else None
            if _is_empty(raw):
                if col.required:
                    errors.append(RowError(number, str(col.header), _("This column must be filled in.")))
                    bad.add(str(col.header))
                clean[col.key] = col.empty_value
                continue
            try:
                clean[col.key] = col.parse(raw)
            except ValidationError as exc:
                errors.extend(RowError(number, str(col.header), m) for m in _messages(exc))
                bad.add(str(col.header))
                clean[col.key] = col.empty_value
        parsed.append(CleanRow(number=number, values=clean, extra={"bad_columns": bad} if bad else {}))
    total = len(parsed)
    if not total and not errors:
        return [], [RowError(sheet.header_row + 1, "", _("The sheet has no rows to import."))], ctx
    spec.prepare(ctx, parsed)
    good = []
    step = max(total // 100, 50)
    for done, row in enumerate(parsed, start=1):
        # A row with bad cells is still built (those cells empty), so that the rest of its
        # errors are reported too; errors on the columns already reported are left out.
        bad = row.extra.pop("bad_columns", None)
        try:
            spec.build(ctx, row)
        except ValidationError as exc:
            found = errors_from_validation(spec, row.number, exc)
            errors.extend(e for e in found if not bad or e.column not in bad)
        else:
            if not bad:
                good.append(row)
        if done % step == 0 or done == total:
            ctx.report("validating", done, total)
    errors.extend(spec.check(ctx, good))
    order = {str(c.header): i for i, c in enumerate(spec.columns)}
    errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))
    return good, errors, ctx


@dataclass
class ImportResult:
    """How an import ended: counts when it was written, else the errors (nothing written)."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return not self.errors


def import_rows(spec: SheetSpec, sheet: Sheet, user, *, progress: Callable[[str, int, int], None] | None = None) -> ImportResult:
    """All or nothing: validate every row; if none has an error, write them all through the
    spec's services inside one transaction. A conflict found while writing (someone changed
    a record meanwhile) rolls everything back and is reported like a row error."""
    rows, errors, ctx = _validate(spec, sheet, user, progress)
    result = ImportResult(total=len(sheet.rows) - ctx.data.get("skipped_examples", 0))
    if errors:
        result.errors = errors
        return result
    try:
        with transaction.atomic():
            spec.write(ctx, rows)
    except ValidationError as exc:
        result.errors = errors_from_validation(spec, 0, exc)
        return result
    except RowConflict as exc:
        result.errors = list(exc.errors)
        return result
    except IntegrityError:
        logger.warning("import of %s hit an integrity error; rolled back", spec.kind, exc_info=True)
        result.errors = [RowError(0, "", _("Someone else changed the same records while this sheet was being imported. Nothing was written; upload the sheet again."))]
        return result
    for row in rows:
        if row.action == "create":
            result.created += 1
        elif row.action == "update":
            result.updated += 1
        else:
            result.unchanged += 1
    return result


class RowConflict(Exception):
    """Raised by a spec's ``write`` when rows changed since they were checked; rolls back."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def _safe_cell(ws, value):
    """A write-only cell holding ``value``. Every string is stored as text, never as a formula
    (openpyxl would take "=…" for one, and "#N/A" for an error value); a string a spreadsheet
    could mistake for a formula once edited (= + - @ tab CR) also gets Excel's quote prefix."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(ws, value=value if value != "" else None)
    if isinstance(value, str) and value:
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def export_workbook(spec: SheetSpec, queryset, *, user=None) -> bytes:
    """Every object of ``queryset`` as a row under the spec's headers (an ID column first, so
    the sheet can be edited and imported back as updates). Personal data is passed through the
    columns' exporters, which mask it unless ``user`` may see it in full (no user: masked)."""
    ctx = ExportContext(user=user)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(spec.name)[:31])
    for index, col in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = col.width
    ws.freeze_panes = "A2"
    header = []
    for col in spec.columns:
        cell = _safe_cell(ws, str(col.header))
        cell.font = _HEADER_FONT
        header.append(cell)
    ws.append(header)
    for obj in spec.export_queryset(queryset):
        ws.append([_safe_cell(ws, col.export_value(obj, ctx)) for col in spec.columns])
    return _workbook_bytes(wb)


# --------------------------------------------------------------------------------------------
# Background imports (ImportJob) and their progress
# --------------------------------------------------------------------------------------------


def progress_key(job_id: int) -> str:
    return f"gongjian:import-job:{job_id}:progress"


#: A running job that has reported nothing for this long is taken to have died with its
#: process (its transaction then rolled back): its page says so and stops polling.
STALLED_AFTER_SECONDS = 600


def publish_progress(job_id: int, phase: str, done: int, total: int) -> None:
    """Progress lives in the cache, not the database: the job's write transaction is open
    while it grows, and nobody outside that transaction could read it from a table."""
    cache.set(progress_key(job_id), {"phase": phase, "done": done, "total": total, "at": time.time()}, timeout=24 * 3600)


def job_progress(job) -> dict:
    """{phase, done, total, percent, stalled} for a job: checking is the first half of the
    bar, writing the second."""
    from .models import ImportJob

    data = cache.get(progress_key(job.pk)) or {}
    total = data.get("total") or job.total_rows or 0
    phase = data.get("phase", "")
    done = data.get("done", 0)
    last = data.get("at") or (job.started_at or job.created_at).timestamp()
    stalled = job.status == ImportJob.Status.RUNNING and time.time() - last > STALLED_AFTER_SECONDS
    if job.status == ImportJob.Status.DONE:
        percent = 100
    elif job.status == ImportJob.Status.FAILED:
        percent = 100 if job.errors or job.message else 0
    elif not total:
        percent = 0
    else:
        half = min(done, total) * 50 // total
        percent = half + (50 if phase == "writing" else 0)
    return {"phase": phase, "done": done, "total": total, "percent": min(percent, 100), "stalled": stalled}


def create_import_job(*, user, kind: str, upload, total_rows: int = 0):
    """Keep the uploaded file with a pending ImportJob for the background import."""
    from .models import ImportJob

    name = getattr(upload, "name", "") or ""
    job = ImportJob(user=user, kind=kind, file_name=name[-200:], total_rows=total_rows)
    job.file.save("upload.xlsx", upload, save=False)
    job.save()
    return job


def run_import_job(job, spec: SheetSpec, *, language: str | None = None):
    """Run one ImportJob: read its file, validate and write as ``import_rows`` does, publishing
    progress to the cache; the final status, counts and errors go to the job's row. The file
    (personal data) is deleted once the job has ended."""
    from .models import ImportJob

    with translation.override(language or settings.LANGUAGE_CODE):
        job.status = ImportJob.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
        publish_progress(job.pk, "reading", 0, job.total_rows)
        try:
            with job.file.open("rb") as handle:
                sheet = read_rows(handle)
            job.total_rows = len(sheet.rows)
            job.save(update_fields=["total_rows"])
            publish_progress(job.pk, "validating", 0, job.total_rows)
            result = import_rows(spec, sheet, job.user, progress=lambda phase, done, total: publish_progress(job.pk, phase, done, total))
        except ApplicationError as exc:
            job.status, job.message = ImportJob.Status.FAILED, str(exc.message)
        except Exception:
            logger.exception("import job %s failed", job.pk)
            job.status = ImportJob.Status.FAILED
            job.message = _("The import stopped because of an unexpected error. Nothing was written. Try again, or tell the administrator.")
        else:
            job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
            job.errors = [list(e) for e in result.errors]
            job.status = ImportJob.Status.DONE if result.written else ImportJob.Status.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "created", "updated", "unchanged", "errors", "total_rows", "finished_at"])
        if job.file:
            job.file.delete(save=False)
            ImportJob.objects.filter(pk=job.pk).update(file="")
        done = job.total_rows if job.status == ImportJob.Status.DONE else 0
        publish_progress(job.pk, "finished", done, job.total_rows)
    return job


_SPLIT_NAMES = re.compile(r"[、,，;；\n]+")


def split_names(text: str) -> list[str]:
    """Several names in one cell, separated by 、 , ， ; ； or new lines; duplicates dropped."""
    seen, names = set(), []
    for name in (n.strip() for n in _SPLIT_NAMES.split(text or "")):
        if name and name not in seen:
            seen.add(name)
            names.append(name)
    return names
