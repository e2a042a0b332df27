"""A table of sasaran with their capaian and category (e.g. Tabel 3.6)."""

from __future__ import annotations

from pipelines.lib.documents.drafting import Draft
from pipelines.lib.documents.tables import SPAN, ReadTable

VOCABULARY = "performance"


def matches(roles: set[str]) -> bool:
    return "objective" in roles and bool(roles & {"achievement", "band"})


def extract(draft: Draft, table: ReadTable) -> None:
    """A table of sasaran with their capaian and category (e.g. Tabel 3.6)."""
    for record in table.records:
        if SPAN in record.cells:
            draft.unplaced_record(record, table, "judul di dalam tabel: tidak dibaca")
            continue
        key = record.cells.get("number", "").rstrip(".") or str(record.row_no)
        record.cells.setdefault("achievement", record.cells.get("band", ""))
        for role, measure in (("achievement", "capaian_persen"), ("category", "kategori")):
            if record.cells.get(role):
                draft.add(
                    "ringkasan",
                    {
                        "cakupan": "sasaran",
                        "kunci": key,
                        "ukuran": measure,
                        "nilai": record.cells[role],
                        "sumber": table.caption,
                    },
                    record.where,
                    table.caption,
                    record.row_no,
                )
