"""The SIPD-RI realisation table (HTML, also saved as ``.xls``): a header cell
``Uraian Urusan``, 13 cells a row, the level from the filled code column."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.lib.finance.columns import PARTS
from pipelines.lib.finance.export import (
    SIPD,
    Export,
    export_frame,
    not_a_shape,
    parse_period_end,
)
from pipelines.lib.finance.html_tables import HtmlRow, HtmlTable, html_tables, html_text
from pipelines.lib.reference import regions_named

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
        raise not_a_shape(path, cells)
    truncated = any(not t.closed for t in tables)
    if truncated:
        notes.append("the file ends inside the data table: truncated?")
    title = " ".join(preamble)
    return Export(
        SIPD,
        parse_period_end(title),
        export_frame(records, None),
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
