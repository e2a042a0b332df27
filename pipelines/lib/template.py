"""The office's XLSX template: one sheet per contract table plus instructions.

``write_workbook`` writes the template, optionally filled with rows (the
synthetic generator uses it so generated workbooks look like delivered ones).
Code columns are formatted as text so Excel does not turn ``8.01`` into a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import xlsxwriter

from pipelines.lib.contract import ENTITIES

INSTRUCTIONS_SHEET = "petunjuk"
_LEVELS = ["program", "kegiatan", "sub kegiatan", "sasaran"]
_TEXT_KINDS = (
    "budget_code",
    "account_code",
    "program_codes",
    "agency",
    "text",
    "measure",
    "reported_value",
)


def write_workbook(
    path: Path,
    agency_id: str,
    agency_name: str,
    fiscal_year: int,
    rows: Mapping[str, Sequence[Sequence[object]]] | None = None,
    note: str | None = None,
    created: dt.datetime | None = None,
) -> Path:
    """Write the template for one agency-year; ``rows`` maps sheet → rows of values.

    ``created`` fixes the document date, so the same rows give the same bytes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # data is never a formula: a name starting with = + - @ stays text
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    workbook.set_properties(
        {
            "title": f"LKjIP {agency_name} {fiscal_year}",
            "created": created or dt.datetime.now(dt.UTC),
        }
    )
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for entity in ENTITIES:
        sheet = workbook.add_worksheet(entity.sheet)
        sheet.freeze_panes(1, 0)
        for index, column in enumerate(entity.columns):
            sheet.write_string(0, index, column.header, header)
            width = 40 if column.kind in ("text", "measure") else 16
            cell_format = text if column.kind in _TEXT_KINDS else None
            sheet.set_column(index, index, width, cell_format)
            choices = _LEVELS if column.kind == "level" else list(column.choices)
            if choices:
                sheet.data_validation(
                    1, index, 5000, index, {"validate": "list", "source": choices}
                )
        for row_index, row in enumerate((rows or {}).get(entity.sheet, []), start=1):
            for col_index, value in enumerate(row):
                if value is None:
                    continue
                sheet.write_string(row_index, col_index, str(value))
    guide = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    guide.set_column(0, 0, 28)
    guide.set_column(1, 1, 90, wrap)
    lines = [
        ("OPD", f"{agency_name} ({agency_id})"),
        ("Tahun anggaran", str(fiscal_year)),
        ("Isi setiap baris", f"kolom tahun = {fiscal_year}, kolom kode_opd = {agency_id}"),
        ("Angka", "Format Indonesia: 12.588.628.067,00 atau Rp. 1.695.170.000,- ; persen 90,04"),
        ("Kode", "Tulis sebagai teks: 8.01.01 / 8.01.01.2.01 / 8.01.01.2.01.0001"),
    ]
    if note:
        lines.insert(0, ("Catatan", note))
    for entity in ENTITIES:
        for column in entity.columns:
            lines.append((f"{entity.sheet}.{column.header}", column.description))
    for row_index, (key, value) in enumerate(lines):
        guide.write_string(row_index, 0, key)
        guide.write_string(row_index, 1, value)
    workbook.close()
    return path
