"""A draft delivery being written from a document: rows per contract sheet, and a line
of review per value with the text it was read from, where, and whether to check it.

Every table kind and the narrative write through :class:`Draft`; what could not be
placed is listed with :meth:`Draft.unplaced`, so nothing read is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipelines.lib.contract import ENTITIES_BY_SHEET
from pipelines.lib.documents.blocks import UNRULED_MARK
from pipelines.lib.documents.tables import ReadTable, Record
from pipelines.lib.limits import MAX_QUOTED_CHARACTERS
from pipelines.lib.numbers import amount_value, number_value

REVIEW_HEADERS = (
    "berkas",
    "baris_berkas",
    "kolom",
    "nilai",
    "nilai_angka",
    "teks_tercetak",
    "letak",
    "sumber",
    "baris_tabel",
    "perlu_cek",
    "catatan",
)
UNPLACED = "tidak ditempatkan"
OCR_MARK = "(OCR)"  # in the place of a value read from a scanned page
OCR_NOTE = "dibaca dengan OCR dari halaman pindaian: cocokkan dengan dokumen"
# a place's mark → what every value read there needs from a person
DOUBTFUL_PLACES = {
    OCR_MARK: OCR_NOTE,
    UNRULED_MARK: "tabel tanpa garis: kolom ditebak dari letak kata; cocokkan dengan dokumen",
}


@dataclass
class Review:
    """One line of review.csv."""

    file: str
    row: int | None
    column: str
    value: str
    printed: str
    where: str
    source: str
    table_row: int | None = None
    check: bool = False
    note: str = ""

    def as_row(self) -> list[str]:
        return [
            self.file,
            "" if self.row is None else str(self.row),
            self.column,
            self.value,
            _as_number(self.value),
            _quoted(self.printed),
            self.where,
            _quoted(self.source),
            "" if self.table_row is None else str(self.table_row),
            "ya" if self.check else "",
            self.note,
        ]


_DOT_DECIMAL = re.compile(r"^(-?\d+)\.(\d{1,2})\s*%?$")


def _decimal_comma(
    sheet: str, values: dict[str, str], checks: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """A percentage or a target/realisasi printed the English way (``93.6``: a dot
    before one or two digits can only be a decimal mark there) written the Indonesian
    way, flagged: one such number would make the ingest read the whole file the English
    way, and ``50.000 lembar`` beside it would become fifty."""
    kinds = {c.header: c.kind for c in ENTITIES_BY_SHEET[sheet].columns}
    out = dict(values)
    for column, value in values.items():
        match = (
            _DOT_DECIMAL.match(value or "") if kinds.get(column) in ("percent", "measure") else None
        )
        if match:
            out[column] = f"{match[1]},{match[2]}"
            note = f"dicetak {value}: titik dibaca sebagai koma desimal ({out[column]})"
            checks[column] = "; ".join(filter(None, [checks.get(column), note]))
    return out, checks


def _quoted(text: str) -> str:
    """Document text as review.csv quotes it: bounded, so the review stays readable."""
    if len(text) <= MAX_QUOTED_CHARACTERS:
        return text
    return text[: MAX_QUOTED_CHARACTERS - 1] + "…"


def _as_number(text: str) -> str:
    """The number a value is read as downstream (an amount in rupiah, a percentage, a
    count), so the clerk sees what "1.973.800.860,-" or "72,07 %" became; decimal
    comma, no grouping."""
    amount = amount_value(text) if re.search(r"\d", text) else None
    if amount is None:
        amount = printed_number(text)
    return "" if amount is None else format(amount.normalize(), "f").replace(".", ",")


@dataclass
class Draft:
    """The delivery drafted from one document: rows per contract sheet, and review."""

    year: int
    agency: str
    sheets: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    review: list[Review] = field(default_factory=list)

    def add(
        self,
        sheet: str,
        values: dict[str, str],
        where: str,
        source: str,
        table_row: int | None = None,
        printed: dict[str, str] | None = None,
        checks: dict[str, str] | None = None,
    ) -> dict[str, str]:
        """Add a row; each value gets a review line with the text it came from."""
        headers = ENTITIES_BY_SHEET[sheet].headers
        printed = {**{k: v for k, v in values.items() if v}, **(printed or {})}
        values, checks = _decimal_comma(sheet, values, dict(checks or {}))
        for mark, note in DOUBTFUL_PLACES.items():  # a scan, a table without lines
            if mark not in where:
                continue
            for column, value in values.items():
                if value:
                    checks[column] = "; ".join(filter(None, [checks.get(column), note]))
        row = {h: "" for h in headers} | {"tahun": str(self.year), "kode_opd": self.agency}
        row |= {k: v for k, v in values.items() if v is not None}
        rows = self.sheets.setdefault(sheet, [])
        rows.append(row)
        for column, value in values.items():
            if not value and column not in (checks or {}):
                continue
            note = (checks or {}).get(column, "")
            self.review.append(
                Review(
                    f"{sheet}.csv",
                    len(rows),
                    column,
                    value or "",
                    (printed or {}).get(column, value or ""),
                    where,
                    source,
                    table_row,
                    bool(note),
                    note,
                )
            )
        return row

    def unplaced(self, printed: str, where: str, source: str, note: str, row=None) -> None:
        self.review.append(Review("", None, "", "", printed, where, source, row, True, note))

    def unplaced_record(self, record: Record, table: ReadTable, note: str) -> None:
        """A table row that could not be placed, listed with its cells."""
        self.unplaced(
            " | ".join(record.cells.values()), record.where, table.caption, note, record.row_no
        )

    def flag(self, sheet: str, number: int, column: str, note: str) -> None:
        """Mark the review line of a value already added (row ``number`` of ``sheet``,
        1-based) as needing a check."""
        for line in self.review:
            if line.file == f"{sheet}.csv" and line.row == number and line.column == column:
                line.check = True
                line.note = "; ".join(filter(None, [line.note, note]))
                return

    @property
    def needs_check(self) -> int:
        return sum(line.check for line in self.review)


def printed_number(text: str | None) -> Decimal | None:
    """A printed percentage or count (``93,6``, ``72,07 %``); negatives are no figure
    a report prints here."""
    value = number_value(text)
    return value if value is not None and value >= 0 else None
