"""Figures stated in sentences: the agency's and each sasaran's anggaran, realisasi,
serapan, efisiensi, SILPA, counts, average capaian and category; spending by type
written in prose. A rupiah amount in a sentence none of these phrases read is listed
as unplaced."""

from __future__ import annotations

import re
from collections import Counter

from pipelines.lib.documents.context import Placed
from pipelines.lib.documents.drafting import UNPLACED, Draft
from pipelines.lib.documents.layout import Paragraph
from pipelines.lib.documents.tables import clean
from pipelines.lib.finance.export_rows import normalise_name

_RP = r"Rp\.?\s*(\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?)\s*(?:,-|,)?-?"
_PCT = r"(\d{1,3}(?:,\d+)?\s?%)"
_ANY_RP = re.compile(_RP)
SASARAN_FINANCE = re.compile(
    r"sumber daya keuangan untuk pencapaian sasaran strategis\s*(\d+).{0,40}?sebesar\s*"
    + _RP
    + r".{0,30}?"
    + _PCT
    + r".{0,40}?pagu\s*(?:sebesar\s*)?"
    + _RP
    + r"(?:.{0,80}?efisiensi\s+sebesar\s*"
    + _RP
    + r".{0,20}?"
    + _PCT
    + r")?",
    re.IGNORECASE,
)
SPENDING = re.compile(
    r"(Belanja\s+[A-Za-z][A-Za-z ]*?)\s*,\s*anggaran\s+sebesar\s*"
    + _RP
    + r"\s*(?:dan\s+)?realisasi(?:nya)?\s+sebesar\s*"
    + _RP,
    re.IGNORECASE,
)
TOTAL = re.compile(
    r"\banggaran\b.{0,80}?sebesar\s*"
    + _RP
    + r".{0,30}?(?:terealisasi|realisasi)\s*(?:sebesar\s*)?"
    + _RP
    + r"(?:.{0,20}?sebesar\s*"
    + _PCT
    + r")?",
    re.IGNORECASE,
)
SILPA = re.compile(r"\(?SILPA\)?.{0,40}?sebesar\s*" + _RP, re.IGNORECASE)
SAVINGS = re.compile(r"terjadi\s+efisiensi\s+sebesar\s*" + _RP, re.IGNORECASE)
AVERAGE = re.compile(r"rata-rata\s+mencapai\s+" + _PCT, re.IGNORECASE)
OBJECTIVE_AVERAGE = re.compile(
    r"rata-rata capaian ini sebesar\s*"
    + _PCT
    + r"(?:.{0,120}?sebesar\s*"
    + _RP
    + r".{0,20}?sebesar\s*"
    + _PCT
    + r".{0,20}?anggaran\s*"
    + _RP
    + r")?",
    re.IGNORECASE,
)
COUNT = re.compile(r"\b(\d+)\s*(?:\([^)]*\))?\s*(sub\s+kegiatan|kegiatan|program)\b", re.IGNORECASE)
COUNT_MEASURES = {"program": "jumlah_program", "kegiatan": "jumlah_kegiatan"}
CATEGORY_WORDS = r"(?:katagori|kategori|predikat|dicapai dengan)"
KNOWN_CATEGORIES = (
    "Sangat Baik",
    "Baik",
    "Cukup Baik",
    "Cukup",
    "Kurang",
    "Sangat Kurang",
    "Buruk",
    "Sangat Buruk",
    "Sangat Tinggi",
    "Tinggi",
    "Sedang",
    "Rendah",
    "Sangat Rendah",
)


def _rp(text: str) -> str:
    """A prose amount as the transcriptions write it."""
    return f"Rp. {text},-" if "," not in text else f"Rp. {text}"


