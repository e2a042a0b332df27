"""Figures stated in sentences: the agency's and each sasaran's anggaran, realisasi,
serapan, efisiensi, SILPA, counts, average capaian and category; spending by type
written in prose or as a list under a lead-in sentence (``- Belanja Pegawai : Rp. …``).
A rupiah amount in a sentence none of these phrases read is listed as unplaced."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipelines.lib.documents.context import Placed
from pipelines.lib.documents.drafting import UNPLACED, Draft
from pipelines.lib.documents.layout import Paragraph
from pipelines.lib.documents.tables import clean
from pipelines.lib.reference import normalise_name

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
# the agency's budget or realisation stated alone ("Total anggaran belanja … sebesar
# Rp. 55.463.202.837"): read only where the sentence names no program, kegiatan or
# sasaran, and flagged, since prose may mean a part of the budget
ONE_TOTAL = re.compile(
    r"\b(?:(?:total|jumlah)\s+)?(anggaran|pagu|realisasi)(?:\s+(?:belanja|anggaran|keuangan))?"
    r"\b[^.;]{0,80}?\b(?:sebesar|senilai|adalah)\s*" + _RP,
    re.IGNORECASE,
)
ONE_TOTAL_NOT = re.compile(r"\b(?:program|kegiatan|sasaran|indikator)\b", re.IGNORECASE)
# a list item of spending by type: "- Belanja Pegawai : Rp. 1.234.000,-", "a. Belanja
# Modal = Rp 5.000.000"; its measure is the lead-in's (anggaran or realisasi)
LISTED_SPENDING = re.compile(
    # a bullet (one a PDF font could not map reads "(cid:127)"), a number or a letter
    r"^\s*(?:\(cid:\d+\)|[^\w\s(]{1,2}|\d{1,2}[.)]|[a-z][.)])?\s*"
    r"(Belanja\s+[A-Za-z][A-Za-z /]*?)\s*[:=]\s*" + _RP + r"\s*$",
    re.IGNORECASE,
)
LEAD_IN_MEASURE = re.compile(r"(realisasi|anggaran|pagu)", re.IGNORECASE)  # realisasinya too
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


def _overlaps(span: tuple[int, int], used: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in used)


@dataclass
class _Sentence:
    """One paragraph being read: what it adds, and the spans already read."""

    draft: Draft
    item: Placed
    text: str
    used: list[tuple[int, int]] = field(default_factory=list)

    @property
    def where(self) -> str:
        return self.item.block.where

    def free(self, match: re.Match) -> bool:
        return not _overlaps(match.span(), self.used)

    def ringkasan(self, scope, key, measure, value, match, check: str = "") -> None:
        self.draft.add(
            "ringkasan",
            {
                "cakupan": scope,
                "kunci": key,
                "ukuran": measure,
                "nilai": value,
                "sumber": self.item.source,
            },
            self.where,
            self.item.source,
            printed={"nilai": match[0][:300]},
            checks={"nilai": check} if check else None,
        )
        self.used.append(match.span())


def _objective_finance(sentence: _Sentence) -> None:
    for match in SASARAN_FINANCE.finditer(sentence.text):
        for measure, value in (
            ("realisasi", _rp(match[2])),
            ("serapan_persen", match[3]),
            ("anggaran", _rp(match[4])),
            ("efisiensi", match[5] and _rp(match[5])),
            ("efisiensi_persen", match[6]),
        ):
            if value:
                sentence.ringkasan("sasaran", match[1], measure, value, match)


def _spending(sentence: _Sentence, account_names: dict[str, str]) -> None:
    for match in SPENDING.finditer(sentence.text):
        name = " ".join(match[1].split())
        code = account_names.get(normalise_name(name), "")
        sentence.draft.add(
            "belanja",
            {
                "kode_akun": code,
                "jenis_belanja": name,
                "anggaran": _rp(match[2]),
                "realisasi": _rp(match[3]),
            },
            sentence.where,
            sentence.item.source,
            printed={"anggaran": match[0], "realisasi": match[0]},
            checks={} if code else {"kode_akun": "jenis belanja tidak dikenal"},
        )
        sentence.used.append(match.span())


def _agency_totals(sentence: _Sentence, lone_measures: set[str]) -> None:
    """The agency's totals; a lone anggaran or realisasi only for a measure in
    ``lone_measures`` (no sentence states both), once."""
    for match in TOTAL.finditer(sentence.text):
        if sentence.free(match):
            sentence.ringkasan("opd", "", "anggaran", _rp(match[1]), match)
            sentence.ringkasan("opd", "", "realisasi", _rp(match[2]), match)
            if match[3]:
                sentence.ringkasan("opd", "", "serapan_persen", match[3], match)
    for match in SILPA.finditer(sentence.text):
        sentence.ringkasan("opd", "", "silpa", _rp(match[1]), match)
    for match in SAVINGS.finditer(sentence.text):
        if sentence.free(match):
            sentence.ringkasan("opd", "", "efisiensi", _rp(match[1]), match)
    if sentence.item.objective:
        return  # a sasaran's section: a lone amount there is the sasaran's, or a part
    for match in ONE_TOTAL.finditer(sentence.text):
        measure = "realisasi" if match[1].lower() == "realisasi" else "anggaran"
        if measure in lone_measures and sentence.free(match) and not ONE_TOTAL_NOT.search(match[0]):
            lone_measures.discard(measure)
            check = f"dibaca dari kalimat: pastikan ini {measure} seluruh OPD"
            sentence.ringkasan("opd", "", measure, _rp(match[2]), match, check)


def _averages_and_counts(sentence: _Sentence, averages: Counter[str]) -> None:
    for match in AVERAGE.finditer(sentence.text):
        sentence.ringkasan("opd", "", "capaian_persen", match[1], match)
    for match in OBJECTIVE_AVERAGE.finditer(sentence.text):
        averages[sentence.item.section] += 1
        key = str(averages[sentence.item.section])
        sentence.ringkasan("sasaran", key, "capaian_persen", match[1], match)
        if match[2]:
            sentence.ringkasan("sasaran", key, "realisasi", _rp(match[2]), match)
            sentence.ringkasan("sasaran", key, "serapan_persen", match[3], match)
            sentence.ringkasan("sasaran", key, "anggaran", _rp(match[4]), match)
    for match in COUNT.finditer(sentence.text):
        noun = " ".join(match[2].lower().split())
        measure = COUNT_MEASURES.get(noun, "jumlah_sub_kegiatan")
        sentence.ringkasan("opd", "", measure, match[1], match)


def _categories(sentence: _Sentence, pattern: re.Pattern, categories: dict) -> None:
    item = sentence.item
    for match in pattern.finditer(sentence.text):
        if item.objective:
            categories.setdefault(item.objective[0], (match[1], sentence.where, item.source))
        else:
            sentence.ringkasan("opd", "", "kategori", match[1], match)
        sentence.used.append(match.span())


def _unplaced_amounts(sentence: _Sentence) -> None:
    text = sentence.text
    for match in _ANY_RP.finditer(text):
        if sentence.free(match):
            start = max(0, match.start() - 60)
            sentence.draft.unplaced(
                text[start : match.end() + 20],
                sentence.where,
                sentence.item.source,
                f"{UNPLACED}: jumlah rupiah dalam kalimat yang tidak dikenali",
            )


@dataclass
class _SpendingList:
    """Spending types listed one per paragraph under a lead-in naming the measure;
    an anggaran list and a realisasi list of the same types make one row per type."""

    measure: str = ""  # of the last lead-in: anggaran or realisasi
    rows: dict[str, dict] = field(default_factory=dict)

    def lead_in(self, text: str) -> None:
        found = LEAD_IN_MEASURE.findall(text)
        if found and text.rstrip().endswith((":", "berikut")):
            self.measure = "realisasi" if found[-1].lower() == "realisasi" else "anggaran"

    def item(self, sentence: _Sentence) -> bool:
        match = LISTED_SPENDING.match(sentence.text)
        if not match or not self.measure:
            return False
        name = " ".join(match[1].split())
        row = self.rows.setdefault(name.lower(), {"name": name, "printed": {}})
        row[self.measure] = _rp(match[2])
        row["printed"][self.measure] = match[0].strip()
        row.setdefault("where", sentence.where)
        row.setdefault("source", sentence.item.source)
        sentence.used.append(match.span())
        return True

    def write(self, draft: Draft, account_names: dict[str, str]) -> None:
        for row in self.rows.values():
            code = account_names.get(normalise_name(row["name"]), "")
            checks = {} if code else {"kode_akun": "jenis belanja tidak dikenal"}
            for measure in ("anggaran", "realisasi"):
                if measure not in row:
                    checks[measure] = f"{measure} tidak tercetak di daftar; isi dari dokumen"
            draft.add(
                "belanja",
                {
                    "kode_akun": code,
                    "jenis_belanja": row["name"],
                    "anggaran": row.get("anggaran", ""),
                    "realisasi": row.get("realisasi", ""),
                },
                row["where"],
                row["source"],
                printed=row["printed"],
                checks=checks,
            )


def _category_pattern(draft: Draft) -> re.Pattern:
    labels = sorted(
        {*KNOWN_CATEGORIES, *(r["kategori"] for r in draft.sheets.get("skala", []))},
        key=len,
        reverse=True,
    )
    return re.compile(
        CATEGORY_WORDS + r"\s+(" + "|".join(re.escape(lab) for lab in labels) + r")\b",
        re.IGNORECASE,
    )


def extract(draft: Draft, placed: list[Placed], account_names) -> dict[int, tuple]:
    """Figures of the sentences; returns the category each sasaran's text gives."""
    categories: dict[int, tuple[str, str, str]] = {}
    category = _category_pattern(draft)
    averages: Counter[str] = Counter()
    listed = _SpendingList()
    paragraphs = [(p, clean(p.block.text)) for p in placed if isinstance(p.block, Paragraph)]
    # a lone total is read only where no sentence states anggaran and realisasi together
    lone_measures = (
        set() if any(TOTAL.search(t) for _, t in paragraphs) else {"anggaran", "realisasi"}
    )
    for item, text in paragraphs:
        sentence = _Sentence(draft, item, text)
        if listed.item(sentence):
            continue
        listed.lead_in(sentence.text)
        _objective_finance(sentence)
        _spending(sentence, account_names)
        _agency_totals(sentence, lone_measures)
        _averages_and_counts(sentence, averages)
        _categories(sentence, category, categories)
        _unplaced_amounts(sentence)
    listed.write(draft, account_names)
    return categories
