"""The three shapes a finance export comes in, recognised from content (never from the
file name: "Export to Excel" saves an HTML table as ``.xls``), each read into one frame
of export rows: :data:`ROW_SCHEMA`, all cells as printed.

``code_column`` says which kind of code a row carries as far as the shape tells it
(``urusan``, ``unit``, ``budget``, ``account``; null when the shape does not say);
``sub_activity`` is the sub kegiatan an account row falls under when the shape names
it (the flat CSV), else export_rows takes it from the rows above.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import polars as pl
from openpyxl.utils import get_column_letter

from pipelines.lib.contract import MONTH_NAMES
from pipelines.lib.finance.columns import PARTS
from pipelines.lib.finance.html_tables import HtmlRow, HtmlTable, html_tables, html_text
from pipelines.lib.limits import inflated_size_problem
from pipelines.lib.readers import UnreadableFileError, read_csv_table
from pipelines.lib.reference import regions_named
from pipelines.lib.workbooks import formula_cells, has_unsaved_formulas

ROW_SCHEMA = {
    "source_sheet": pl.String,
    "source_row": pl.Int32,
    "unit_code": pl.String,
    "unit_name": pl.String,
    "code_column": pl.String,
    "code": pl.String,
    "name": pl.String,
    "sub_activity": pl.String,
    "budget": pl.String,
    "realized": pl.String,
    "budget_column": pl.String,  # where a bad number is, for the error message
    "realized_column": pl.String,
    "row_error": pl.String,
    "raw_line": pl.String,
}

SIPD = "SIPD-RI realisation table (HTML; a header cell 'Uraian Urusan', 13 cells a row)"
LRA = "LRA per SKPD workbook (a 'Unit Organisasi' line and a 'KODE REKENING' header)"
FLAT = "flat CSV (header " + "{}" + ")"
FLAT_HEADERS = (
    "tahun",
    "bulan",
    "kode_skpd",
    "nama_skpd",
    "kode_sub_kegiatan",
    "kode",
    "uraian",
    "anggaran",
    "realisasi",
)
SHAPES = (SIPD, LRA, FLAT.format(",".join(FLAT_HEADERS)))

_MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "pebruari": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "nop": 11,
    "nopember": 11,
    "des": 12,
}
MONTHS = {name: n for n, name in enumerate(MONTH_NAMES, start=1)} | _MONTH_ABBREVIATIONS


@dataclass(frozen=True)
class Export:
    """One finance export as read: its shape, the period it runs to, and its rows."""

    shape: str
    period_end: dt.date | None
    rows: pl.DataFrame
    note: str | None = None  # about the whole file (truncated, …)
    # the regions its title names (Kabupaten Lahat): a file of another region is refused
    regions: tuple[str, ...] = ()
    title: str = ""  # the lines above its table, for a unit named only there


class NotAFinanceExport(UnreadableFileError):
    """The file matches none of the shapes."""


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_DATE = re.compile(r"(\d{1,2})\s*[-/ ]\s*([a-z]+|\d{1,2})\s*[-/ ]\s*(\d{4})", re.I)
_UNTIL = re.compile(r"s\s*\.?\s*/?\s*d\s*\.?\s*(?:bulan\s+)?(.{0,40})", re.I)
_MONTH_YEAR = re.compile(r"\b([a-z]+)\s+(\d{4})\b", re.I)


def parse_period_end(text: str) -> dt.date | None:
    """The last day a heading's period runs to: ``s.d. 31 Desember 2022``, ``s.d 30/06/2022``,
    ``s.d. bulan Juni 2022``, ``Bulan Juni 2022``; None when it names none."""
    until = _UNTIL.search(text)
    candidates = [until.group(1)] if until else []
    candidates.append(text)
    for part in candidates:
        for day, month, year in _DATE.findall(part):
            number = MONTHS.get(month.lower()) if not month.isdigit() else int(month)
            if number and 1 <= number <= 12:
                try:
                    return dt.date(int(year), number, int(day))
                except ValueError:
                    continue
        for month, year in _MONTH_YEAR.findall(part):
            if month.lower() in MONTHS:
                return month_end(int(year), MONTHS[month.lower()])
    return None


def sniff(path: Path) -> str:
    """Which shape ``path`` is, from its first bytes and, for a workbook, its cells."""
    head = path.read_bytes()[:65536]
    if head.startswith(b"PK"):
        return LRA
    text = head.decode("utf-8", errors="replace").lower()
    if "<table" in text or "<html" in text or "<tr" in text:
        return SIPD
    return SHAPES[2]


def read_export(path: Path, declarations=()) -> Export:
    """Read a finance export of any shape; :class:`NotAFinanceExport` names the shapes
    looked for and what the file begins with when it is none of them. A declared layout
    (raw/reference/layouts/) whose header the file shows wins over every shape."""
    too_large = inflated_size_problem(path)
    if too_large:
        raise UnreadableFileError(too_large)
    if declarations:
        from pipelines.lib.finance.declared import declared_layout
        from pipelines.lib.finance.grids import read_grids

        grids = read_grids(path)  # read once: the declared layout reads these
        if any(declared_layout(grid, list(declarations)) for grid in grids):
            return read_table_export(path, declarations, grids)
    shape = sniff(path)
    try:
        if shape == SIPD:
            return read_sipd_html(path)
        if shape == LRA:
            return read_lra_workbook(path)
        return read_flat_csv(path)
    except UnreadableFileError as known:
        # none of the three known shapes: the export is read by its header's words
        try:
            return read_table_export(path, declarations)
        except NotAFinanceExport as by_headers:
            if isinstance(known, NotAFinanceExport):
                raise NotAFinanceExport(f"{known}; {str(by_headers).split(': ', 1)[1]}") from None
            raise known from None


BY_HEADERS = "a table read by its headers"


def read_table_export(path: Path, declarations=(), grids=None) -> Export:
    """An export of any other layout (:mod:`.by_headers`); ``grids``: the file's, when
    already read."""
    from pipelines.lib.finance.by_headers import read_by_headers

    records, read, titles = read_by_headers(path, declarations, grids)
    title = " ".join(t for t in titles if t)
    return Export(
        f"{BY_HEADERS} ({read})",
        parse_period_end(title),
        _frame(records, None),
        None,
        regions_named(title),
        title,
    )


def _not_a_shape(path: Path, found: list[str]) -> NotAFinanceExport:
    cells = ", ".join(repr(c) for c in found[:8]) or "nothing"
    return NotAFinanceExport(
        f"{path.name}: not a finance export; looked for {'; '.join(SHAPES)}; "
        f"found first header cells {cells}"
    )


# ---------------------------------------------------------------- SIPD-RI (HTML)

SIPD_COLUMNS = (
    "urusan / bidang urusan",
    "sub unit",
    "program / kegiatan / sub kegiatan",
    "kode rekening",
    "uraian",
    "anggaran operasi",
    "realisasi operasi",
    "anggaran modal",
    "realisasi modal",
    "anggaran tak terduga",
    "realisasi tak terduga",
    "anggaran transfer",
    "realisasi transfer",
)
_CODE_KINDS = ("urusan", "unit", "budget", "account")
_HEADER_WORDS = "uraian urusan"


def _is_header(row: HtmlRow) -> bool:
    return any(_HEADER_WORDS in cell.lower() for cell in row.cells)


def read_sipd_html(path: Path) -> Export:
    """Every table whose header holds ``Uraian Urusan`` (one per unit, or one for all):
    4 code columns, the name and 8 numbers a row; a table after one of them with as
    many cells a row and no header goes on with it. Amounts are the four anggaran (and
    four realisasi) columns added. Every row after a header is a record: a row that
    cannot be read carries its ``row_error`` (a table pasted into a cell, a wrong number
    of cells, the file ending inside it), so it is quarantined, never dropped."""
    text, encoding_note = html_text(path, path.read_bytes())
    tables, _ = html_tables(text)
    records: list[dict] = []
    preamble: list[str] = []  # text before the first data table: title, period
    notes = [encoding_note] if encoding_note else []
    reading = False  # whether the table before was a data table (a split one goes on)
    for number, table in enumerate(tables, start=1):
        header = next((i for i, row in enumerate(table.rows) if _is_header(row)), None)
        width_fits = bool(table.rows) and all(
            len(row.cells) == len(SIPD_COLUMNS) for row in table.rows if any(row.cells)
        )
        if header is None and not (reading and width_fits):
            reading = False
            filled = [row for row in table.rows if any(row.cells)]
            if not records:
                preamble += [table.text_before] + [" ".join(r.cells) for r in filled]
            elif filled:
                notes.append(
                    f"tabel {number} ({len(filled)} baris) not read: no 'Uraian Urusan' header"
                )
            continue
        if not records and not reading:
            preamble.append(table.text_before)
        reading = True
        sheet = f"tabel {number}" if len(tables) > 1 else None  # rows count per table
        records += _sipd_records(table, header, sheet, records[-1] if records else None)
    if not records and not any(_is_header(r) for t in tables for r in t.rows):
        cells = [c for t in tables for r in t.rows[:3] for c in r.cells if c]
        raise _not_a_shape(path, cells)
    truncated = any(not t.closed for t in tables)
    if truncated:
        notes.append("the file ends inside the data table: truncated?")
    title = " ".join(preamble)
    return Export(
        SIPD,
        parse_period_end(title),
        _frame(records, None),
        "; ".join(notes) or None,
        regions_named(title),
    )


def _is_header_continuation(cells: list[str]) -> bool:
    """The second header row (``Anggaran | Realisasi`` under each spending type): words
    of the header, no figure."""
    text = " ".join(cells).lower()
    return not re.search(r"\d", text) and ("anggaran" in text or "realisasi" in text)


def _sipd_records(
    table: HtmlTable, header: int | None, sheet: str | None, last: dict | None
) -> list[dict]:
    """The records of one data table, rows numbered as in the table (its first row is
    1); the unit goes on from ``last`` (the record before, in a table split in two)."""
    unit = (last["unit_code"], last["unit_name"]) if last else (None, None)
    records = []
    start = 0 if header is None else header + 1
    for index in range(start, len(table.rows)):
        row, number = table.rows[index], index + 1
        cells = row.cells
        if not any(cells) and not row.nested:
            continue
        if index == start and _is_header_continuation(cells):  # Anggaran | Realisasi …
            continue
        if all(c.isdigit() for c in cells) and not row.nested:  # the (1) (2) … numbering
            continue
        record = {"source_sheet": sheet, "source_row": number, "raw_line": " | ".join(cells)}
        cut = not table.closed and index == len(table.rows) - 1
        problem = None
        if row.nested:
            problem = (
                f"table row {number}: a table was pasted into one of its cells; type the "
                "values into the row's own cells"
            )
        elif len(cells) != len(SIPD_COLUMNS):
            problem = (
                f"table row {number}: {len(cells)} cells where {len(SIPD_COLUMNS)} are "
                f"expected" + (" (the file ends here: truncated?)" if cut else "")
            )
        elif cut:
            problem = f"table row {number}: cut short (the file ends here: truncated?)"
        if problem:
            records.append(
                record | {"row_error": problem, "unit_code": unit[0], "unit_name": unit[1]}
            )
            continue
        filled = [i for i in range(4) if cells[i]]
        kind = _CODE_KINDS[filled[-1]] if filled else None
        if kind == "unit":
            unit = (cells[1], cells[4])
        records.append(
            record
            | {
                "unit_code": unit[0],
                "unit_name": unit[1],
                "code_column": kind,
                "code": cells[filled[-1]] if filled else None,
                "name": cells[4] or None,
                "budget": PARTS.join(c or "0" for c in (cells[5], cells[7], cells[9], cells[11])),
                "realized": PARTS.join(
                    c or "0" for c in (cells[6], cells[8], cells[10], cells[12])
                ),
                "budget_column": "anggaran (operasi, modal, tak terduga, transfer)",
                "realized_column": "realisasi (operasi, modal, tak terduga, transfer)",
            }
        )
    return records


# ---------------------------------------------------------------- LRA per SKPD (XLSX)

# where the standard layout puts things, relative to the 'KODE REKENING' header cell
# (B14): the code in D, the name in one of H…M (its level), anggaran Q, realisasi R
_LRA_CODE, _LRA_NAMES, _LRA_BUDGET, _LRA_REALIZED = 2, range(6, 12), 15, 16
_LRA_TOTALS = 5  # G, the URAIAN block's first column: where total lines (JUMLAH …) go
_LRA_DATA_OFFSET = 4  # data start four rows below the header's first row (18 vs 14)


def read_lra_workbook(path: Path) -> Export:
    """Every sheet with a ``KODE REKENING`` header and a ``Unit Organisasi`` line; the
    layout is found from the header cell, so a block moved as a whole still reads."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise UnreadableFileError(f"{path.name}: not a readable workbook ({exc})") from exc
    frames, period_end, found, titles = [], None, [], []
    unsaved = has_unsaved_formulas(path)  # a formula never computed is no 0
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # the real cells, not the dimension a file claims
            rows = [[_xl_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            header = _find_header(rows)
            if header is None or not _standard_block(rows, header):
                found += [c for row in rows[:20] for c in row if c][:8]
                continue
            formulas = formula_cells(path, sheet.title) if unsaved else {}
            titles += [" ".join(c for c in row if c) for row in rows[: header[0]]]
            sheet_period, unit, data = _lra_rows(rows, header, sheet.title, formulas)
            period_end = max(filter(None, [period_end, sheet_period]), default=None)
            frames.append(_frame(data, sheet.title, unit))
    finally:
        workbook.close()
    if not frames:
        raise _not_a_shape(path, found)
    return Export(LRA, period_end, pl.concat(frames), regions=regions_named(" ".join(titles)))


def _xl_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float | int) and not isinstance(value, bool):
        text = format(value, "f") if isinstance(value, float) else str(value)
        return text.rstrip("0").rstrip(".").replace(".", ",") if "." in text else text
    text = str(value).strip()
    return text or None


def _find_header(rows: list[list[str | None]]) -> tuple[int, int] | None:
    for r, row in enumerate(rows[:40]):
        for c, cell in enumerate(row):
            if cell and cell.strip().lower() == "kode rekening":
                rest = " ".join(x.lower() for x in row if x)
                if "uraian" in rest:
                    return r, c
    return None


def _standard_block(rows, header: tuple[int, int]) -> bool:
    """Whether the header is the standard block (ANGGARAN where the layout puts it,
    relative to KODE REKENING); any other layout is read by its headers instead."""
    top, left = header
    cells = rows[top] + [None] * (left + _LRA_BUDGET + 1)
    return "anggaran" in (cells[left + _LRA_BUDGET] or "").lower()


def _lra_rows(rows, header: tuple[int, int], sheet: str, formulas: dict | None = None):
    top, left = header
    period_end, unit = None, (None, None)
    for row in rows[:top]:
        line = " ".join(c for c in row if c)
        if "periode" in line.lower() or "s.d" in line.lower():
            period_end = parse_period_end(line) or period_end
        label = next((c for c in row if c and c.lower().startswith("unit organisasi")), None)
        if label:
            value = " ".join(c for c in row if c and c != label).lstrip(": ").strip()
            if ":" in label:
                value = (label.split(":", 1)[1] + " " + value).strip()
            code, _, name = value.partition(" ")
            unit = (code, name.strip()) if re.match(r"^[\d.]+$", code) else (None, value)

    def column(offset: int) -> str:
        return get_column_letter(left + offset + 1)

    records = []
    for r in range(top + _LRA_DATA_OFFSET, len(rows)):
        row = rows[r] + [None] * (left + _LRA_REALIZED + 1 - len(rows[r]))
        if not any(row):
            continue
        names = [(i, row[left + i]) for i in _LRA_NAMES if row[left + i]]
        code = row[left + _LRA_CODE]
        if not names and not code and row[left + _LRA_TOTALS]:
            names = [(_LRA_TOTALS, row[left + _LRA_TOTALS])]  # a total line: a heading
        record = {
            "source_row": r + 1,
            "raw_line": " | ".join(c for c in row if c),
            "code": code,
            "name": names[0][1] if names else None,
            "budget": row[left + _LRA_BUDGET],
            "realized": row[left + _LRA_REALIZED],
            "budget_column": f"ANGGARAN (column {column(_LRA_BUDGET)})",
            "realized_column": f"REALISASI (column {column(_LRA_REALIZED)})",
        }
        for offset in (_LRA_BUDGET, _LRA_REALIZED):
            formula = (formulas or {}).get((r + 1, left + offset))
            if formula and not row[left + offset]:
                record["row_error"] = (
                    f"row {r + 1} column {column(offset)}: a formula with no saved result "
                    f"({formula}): open the file in Excel, save it, and deliver it again"
                )
                break
        if not names and "row_error" not in record:
            stray = [get_column_letter(i + 1) for i, c in enumerate(row) if c]
            record["row_error"] = (
                f"row {r + 1}: no name in columns {column(_LRA_NAMES[0])}-"
                f"{column(_LRA_NAMES[-1])} (cells in {', '.join(stray)}): the header block "
                f"at {column(0)}{top + 1} does not fit this row"
            )
        records.append(record)
    return period_end, unit, records


# ---------------------------------------------------------------- flat CSV


def read_flat_csv(path: Path) -> Export:
    """One row per SKPD × code; ``kode_sub_kegiatan`` set on account rows (the sub
    kegiatan the account is spent under), ``bulan`` the month realisation runs to."""
    try:
        frame = read_csv_table(path)
    except UnreadableFileError as exc:
        raise _not_a_shape(path, []) from exc
    headers = [c for c in frame.columns if not c.startswith("_") and c != "source_row"]
    normalised = [h.strip().lower() for h in headers]
    if normalised != list(FLAT_HEADERS):
        raise _not_a_shape(path, headers)
    frame = frame.rename(dict(zip(headers, FLAT_HEADERS, strict=True)))
    months = frame.get_column("bulan").drop_nulls().unique().to_list()
    years = frame.get_column("tahun").drop_nulls().unique().to_list()
    period_end = None
    if len(months) == 1 and len(years) == 1:
        month = months[0].strip().lower()
        number = int(month) if month.isdigit() else MONTHS.get(month)
        if number and 1 <= number <= 12 and years[0].strip().isdigit():
            period_end = month_end(int(years[0]), number)
    cut = pl.col("_row_error") if "_row_error" in frame.columns else pl.lit(None, pl.String)
    rows = frame.select(
        source_sheet=pl.lit(None, pl.String),
        source_row="source_row",
        unit_code="kode_skpd",
        unit_name="nama_skpd",
        code_column=pl.when(pl.col("kode_sub_kegiatan").is_not_null())
        .then(pl.lit("account"))
        .when(pl.col("kode").is_not_null())
        .then(pl.lit("budget")),
        code="kode",
        name="uraian",
        sub_activity="kode_sub_kegiatan",
        budget="anggaran",
        realized="realisasi",
        budget_column=pl.lit("anggaran"),
        realized_column=pl.lit("realisasi"),
        row_error=pl.when(pl.lit(len(months) > 1))
        .then(pl.format("bulan {} in a file of several months: one snapshot a file", "bulan"))
        .otherwise(cut),
        raw_line=pl.col("_raw_line") if "_raw_line" in frame.columns else pl.lit(None, pl.String),
    )
    return Export(FLAT.format(",".join(FLAT_HEADERS)), period_end, rows.cast(ROW_SCHEMA))


def _frame(records: list[dict], sheet: str | None, unit=(None, None)) -> pl.DataFrame:
    frame = (
        pl.from_dicts(records, schema=ROW_SCHEMA) if records else pl.DataFrame(schema=ROW_SCHEMA)
    )
    fills = {}
    if unit != (None, None):
        fills = {"unit_code": pl.lit(unit[0], pl.String), "unit_name": pl.lit(unit[1], pl.String)}
    if sheet is not None:  # else each record names its own (an HTML page's table)
        fills["source_sheet"] = pl.lit(sheet, pl.String)
    return frame.with_columns(**fills)
