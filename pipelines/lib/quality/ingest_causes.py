"""Why an ingested row was held back, said in Indonesian for the sender: the cause in
their words and the fix, from the English reason the ingest records.

One entry per family of reasons (typing, the contract across rows, the agency list,
headers, files and folders; a finance export's own in :mod:`.export_causes`); a reason
of no family keeps its English text beside the general fix, so the real cause is never
lost.
"""

from __future__ import annotations

import re

from pipelines.lib.quality.export_causes import EXPORT_CAUSES

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
        re.compile(r"'(?P<value>[^']*)' is not one of: (?P<allowed>.+)"),
        "'{value}' bukan salah satu isi yang diterima ({allowed})",
        "Pilih salah satu isi itu (daftar pilihan di templat) dan serahkan lagi.",
    ),
    (
        re.compile(r"account code '(?P<code>[^']*)' is not a known spending type"),
        "kode akun '{code}' bukan jenis belanja yang dikenal",
        "Pakai kode jenis belanja Kepmendagri 050-5889 (contoh 5.1.02 Belanja Barang dan "
        "Jasa) dan serahkan lagi.",
    ),
    (
        re.compile(r"program codes \[(?P<codes>[^\]]*)\] are not in the format"),
        "kode program [{codes}] tidak berformat U.BB.PP",
        "Tulis kode program seperti 8.01.02; pisahkan beberapa kode dengan titik koma.",
    ),
    (
        re.compile(r"not a whole number"),
        "bukan bilangan bulat",
        "Tulis nomornya tanpa desimal (1, 2, 3 …) dan serahkan lagi.",
    ),
    (
        re.compile(r"has more than (?P<decimals>\d+) decimals"),
        "lebih dari {decimals} angka di belakang koma",
        "Bulatkan ke {decimals} angka di belakang koma dan serahkan lagi.",
    ),
    (
        re.compile(r"out of range for the \w+ column: at most (?P<digits>\d+) digits"),
        "angka terlalu besar untuk kolom itu (paling banyak {digits} digit sebelum koma)",
        "Periksa angkanya: ada digit berlebih, atau angka itu masuk kolom yang salah.",
    ),
    (
        re.compile(
            r"'(?P<value>[^']*)' is written the English way.*?Did you mean '(?P<written>[^']*)'"
        ),
        "'{value}' ditulis cara Inggris (titik desimal) padahal angka lain di berkas itu "
        "cara Indonesia",
        "Tulis '{written}' (titik ribuan, koma desimal) dan serahkan lagi.",
    ),
    (
        re.compile(
            r"'(?P<value>[^']*)' is written the Indonesian way.*?Did you mean '(?P<written>[^']*)'"
        ),
        "'{value}' ditulis cara Indonesia (koma desimal) padahal angka lain di berkas itu "
        "cara Inggris",
        "Tulis '{written}' seperti angka lain di berkas itu, atau seluruh berkas cara "
        "Indonesia, dan serahkan lagi.",
    ),
    (
        re.compile(r"a sasaran line needs its no_sasaran"),
        "baris sasaran tanpa no_sasaran",
        "Isi no_sasaran pada baris sasaran itu dan serahkan lagi.",
    ),
    (
        re.compile(r"induk '(?P<induk>[^']*)' is not a (?P<level>[\w ]+?) of this report"),
        "induk '{induk}' tidak ada di laporan ini",
        "Tulis induk persis seperti kode atau nama baris induknya di berkas yang sama.",
    ),
    (
        re.compile(r"code (?P<code>\S+) does not belong to"),
        "kode {code} tidak berada di bawah baris induk yang tercetak di atasnya",
        "Periksa kode baris itu dan kode program/kegiatan di atasnya; perbaiki yang salah ketik.",
    ),
    (
        re.compile(r"the first row holds no column names"),
        "baris pertama tidak berisi nama kolom",
        "Letakkan nama kolom templat di baris pertama (hapus baris judul di atasnya) dan "
        "serahkan lagi.",
    ),
    (
        re.compile(r"duplicate column names (?P<names>\[[^\]]*\])"),
        "nama kolom tertulis dua kali: {names}",
        "Hapus kolom yang tertulis dua kali dan serahkan lagi.",
    ),
    (
        re.compile(r"the file is empty"),
        "berkasnya kosong",
        "Serahkan berkas yang berisi data.",
    ),
    (
        re.compile(r"unknown (?:table|sheet) (?P<name>\S+); expected (?:one of )?(?P<expected>.+)"),
        "nama berkas atau lembar {name} tidak dikenal",
        "Beri nama sesuai templat ({expected}) dan serahkan lagi.",
    ),
    (
        re.compile(
            r"neither UTF-8 nor Windows-1252|starts as UTF-16 but is not|declares \S+ but is not"
        ),
        "teks berkas tidak terbaca (pengodean karakter rusak)",
        "Simpan ulang sebagai CSV UTF-8 dari Excel dan serahkan lagi.",
    ),
    (
        re.compile(r"a PDF, not an export|a Word document, not an export"),
        "berkas ini dokumen (PDF/Word), bukan ekspor tabel",
        "Minta ekspor Excel atau CSV dari BPKAD; LKjIP diserahkan lewat kinerja extract.",
    ),
    (
        re.compile(r"not a readable (?:XLSX )?workbook|a damaged zip file|a zip file holding no"),
        "buku kerja rusak atau tidak terbaca",
        "Buka di Excel, simpan ulang sebagai .xlsx, lalu serahkan lagi.",
    ),
    (
        re.compile(r"files belong in raw/<fiscal_year>/<agency>/"),
        "berkas tidak berada di folder tahun dan OPD-nya",
        "Pindahkan berkas ke raw/<tahun>/<kode_opd>/ (atau minta pengelola warehouse).",
    ),
    (
        re.compile(r"finance exports go directly in raw/<fiscal_year>/"),
        "ekspor keuangan berada di subfolder",
        "Letakkan ekspor keuangan langsung di raw/<tahun>/keuangan/.",
    ),
    (
        re.compile(r"folder '(?P<folder>[^']*)' is not a fiscal year"),
        "folder '{folder}' bukan tahun anggaran",
        "Letakkan berkas di folder bernama tahunnya (contoh raw/2024/…).",
    ),
    (
        re.compile(r"a link to .*?(?:outside raw/|which does not exist)"),
        "tautan (link) ke luar folder raw/ atau ke berkas yang tidak ada; isinya tidak dibaca",
        "Salin berkas aslinya ke folder OPD-nya, bukan tautannya.",
    ),
    (
        re.compile(r"cannot be read \(no permission\)"),
        "berkas tidak boleh dibaca oleh akun kantor",
        "Minta pengelola server memberi izin baca pada berkas itu.",
    ),
    (
        re.compile(r"'(?P<value>[^']*)' holds no figure"),
        "sel berisi '{value}' tanpa angka",
        "Tulis angkanya di sel itu (mis. 1.500.000.000,00), atau '-' bila memang nihil.",
    ),
    (
        re.compile(r"code '(?P<code>[^']*)' looks like a number"),
        "kode '{code}' tersimpan sebagai angka; Excel mungkin membuang digitnya",
        "Format kolom kode sebagai Teks di Excel, ketik ulang kodenya lengkap (mis. "
        "8.01.01), lalu serahkan lagi.",
    ),
    (
        re.compile(r"^code is empty"),
        "kode kosong",
        "Isi kode baris itu (mis. 8.01.01 untuk program, 8.01.01.2.01 untuk kegiatan).",
    ),
    (
        re.compile(r"code '(?P<code>[^']*)' has urusan 0"),
        "kode '{code}' memakai urusan 0, yang tidak ada",
        "Perbaiki kodenya sesuai Permendagri 90/2019 dan serahkan lagi.",
    ),
    (
        re.compile(r"level '(?P<level>[^']*)' is not program, kegiatan, sub kegiatan or sasaran"),
        "level '{level}' bukan program, kegiatan, sub kegiatan atau sasaran",
        "Pilih level dari daftar di templat: program, kegiatan, sub kegiatan atau sasaran.",
    ),
    (
        re.compile(
            r"(?P<column>tahun|kode_opd) (?P<values>.+?) in the file disagrees with the "
            r"folder (?P<folder>[^/]+)/"
        ),
        "{column} {values} di berkas tidak sama dengan foldernya ({folder}/); berkas tidak dibaca",
        "Perbaiki {column} di berkas, atau letakkan berkas di folder tahun dan OPD yang benar.",
    ),
    (
        re.compile(r"not a CSV or XLSX file \((?P<kind>[^)]*)\)"),
        "berkas {kind} bukan CSV atau XLSX; tidak dibaca",
        "Kirim datanya dalam templat (XLSX) atau CSV. Laporan LKjIP (PDF atau Word) dibaca "
        "dengan kinerja extract, bukan diletakkan di folder OPD.",
    ),
    *EXPORT_CAUSES,
]
GENERAL_FIX = "Perbaiki nilai itu di berkas dan serahkan lagi; baris ini disimpan di karantina."


# an export column's role as the office names it
_ROLES = {"budget": "anggaran", "realized": "realisasi"}


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
        groups = {k: _ROLES.get(v, v) or "" for k, v in match.groupdict().items()}
        meant = groups.get("meant")
        causes.append(_misspelt(meant) if meant else cause.format(**groups))
        if fix.format(**groups) not in fixes:
            fixes.append(fix.format(**groups))
    if not causes:
        return reason, GENERAL_FIX
    return "; ".join(causes), " ".join(fixes)
