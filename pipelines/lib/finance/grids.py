"""Any file a finance office exports, as grids of text cells: every sheet of a workbook
(``.xlsx``, binary Excel 97 ``.xls``, ``.ods``), every table of an HTML page (also when
named ``.xls``), or a CSV/TSV file in any delimiter. The kind is told by the file's
first bytes, never by its name; a file of no such kind says what it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipelines.lib.finance.html_tables import html_tables, html_text
from pipelines.lib.limits import inflated_size_problem
from pipelines.lib.readers import UnreadableFileError, decode_text

OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # a binary Office file (Excel 97 .xls)
DELIMITERS = (";", ",", "\t", "|")
MAX_GRID_ROWS = 2_000_000  # a sheet past this is no export of one regency


@dataclass
class Grid:
    """One sheet or table: its cells as text ('' for blank), rows as a spreadsheet
    numbers them (``first_row`` is the number of ``rows[0]``)."""

    name: str | None
    rows: list[list[str]]
    title: str = ""  # text printed above it outside the grid (an HTML page's heading)
    first_row: int = 1
    row_problems: dict[int, str] = field(default_factory=dict)  # index → why not read


def _number_text(value) -> str:
    """A number cell as plain machine text (``1234.5``), 15 significant digits as Excel
    shows it, so the float noise of ``0.1 + 0.2`` is not a figure."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(f"{value:.15g}"), "f")
    return format(value, "f")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return _number_text(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _xlsx_grids(path: Path) -> list[Grid]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged file
        raise UnreadableFileError(f"{path.name}: not a readable XLSX workbook ({exc})") from exc
    grids = []
    try:
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # the real cells, not the dimension it claims
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            grids.append(Grid(sheet.title, rows[:MAX_GRID_ROWS]))
    finally:
        book.close()
    return grids


def _calamine_grids(path: Path, kind: str) -> list[Grid]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
        names = reader.sheet_names
    except Exception as exc:  # calamine's own error types
        hint = " (protected by a password?)" if "password" in str(exc).lower() else ""
        raise UnreadableFileError(
            f"{path.name}: a {kind} calamine cannot read{hint} ({exc}); save it again as "
            ".xlsx or ask for the CSV export"
        ) from exc
    grids = []
    for name in names:
        try:
            sheet = reader.load_sheet(name, header_row=None, dtypes="string")
            frame = sheet.to_polars()
        except Exception as exc:  # an unreadable sheet: named, the others read
            raise UnreadableFileError(f"{path.name} sheet {name!r}: {exc}") from exc
        rows = [[_cell(v) for v in row] for row in frame.iter_rows()]
        grids.append(Grid(name, rows[:MAX_GRID_ROWS]))
    return grids


def _text_grids(path: Path, data: bytes) -> list[Grid]:
    text, _ = decode_text(path, data)
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    sample = lines[:40]
    delimiter = max(DELIMITERS, key=lambda d: sum(line.count(d) for line in sample))
    rows = [
        [" ".join(cell.split()) for cell in row]
        for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]
    return [Grid(None, rows[:MAX_GRID_ROWS])]


def _html_grid(table, name: str | None) -> Grid:
    problems = {
        i: "a table was pasted into one of its cells; type the values into the row's own cells"
        for i, row in enumerate(table.rows)
        if row.nested
    }
    if not table.closed and table.rows:
        problems[len(table.rows) - 1] = "cut short (the file ends here: truncated?)"
    return Grid(name, [r.cells for r in table.rows], table.text_before, 1, problems)


def read_grids(path: Path) -> list[Grid]:
    """The grids of a file, by what its bytes are."""
    data = path.read_bytes()
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        raise UnreadableFileError(
            f"{path.name}: a PDF, not an export: ask BPKAD for the export as Excel or CSV"
        )
    if data.startswith(b"PK"):
        too_large = inflated_size_problem(path)
        if too_large:
            raise UnreadableFileError(too_large)
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype") if "mimetype" in names else b""
        except zipfile.BadZipFile as exc:
            raise UnreadableFileError(f"{path.name}: a damaged zip file ({exc})") from exc
        if "xl/workbook.xml" in names:
            return _xlsx_grids(path)
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return _calamine_grids(path, "OpenDocument spreadsheet (.ods)")
        if any(n.startswith("word/") for n in names):
            raise UnreadableFileError(f"{path.name}: a Word document, not an export")
        raise UnreadableFileError(f"{path.name}: a zip file holding no spreadsheet")
    if data.startswith(OLE2):
        return _calamine_grids(path, "binary Excel 97 workbook (.xls)")
    lowered = head.lower()
    if lowered.startswith((b"<", b"\xef\xbb\xbf<")) or b"<table" in data[:65536].lower():
        text, _ = html_text(path, data)
        tables, _ = html_tables(text)
        return [
            _html_grid(t, f"tabel {n}" if len(tables) > 1 else None)
            for n, t in enumerate(tables, start=1)
        ]
    return _text_grids(path, data)
