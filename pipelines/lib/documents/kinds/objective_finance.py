"""A sasaran's money in a small table (``Sasaran | Anggaran | Realisasi | % |
Efisiensi``): each sasaran's anggaran, realisasi, serapan and efisiensi as the report
states them. Its ``%`` is the money's serapan, never a capaian."""

from __future__ import annotations

from pipelines.lib.documents.drafting import Draft
from pipelines.lib.documents.tables import SPAN, ReadTable

VOCABULARY = "performance"
MEASURES = (
    ("budget", "anggaran"),
    ("budget_realized", "realisasi"),
    ("realized", "realisasi"),  # "Realisasi" in a table of money
    ("absorption", "serapan_persen"),
    ("achievement", "serapan_persen"),  # its "%": the money's
    ("savings", "efisiensi"),
    ("savings_percent", "efisiensi_persen"),
)


def matches(roles: set[str]) -> bool:
    return "objective" in roles and bool(roles & {"budget", "budget_realized"})


def extract(draft: Draft, table: ReadTable) -> None:
    for record in table.records:
        if SPAN in record.cells:
            draft.unplaced_record(record, table, "judul di dalam tabel: tidak dibaca")
            continue
        key = record.cells.get("number", "").rstrip(".") or str(record.row_no)
        written = set()
        for role, measure in MEASURES:
            value = record.cells.get(role)
            if not value or measure in written:
                continue
            written.add(measure)
            draft.add(
                "ringkasan",
                {
                    "cakupan": "sasaran",
                    "kunci": key,
                    "ukuran": measure,
                    "nilai": value,
                    "sumber": table.caption,
                },
                record.where,
                table.caption,
                record.row_no,
            )
