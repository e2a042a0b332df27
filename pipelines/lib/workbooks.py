"""Read every sheet of a delivered workbook as text.

Every cell is read as a string so nothing is converted behind our back: cells that hold
real numbers are rendered in Indonesian notation (``1,5``) and their columns listed per
row in ``_numeric_cells``, so a code that Excel turned into a number can be told apart
from one typed as text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import fastexcel
import openpyxl
import polars as pl

from pipelines.lib.contract import ENTITIES
from pipelines.lib.limits import inflated_size_problem
from pipelines.lib.readers import (
    FILE_NOTE,
    NUMERIC_CELLS,
    RAW_LINE,
    ROW_ERROR,
    SOURCE_ROW,
    UnreadableFileError,
    check_headers,
    text_frame,
)

# calamine logs every empty column it cannot type; every cell is read as text here anyway
logging.getLogger("fastexcel").setLevel(logging.ERROR)
ROUNDED_NOTE = "rounded: {} numbers with float noise read as Excel shows them (15 digits)"
EXCEL_DIGITS = 15  # significant digits Excel shows and keeps


class EmptySheetError(UnreadableFileError):
    """A sheet with no cell at all (a workbook's unused ``Sheet1``)."""


def _number_as_indonesian(value: float | int | Decimal, percent_format: bool) -> str:
    number = Decimal(str(value))
    if percent_format:
        number *= 100
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def excel_shown(value: float) -> float:
    """A float as Excel shows it: 15 significant digits (``169869991.20000002`` is the
    ``169869991.2`` the clerk typed; the rest is binary noise)."""
    return float(f"{value:.{EXCEL_DIGITS}g}")


def _cell_text(cell: openpyxl.cell.cell.Cell) -> tuple[str | None, bool, bool]:
    """The cell as text, whether it holds a number, and whether that number was rounded
    to what Excel shows."""
    value = cell.value
    if value is None:
        return None, False, False
    if isinstance(value, bool):
        return str(value), False, False
    if isinstance(value, int | float | Decimal):
        shown = excel_shown(value) if isinstance(value, float) else value
        text = _number_as_indonesian(shown, "%" in (cell.number_format or ""))
        return text, True, shown != value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(), False, False
    return str(value), False, False


def formula_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """Formula text per (row number, 0-based column index) of a sheet, to tell a
    formula whose result was never saved (the file written by a program, not saved in
    Excel) from a blank."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        worksheet = book[sheet]
        worksheet.reset_dimensions()  # the real cells (see _sheet_cells)
        return {
            (cell.row, index): cell.value
            for row in worksheet.iter_rows()
            for index, cell in enumerate(row)
            if isinstance(cell.value, str) and cell.value.startswith("=")
        }
    finally:
        book.close()


# a formula cell (<f>…</f>, or a shared formula's <f …/>) with no saved value after it:
# <v/>, an empty <v></v>, or none before the cell closes (not <formula1> of a dropdown)
_UNSAVED_FORMULA = re.compile(rb"<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")


def has_unsaved_formulas(path: Path) -> bool:
    """Whether any sheet of a workbook holds a formula whose result was never saved."""
    with zipfile.ZipFile(path) as archive:
        return any(
            _UNSAVED_FORMULA.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def read_xlsx_sheet(path: Path, sheet: str, formulas: bool = False) -> pl.DataFrame:
    """Read one sheet with every cell as text; blank rows are skipped. With ``formulas``
    (the workbook holds some), a formula whose result was never saved makes its row a
    ``_row_error`` instead of a blank cell."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise UnreadableFileError(f"{path.name}: not a readable XLSX workbook ({exc})") from exc
    try:
        headers, rows, numeric, row_numbers, rounded, titles = _sheet_cells(workbook, path, sheet)
    finally:
        workbook.close()
    frame = text_frame(headers, rows, numeric, 2).with_columns(
        pl.Series(SOURCE_ROW, row_numbers, dtype=pl.Int32)
    )
    notes = [ROUNDED_NOTE.format(rounded)] * bool(rounded)
    notes += [f"title: {titles} row(s) above the header, not data"] * bool(titles)
    if notes:
        frame = frame.with_columns(pl.lit("; ".join(notes)).alias(FILE_NOTE))
    unsaved = formula_cells(path, sheet) if formulas else {}
    found = [
        next(
            (
                (headers[index], unsaved[(number, index)])
                for index, text in enumerate(row)
                if text is None and (number, index) in unsaved
            ),
            (None, None),
        )
        for number, row in zip(row_numbers, rows, strict=True)
    ]
    if not any(formula for _, formula in found):
        return frame
    errors = [
        formula
        and f"row {number} column {column}: a formula with no saved result ({formula}): "
        "open the file in Excel, save it, and deliver it again"
        for number, (column, formula) in zip(row_numbers, found, strict=True)
    ]
    return frame.with_columns(
        pl.Series(ROW_ERROR, errors, dtype=pl.String),
        pl.Series(RAW_LINE, [formula for _, formula in found], dtype=pl.String),
    )


MAX_TITLE_ROWS = 10  # title lines (merged, blank, several cells) above a sheet's header
# the template's column names: a row holding two of them is the header, wherever it is
KNOWN_HEADERS = frozenset(h for entity in ENTITIES for h in entity.headers)


def _filled(cells) -> list[str]:
    return [str(c.value).strip() for c in cells if c.value not in (None, "")]


def _is_title(cells) -> bool:
    """A row with at most one filled cell: a title above the header (or the blank rows
    of a title merged over several), not a header."""
    return len(_filled(cells)) <= 1


def _names_header(texts: list[str]) -> bool:
    return len(KNOWN_HEADERS.intersection(t.strip().lower() for t in texts)) >= 2


def _is_header(cells) -> bool:
    return _names_header(_filled(cells))


def _header_row(row_iter, path: Path, sheet: str):
    """The header row and the number of title rows above it: the first of the top rows
    holding two of the template's column names; failing that, the first row below the
    titles (rows of at most one filled cell)."""
    top = []
    for _, cells in row_iter:
        top.append(cells)
        if _is_header(cells) or len(top) > MAX_TITLE_ROWS:
            break
    if not top:
        raise EmptySheetError(f"{path.name} sheet {sheet!r}: the sheet is empty")
    if _is_header(top[-1]):
        return top[-1], len(top) - 1, []
    titles = next((i for i, cells in enumerate(top) if not _is_title(cells)), 0)
    return top[titles], titles, top[titles + 1 :]


def _sheet_cells(workbook, path: Path, sheet: str) -> tuple:
    """Headers, text rows, numeric columns per row, row numbers, rounded numbers and
    title rows above the header."""
    worksheet = workbook[sheet]
    # the stored dimension (A1:XFD1048576 in a 12 KB file) is a claim, not the cells:
    # read-only openpyxl would pad every row to it; the real cells are read instead
    worksheet.reset_dimensions()
    row_iter = enumerate(worksheet.iter_rows(), start=1)
    header_cells, titles, read_ahead = _header_row(row_iter, path, sheet)
    first_data = titles + 2
    row_iter = itertools.chain(enumerate(read_ahead, start=first_data), row_iter)
    headers = check_headers(
        [str(c.value) if c.value is not None else "" for c in header_cells],
        f"{path.name} sheet {sheet!r}",
    )
    width = max(i for i, h in enumerate(headers) if h) + 1
    headers = headers[:width]
    rows, numeric, row_numbers, rounded = [], [], [], 0
    for number, cells in row_iter:
        texts, numeric_here = [], []
        for index in range(width):
            text, is_number, was_rounded = (
                _cell_text(cells[index]) if index < len(cells) else (None, False, False)
            )
            if text is not None and not text.strip():
                text = None
            texts.append(text)
            rounded += was_rounded
            if is_number:
                numeric_here.append(headers[index])
        if all(t is None for t in texts):
            continue
        rows.append(texts)
        numeric.append(numeric_here)
        row_numbers.append(number)
    return headers, rows, numeric, row_numbers, rounded, titles


def sheet_rows(path: Path, sheet: str) -> pl.DataFrame:
    """The rows under the header of a sheet that cannot be read as a table (its header
    unreadable), cells by column letter, so each can be quarantined and counted."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet]
        worksheet.reset_dimensions()
        row_iter = enumerate(worksheet.iter_rows(), start=1)
        try:
            _, titles, read_ahead = _header_row(row_iter, path, sheet)
        except EmptySheetError:
            return pl.DataFrame(schema={SOURCE_ROW: pl.Int32})
        rows = itertools.chain(enumerate(read_ahead, start=titles + 2), row_iter)
        records = [
            {SOURCE_ROW: number}
            | {c.column_letter: _cell_text(c)[0] for c in cells if c.value not in (None, "")}
            for number, cells in rows
            if _filled(cells)
        ]
    finally:
        workbook.close()
    frame = pl.DataFrame(records, infer_schema_length=None) if records else None
    if frame is None:
        return pl.DataFrame(schema={SOURCE_ROW: pl.Int32})
    return frame.with_columns(pl.col(SOURCE_ROW).cast(pl.Int32))


def read_workbook(path: Path) -> dict[str, pl.DataFrame | UnreadableFileError]:
    """Read every sheet of a workbook as text; a sheet that fails maps to its error.

    Calamine (fastexcel) reads a sheet whose cells are all text in milliseconds.
    A sheet holding real number cells is read again with openpyxl, which tells
    which cells are numbers and their number format (``0.9004`` shown as 90,04%).
    """
    # second path, kept: openpyxl for every sheet triples a regency's ingest stage
    # (docs/benchmarks.md, "Second paths")
    too_large = inflated_size_problem(path)
    if too_large:
        raise UnreadableFileError(too_large)
    try:
        reader = fastexcel.read_excel(str(path))
        names = reader.sheet_names
    except Exception as exc:  # calamine raises its own error types for broken files
        raise UnreadableFileError(f"{path.name}: not a readable XLSX workbook ({exc})") from exc
    # a formula never saved: every sheet read by openpyxl, to name the cells
    formulas = has_unsaved_formulas(path)
    sheets: dict[str, pl.DataFrame | UnreadableFileError] = {}
    for name in names:
        try:
            sheets[name] = (
                read_xlsx_sheet(path, name, formulas=True)
                if formulas
                else _read_text_sheet(reader, path, name)
            )
        except UnreadableFileError as exc:
            sheets[name] = exc
    return sheets


def _read_text_sheet(reader: fastexcel.ExcelReader, path: Path, name: str) -> pl.DataFrame:
    try:
        sheet = reader.load_sheet(name, dtype_coercion="strict")
        dtypes = {c.name: c.dtype for c in sheet.available_columns()}
    except fastexcel.UnsupportedColumnTypeCombinationError:
        return read_xlsx_sheet(path, name)
    except fastexcel.FastExcelError as exc:
        raise UnreadableFileError(f"{path.name} sheet {name!r}: {exc}") from exc
    if any(dtype not in ("string", "null") for dtype in dtypes.values()):
        return read_xlsx_sheet(path, name)
    if not dtypes:
        raise EmptySheetError(f"{path.name} sheet {name!r}: the sheet is empty")
    headers = check_headers([str(h) for h in dtypes], f"{path.name} sheet {name!r}")
    if any(h.startswith("__UNNAMED__") for h in headers) or not _names_header(headers):
        return read_xlsx_sheet(path, name)  # titles above the header: found by content
    frame = sheet.to_polars().cast(pl.String)
    frame.columns = headers
    frame = frame.with_columns(
        pl.int_range(2, frame.height + 2, dtype=pl.Int32).alias(SOURCE_ROW),
        pl.lit([], pl.List(pl.String)).alias(NUMERIC_CELLS),
    )
    blank = (
        pl.all_horizontal(pl.col(headers).str.strip_chars().fill_null("") == "")
        if headers
        else pl.lit(True)
    )
    return frame.filter(~blank)