def extract(draft: Draft, placed: list[Placed], account_names) -> dict[int, tuple]:
    """Figures of the sentences; returns the category each sasaran's text gives."""
    categories: dict[int, tuple[str, str, str]] = {}
    labels = sorted(
        {*KNOWN_CATEGORIES, *(r["kategori"] for r in draft.sheets.get("skala", []))},
        key=len,
        reverse=True,
    )
    category = re.compile(
        CATEGORY_WORDS + r"\s+(" + "|".join(re.escape(lab) for lab in labels) + r")\b",
        re.IGNORECASE,
    )
    averages: Counter[str] = Counter()
    paragraphs = [p for p in placed if isinstance(p.block, Paragraph)]
    for item in paragraphs:
        text = clean(item.block.text)
        where = item.block.where
        used: list[tuple[int, int]] = []

        def ringkasan(scope, key, measure, value, match, item=item, where=where, used=used):
            draft.add(
                "ringkasan",
                {
                    "cakupan": scope,
                    "kunci": key,
                    "ukuran": measure,
                    "nilai": value,
                    "sumber": item.source,
                },
                where,
                item.source,
                printed={"nilai": match[0][:300]},
            )
            used.append(match.span())

        for match in SASARAN_FINANCE.finditer(text):
            key = match[1]
            for measure, value in (
                ("realisasi", _rp(match[2])),
                ("serapan_persen", match[3]),
                ("anggaran", _rp(match[4])),
                ("efisiensi", match[5] and _rp(match[5])),
                ("efisiensi_persen", match[6]),
            ):
                if value:
                    ringkasan("sasaran", key, measure, value, match)
        for match in SPENDING.finditer(text):
            name = " ".join(match[1].split())
            code = account_names.get(normalise_name(name), "")
            draft.add(
                "belanja",
                {
                    "kode_akun": code,
                    "jenis_belanja": name,
                    "anggaran": _rp(match[2]),
                    "realisasi": _rp(match[3]),
                },
                where,
                item.source,
                printed={"anggaran": match[0], "realisasi": match[0]},
                checks={} if code else {"kode_akun": "jenis belanja tidak dikenal"},
            )
            used.append(match.span())
        for match in TOTAL.finditer(text):
            if _overlaps(match.span(), used):
                continue
            ringkasan("opd", "", "anggaran", _rp(match[1]), match)
            ringkasan("opd", "", "realisasi", _rp(match[2]), match)
            if match[3]:
                ringkasan("opd", "", "serapan_persen", match[3], match)
        for match in SILPA.finditer(text):
            ringkasan("opd", "", "silpa", _rp(match[1]), match)
        for match in SAVINGS.finditer(text):
            if not _overlaps(match.span(), used):
                ringkasan("opd", "", "efisiensi", _rp(match[1]), match)
        for match in AVERAGE.finditer(text):
            ringkasan("opd", "", "capaian_persen", match[1], match)
        for match in OBJECTIVE_AVERAGE.finditer(text):
            averages[item.section] += 1
            key = str(averages[item.section])
            ringkasan("sasaran", key, "capaian_persen", match[1], match)
            if match[2]:
                ringkasan("sasaran", key, "realisasi", _rp(match[2]), match)
                ringkasan("sasaran", key, "serapan_persen", match[3], match)
                ringkasan("sasaran", key, "anggaran", _rp(match[4]), match)
        for match in COUNT.finditer(text):
            noun = " ".join(match[2].lower().split())
            measure = COUNT_MEASURES.get(noun, "jumlah_sub_kegiatan")
            ringkasan("opd", "", measure, match[1], match)
        for match in category.finditer(text):
            if item.objective:
                categories.setdefault(item.objective[0], (match[1], where, item.source))
            else:
                ringkasan("opd", "", "kategori", match[1], match)
            used.append(match.span())
        for match in _ANY_RP.finditer(text):
            if not _overlaps(match.span(), used):
                start = max(0, match.start() - 60)
                draft.unplaced(
                    text[start : match.end() + 20],
                    where,
                    item.source,
                    f"{UNPLACED}: jumlah rupiah dalam kalimat yang tidak dikenali",
                )
    return categories


def _overlaps(span: tuple[int, int], used: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in used)
