"""Spending by type (``Belanja Pegawai``, ``Belanja Barang dan Jasa`` …): a budget
table whose rows are mostly the region's spending types, by name."""

from __future__ import annotations

from pipelines.lib.documents.drafting import Draft
from pipelines.lib.documents.tables import ReadTable, Record
from pipelines.lib.reference import normalise_name


def matches_rows(records: list[Record], account_names: dict[str, str]) -> bool:
    """At least half of the rows name a spending type."""
    spending = [r for r in records if normalise_name(r.cells["name"]) in account_names]
    return bool(spending) and len(spending) >= len(records) / 2


def extract(
    draft: Draft, records: list[Record], table: ReadTable, account_names: dict[str, str]
) -> None:
    for record in records:
        code = account_names.get(normalise_name(record.cells["name"]), "")
        draft.add(
            "belanja",
            {
                "kode_akun": code,
                "jenis_belanja": record.cells["name"],
                "anggaran": record.cells.get("budget", ""),
                "realisasi": record.cells.get("realized", ""),
            },
            record.where,
            table.caption,
            record.row_no,
            checks={} if code else {"kode_akun": "jenis belanja tidak dikenal"},
        )
