"""A category scale (``Skala Nilai Peringkat Kinerja``): interval and category per band."""

from __future__ import annotations

import re

from pipelines.lib.documents.drafting import Draft
from pipelines.lib.documents.tables import ReadTable

VOCABULARY = "performance"


def matches(roles: set[str]) -> bool:
    return "category" in roles and "band" in roles


def extract(draft: Draft, table: ReadTable) -> None:
    for record in table.records:
        band = record.cells.get("band") or record.cells.get("achievement", "")
        label = record.cells.get("category", "")
        if not band or not label:
            draft.unplaced_record(record, table, "baris skala tanpa interval atau kategori")
            continue
        lower, upper, sure = band_bounds(band)
        checks = {} if sure else {"batas_bawah": "interval tidak terbaca pasti"}
        draft.add(
            "skala",
            {
                "urutan": str(record.row_no),
                "kategori": label,
                "batas_bawah": lower,
                "batas_atas": upper,
                "teks_skala": band,
            },
            record.where,
            table.caption,
            record.row_no,
            checks=checks,
        )


def band_bounds(text: str) -> tuple[str, str, bool]:
    """(lower, upper, read with certainty) of a printed band: ``75-100%``,
    ``Lebih dari 100%``, ``< 55 %``, ``91 % ≤ 100 %``, ``≤ 50``."""
    numbers = re.findall(r"\d+(?:,\d+)?", text)
    lowered = text.lower()
    if len(numbers) >= 2:
        return numbers[0], numbers[1], len(numbers) == 2
    if len(numbers) == 1:
        if re.search(r"lebih|>|≥|di atas|diatas", lowered):
            return numbers[0], "", True
        if re.search(r"kurang|<|≤|di bawah|dibawah", lowered):
            return "", numbers[0], True
    return "", "", False
