"""Why an ingested row was held back, said in Indonesian for the sender: the cause in
their words and the fix, from the English reason the ingest records.

One entry per family of reasons (typing, the contract across rows, the agency list,
finance units, headers); a reason of no family keeps its English text beside the
general fix, so the real cause is never lost.
"""

from __future__ import annotations

import re

# (pattern of the English reason, the cause in Indonesian, the fix); groups fill both
CAUSES: list[tuple[re.Pattern, str, str]] = [
    (
        re.compile(r"negative amount: (?P<column>\S+) cannot be below zero"),
        "nilai {column} negatif",
        "Anggaran dan realisasi di laporan OPD tidak boleh negatif: perbaiki angkanya.",
    ),
    (
        re.compile(r"the same row again \(first at (?P<first>.+?)\): counted once"),
        "baris yang sama tertulis lagi (pertama di {first}); dihitung sekali",
        "Hapus baris ganda itu dari berkas.",
    ),
    (
        re.compile(
            r"(?P<key>.+?) given more than once with different values \(rows (?P<rows>[^)]+)\)"
        ),
        "{key} yang sama tertulis lebih dari sekali dengan nilai berbeda (baris {rows}); "
        "tidak ada yang dimuat",
        "Sisakan satu baris untuk setiap {key}, yang benar, dan serahkan lagi.",
    ),
    (
        re.compile(r"unit (?P<code>\S+) '(?P<name>[^']*)' matches no agency of (?P<year>\d{4})"),
        "unit {code} '{name}' pada ekspor keuangan tidak cocok dengan OPD mana pun tahun {year}",
        "Tambahkan kode_skpd {code} pada baris OPD itu di raw/reference/agencies*.csv, "
        "atau daftarkan OPD-nya (kinerja agency add …).",
    ),
    (
        re.compile(r"unknown agency '(?P<agency>[^']+)'"),
        "OPD '{agency}' tidak ada dalam daftar OPD",
        "Daftarkan OPD itu (kinerja agency add {agency} …) atau perbaiki kode_opd-nya.",
    ),
    (
        re.compile(r"agency '(?P<agency>[^']+)' existed (?P<span>\S+), not in (?P<year>\d{4})"),
        "OPD '{agency}' ada pada {span}, bukan pada tahun {year}",
        "Periksa kode_opd dan tahunnya, atau perbaiki tahun_mulai/tahun_akhir OPD di daftar.",
    ),
    (
        re.compile(r"not a number in Indonesian format"),
        "angka tidak terbaca dalam format Indonesia",
        "Tulis angkanya seperti 1.234.567,89 (titik ribuan, koma desimal, tanpa huruf) "
        "dan serahkan lagi.",
    ),
    (
        re.compile(r"required value is empty"),
        "kolom wajib kosong",
        "Isi sel itu dan serahkan lagi.",
    ),
    (
        re.compile(r"code '(?P<code>[^']*)' is not in the format (?P<format>.+)"),
        "kode '{code}' tidak sesuai format {format}",
        "Perbaiki kodenya sesuai Kepmendagri 050-5889 (contoh 8.01.01.2.01.0001).",
    ),
    (
        re.compile(r"a formula with no saved result \((?P<formula>[^)]*)\)"),
        "rumus {formula} tanpa hasil tersimpan",
        "Buka berkas di Excel, simpan, lalu serahkan lagi.",
    ),
    (
        re.compile(r"row \d+: (?P<cells>\d+) cells where the header has (?P<header>\d+)"),
        "baris berisi {cells} sel, padahal judul kolom {header}",
        "Periksa pemisah (koma atau titik koma) dan tanda petik di baris itu.",
    ),
    (
        re.compile(
            r"unknown columns \[(?P<unknown>[^\]]*)\](?: \(did you mean (?P<meant>.*?)\?\))?"
        ),
        "kolom tidak dikenal: {unknown}",
        "Perbaiki nama kolom di baris judul sesuai templat, lalu serahkan lagi.",
    ),
    (
        re.compile(r"(?P<delivery>\S+) is delivered twice"),
        "{delivery} diserahkan dua kali (berkas CSV dan buku kerja sekaligus)",
        "Serahkan berkas CSV saja atau satu buku kerja saja untuk tahun itu.",
    ),
    (
        re.compile(r"missing required columns \[(?P<missing>[^\]]*)\]"),
        "kolom wajib tidak ada: {missing}",
        "Perbaiki nama kolom di baris judul sesuai templat, lalu serahkan lagi.",
    ),
    (
        re.compile(r"not a finance export; .*?found first header cells (?P<found>.+?)(?:;|$)"),
        "bukan ekspor keuangan yang dikenali: tidak ada tabel dengan kolom kode/uraian, "
        "anggaran dan realisasi per program, kegiatan atau sub kegiatan (judul yang "
        "ditemukan: {found})",
        "Ekspor ulang dari SIPD/SIMDA laporan realisasi per program, kegiatan dan sub "
        "kegiatan; bila bentuk berkasnya memang begini, nyatakan tata letaknya dengan "
        "kinerja layout <berkas> (raw/reference/layouts/).",
    ),
]
GENERAL_FIX = "Perbaiki nilai itu di berkas dan serahkan lagi; baris ini disimpan di karantina."


def _misspelt(meant: str) -> str:
    """ "'realisasi_keuangn' → 'realisasi_keuangan'" as the office reads it."""
    pairs = re.findall(r"'([^']*)' → '([^']*)'", meant)
    return "; ".join(f"kolom '{w}' tidak dikenal — maksudnya '{r}'?" for w, r in pairs)


def cause_and_fix(reason: str) -> tuple[str, str]:
    """The cause in Indonesian and its fix, for an English ingest reason (every family
    it names: a header can both lack a column and have a misspelt one)."""
    reason = reason.removeprefix("file rejected: ")
    causes, fixes = [], []
    for pattern, cause, fix in CAUSES:
        match = pattern.search(reason)
        if not match:
            continue
        groups = {k: v or "" for k, v in match.groupdict().items()}
        meant = groups.get("meant")
        causes.append(_misspelt(meant) if meant else cause.format(**groups))
        if fix.format(**groups) not in fixes:
            fixes.append(fix.format(**groups))
    if not causes:
        return reason, GENERAL_FIX
    return "; ".join(causes), " ".join(fixes)
