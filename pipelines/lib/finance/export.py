"""A finance export as read, whatever its shape: its rows (:data:`ROW_SCHEMA`, all cells
as printed), the period it runs to, the regions its title names.

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

import polars as pl

from pipelines.lib.contract import MONTH_NAMES
from pipelines.lib.readers import UnreadableFileError

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
    "printed_year": pl.String,  # a row's own tahun, where the export prints one
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


_BUDGET_YEAR = re.compile(r"\b(?:tahun\s+anggaran|T\.?A\.?)\s*:?\s*((?:19|20)\d\d)\b", re.I)


def stated_fiscal_year(title: str) -> int | None:
    """The fiscal year a title states (``TAHUN ANGGARAN 2023``, ``TA 2023``), when it
    states one; None when it states none or several."""
    years = {int(y) for y in _BUDGET_YEAR.findall(title or "")}
    return years.pop() if len(years) == 1 else None


def not_a_shape(path: Path, found: list[str]) -> NotAFinanceExport:
    cells = ", ".join(repr(c) for c in found[:8]) or "nothing"
    return NotAFinanceExport(
        f"{path.name}: not a finance export; looked for {'; '.join(SHAPES)}; "
        f"found first header cells {cells}"
    )


def export_frame(records: list[dict], sheet: str | None, unit=(None, None)) -> pl.DataFrame:
    frame = (
        pl.from_dicts(records, schema=ROW_SCHEMA) if records else pl.DataFrame(schema=ROW_SCHEMA)
    )
    fills = {}
    if unit != (None, None):
        fills = {"unit_code": pl.lit(unit[0], pl.String), "unit_name": pl.lit(unit[1], pl.String)}
    if sheet is not None:  # else each record names its own (an HTML page's table)
        fills["source_sheet"] = pl.lit(sheet, pl.String)
    return frame.with_columns(**fills)
