"""Each finding said in Indonesian for the office: what is wrong, where, what to do.

The English ``message`` stays for analysts (rule text, expected, found); this module
writes ``pesan``, the sentence a clerk or the head of Bappeda reads, from the finding's
rule and its structured columns (object, expected, found, file, row). The report and
cross-year rules declare their sentence beside their model (sql/models/quality/dq_*.yml);
the contract rules (by their check) and the ingestion's findings have theirs here. A test
fails when a rule has none.
"""

from __future__ import annotations

import re

from pipelines.lib.quality.declared import office_sentences
from pipelines.lib.quality.ingest_causes import cause_and_fix
from pipelines.lib.quality.rules import OfficeSentence

TABLES = {
    "budget_lines": "anggaran",
    "spending_lines": "belanja",
    "indicators": "kinerja",
    "reported_totals": "ringkasan",
    "declared_scales": "skala",
    "period_realisations": "realisasi_periode",
    "ingest_files": "berkas",
}
# the words of an object key, as the office names them
WORDS = {
    "sub_activity": "sub kegiatan",
    "activity": "kegiatan",
    "program": "program",
    "agency": "OPD",
    "objective": "sasaran",
    "subtotal": "subtotal",
    "budget_idr": "anggaran",
    "realized_idr": "realisasi",
    "absorption_percent": "serapan",
    "physical_progress_percent": "realisasi fisik",
    "savings_idr": "efisiensi",
    "savings_percent": "efisiensi (%)",
    "achievement_percent": "capaian",
    "category": "kategori",
    "program_count": "jumlah program",
    "activity_count": "jumlah kegiatan",
    "sub_activity_count": "jumlah sub kegiatan",
    "unspent_idr": "SILPA",
    "file": "berkas",
    "column": "kolom",
    **TABLES,
}
CHILDREN = {"program": "kegiatan", "kegiatan": "sub kegiatan"}
# phrases of expected / found that are English in the rules
PHRASES = {
    "a loadable row": "baris yang dapat dibaca",
    " rows (": " baris (",
    "a readable value or an empty cell": "nilai yang terbaca atau sel kosong",
    "none delivered": "tidak diserahkan",
    "nothing delivered": "tidak ada yang diserahkan",
    "a report": "laporan",
    "no successor": "tanpa pengganti",
    "continues as": "berlanjut sebagai",
    "sum of children": "jumlah rinciannya",
    "sum of the lines under it": "jumlah baris di bawahnya",
    "declared scale": "skala laporan",
    "region's scale": "skala daerah",
    "likely copied": "kemungkinan disalin",
    "this year's": "tahun ini",
    "realisation is not a single number: ": "realisasi bukan satu angka: ",
    "target is not a single number: ": "target bukan satu angka: ",
    "realisation not available": "realisasi tidak tersedia",
    "no target set": "target tidak ditetapkan",
    "target is 0, realisation is not": "target 0, realisasi bukan 0",
    "not computed": "tidak dihitung",
}

_FIGURE = re.compile(r"Rp\.? ?-?[\d.]+(?:,\d+)?(?:,-)?|-?\d[\d.]*(?:,\d+)? ?%|-?\d[\d.,]*")


def _object(key: str | None) -> str:
    """'activity 8.01.01.2.09 anggaran' → 'kegiatan 8.01.01.2.09 anggaran'."""
    words = []
    for word in (key or "").split():
        words.append(WORDS.get(word, word))
    return " ".join(words)


def _phrase(text: str | None) -> str:
    text = text or "-"
    for english, indonesian in PHRASES.items():
        text = text.replace(english, indonesian)
    return text


def _figure(text: str | None) -> str:
    """The first figure of an expected / found text ('Rp 412.275.000 (sum of
    children)' → 'Rp 412.275.000'), else the text in Indonesian words."""
    match = _FIGURE.search(text or "")
    return match[0].strip() if match else _phrase(text)


_PERIOD = re.compile(r"\(s\.d\. (\d\d-\d\d-\d{4})\)")


def _period(text: str | None) -> str:
    """' (s.d. 30-06-2024)' when a figure names the date its period runs to."""
    match = _PERIOD.search(text or "")
    return f" (s.d. {match[1]})" if match else ""


