"""A table of sasaran with their capaian and category (e.g. Tabel 3.6)."""

from __future__ import annotations

from pipelines.lib.documents.drafting import Draft
from pipelines.lib.documents.tables import SPAN, ReadTable

VOCABULARY = "performance"


def matches(roles: set[str]) -> bool:
    return "objective" in roles and bool(roles & {"achievement", "band"})


MEASURES = (
    ("achievement", "capaian_persen"),
    ("band", "capaian_persen"),  # a summary printing its capaian under "Skala Capaian"
    ("category", "kategori"),
)


def extract(draft: Draft, table: ReadTable) -> None:
    """A table of sasaran with their capaian and category (e.g. Tabel 3.6)."""
    write_sasaran_figures(draft, table, MEASURES)


def write_sasaran_figures(draft: Draft, table: ReadTable, measures) -> None:
    """Each row's figures as what the report states for its sasaran (``ringkasan``):
    ``measures`` are (role, measure), the first role a row fills giving a measure."""
    for record in table.records:
        if SPAN in record.cells:
            draft.unplaced_record(record, table, "judul di dalam tabel: tidak dibaca")
            continue
        key = record.cells.get("number", "").rstrip(".") or str(record.row_no)
        written = set()
        for role, measure in measures:
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
