"""The LRA per SKPD workbook: a ``Unit Organisasi`` line and a ``KODE REKENING`` header,
columns relative to the header cell, every sheet with such a header."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import polars as pl
from openpyxl.utils import get_column_letter

from pipelines.lib.finance.export import (
    LRA,
    Export,
    export_frame,
    not_a_shape,
    parse_period_end,
)
from pipelines.lib.readers import UnreadableFileError
from pipelines.lib.reference import regions_named
from pipelines.lib.workbooks import formula_cells, has_unsaved_formulas

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
            frames.append(export_frame(data, sheet.title, unit))
    finally:
        workbook.close()
    if not frames:
        raise not_a_shape(path, found)
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