def _where(finding: dict) -> str:
    file, row = finding.get("source_file"), finding.get("source_row")
    if file and row:
        return f" ({file}, baris {row})"
    return f" ({file})" if file else ""


def _object_parts(key: str | None) -> dict[str, str]:
    """The parts of a line's object key ('<level> <code> <measure>') a sentence may name:
    'activity 8.01.01.2.09 budget_idr' → kegiatan, 8.01.01.2.09, anggaran, sub kegiatan."""
    parts = _object(key).split()
    level = " ".join(parts[:-2]) if len(parts) > 2 else "baris"
    return {
        "measure": parts[-1] if parts else "angka",
        "level": level,
        "code": parts[-2] if len(parts) > 1 else "",
        "children": CHILDREN.get(level, "rincian"),
    }


# ingestion findings → (what is wrong, what to do); {object}, {found}, {table} are
# filled in. The suites' rules declare theirs (sql/models/quality/dq_*.yml).
INGEST: dict[str, tuple[str, str]] = {
    "ingest.row_quarantined": (
        "Baris tidak dimuat ({object}: {found})",
        "Perbaiki nilai itu di berkas dan serahkan lagi; baris ini disimpan di karantina.",
    ),
    "ingest.cell_nulled": (
        "Nilai {object} tidak terbaca ({found}) dan dikosongkan; barisnya tetap dimuat",
        "Perbaiki nilai itu bila diperlukan.",
    ),
    "ingest.table_missing": (
        "Tabel {table} tidak diserahkan",
        "Minta OPD melengkapi berkasnya.",
    ),
    "ingest.encoding": (
        "Berkas dibaca sebagai Windows-1252, bukan UTF-8",
        "Periksa huruf khusus (é, –, ’); simpan sebagai CSV UTF-8 lain kali.",
    ),
    "ingest.rounded_numbers": (
        "Angka Excel berdesimal panjang dibulatkan seperti tampil di Excel",
        "Tidak perlu tindakan.",
    ),
    "ingest.number_convention": (
        "Angka ditulis cara Inggris (1,004,422,800.00) dan dibaca demikian untuk seluruh berkas",
        "Tidak perlu tindakan; pakai cara Indonesia (1.004.422.800,00) lain kali.",
    ),
}


def _quarantined(finding: dict) -> str:
    """Rows held back at ingest: what, where, the cause in the sender's words, the fix."""
    _, _, reason = (finding.get("message") or "").partition("kept in raw.quarantine: ")
    cause, fix = cause_and_fix(reason)
    found = _phrase(finding.get("actual"))
    if reason.startswith("file rejected: "):
        what = f"Berkas ditolak, {found} tidak dimuat: {cause}"
    else:
        what = f"Baris tidak dimuat ({_object(finding.get('object_key'))}: {found}): {cause}"
    return f"{what}{_where(finding)}. {fix}"


def _declared(rule_id: str) -> OfficeSentence | None:
    return office_sentences().get(rule_id)


def sentence_for(rule_id: str) -> tuple[str, str]:
    """The (what, what to do) of a rule; KeyError for a rule with no Indonesian."""
    declared = _declared(rule_id)
    return (declared.what, declared.fix) if declared else INGEST[rule_id]


def pesan(finding: dict) -> str:
    """The Indonesian message of one finding (a row of marts.dq_findings as a dict)."""
    rule_id = finding["rule_id"]
    if rule_id == "ingest.row_quarantined":
        return _quarantined(finding)
    table = column = ""
    declared = _declared(rule_id)
    if declared:
        what, action, whole = declared.what, declared.fix, declared.shows_found_whole
        table, column = TABLES.get(declared.table, declared.table), declared.column
    else:
        (what, action), whole = INGEST[rule_id], rule_id == "ingest.cell_nulled"
    if rule_id == "ingest.table_missing":
        table = TABLES.get((finding.get("object_key") or "").split()[0], "")
    found = finding.get("actual")
    what = what.format(
        object=_object(finding.get("object_key")),
        expected=_figure(finding.get("expected")),
        found=_phrase(found) if whole else _figure(found),
        table=table,
        column=WORDS.get(column, column),
        period=_period(finding.get("expected")),
        **_object_parts(finding.get("object_key")),
    )
    return f"{what[0].upper()}{what[1:]}{_where(finding)}. {action}"
