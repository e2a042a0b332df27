"""Why a finance export's rows or the export itself were held back, said in Indonesian
for the office: its units and the agency list, its layout (header, columns, declared
layouts), its year, and what it holds. Entries as in :mod:`.ingest_causes`, which
uses them with the reasons of every other delivery.
"""

from __future__ import annotations

import re

# (pattern of the English reason, the cause in Indonesian, the fix); groups fill both
EXPORT_CAUSES: list[tuple[re.Pattern, str, str]] = [
    (
        re.compile(r"unit (?P<code>\S+) '(?P<name>[^']*)' matches no agency of (?P<year>\d{4})"),
        "unit {code} '{name}' pada ekspor keuangan tidak cocok dengan OPD mana pun tahun {year}",
        "Tambahkan kode_skpd {code} pada baris OPD itu di raw/reference/agencies*.csv, "
        "atau daftarkan OPD-nya (kinerja agency add …).",
    ),
    (
        re.compile(
            r"unit (?P<code>\S+) '(?P<name>[^']*)': named like (?P<agency>\S+), whose "
            r"kode_skpd is (?P<listed>\S+), not"
        ),
        "unit {code} '{name}' bernama seperti OPD {agency}, tetapi kode_skpd OPD itu di "
        "daftar {listed}",
        "Bila kode di ekspor benar, perbaiki kode_skpd {agency} di "
        "raw/reference/agencies*.csv; bila bukan, minta BPKAD memperbaiki ekspornya.",
    ),
    (
        re.compile(
            r"unit (?P<code>\S+) '(?P<name>[^']*)': its name matches agencies (?P<agencies>.+?);"
        ),
        "unit {code} '{name}' cocok dengan beberapa OPD ({agencies})",
        "Tambahkan kode_skpd {code} pada OPD yang benar di raw/reference/agencies*.csv.",
    ),
    (
        re.compile(r"no unit \(SKPD\) above it, and its title names several agencies"),
        "ekspor tanpa baris unit (SKPD) dan judulnya menyebut beberapa OPD",
        "Minta BPKAD mengekspor per SKPD, atau dengan baris unit di atas baris-barisnya.",
    ),
    (
        re.compile(r"no unit \(SKPD\) above it, nor an agency of the list in its title"),
        "ekspor tanpa baris unit (SKPD) dan judulnya tidak menyebut OPD dari daftar",
        "Minta BPKAD mengekspor dengan baris unit (SKPD), atau daftarkan OPD-nya.",
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
    (
        re.compile(
            r"(?P<count>\d+) columns read as (?P<role>budget|realized) \((?P<columns>[^)]+)\) "
            r"and none is their total"
        ),
        "{count} kolom terbaca sebagai {role} (kolom {columns}) dan tidak satu pun jumlahnya; "
        "tidak jelas mana angka tahun itu",
        "Nyatakan sekali kolom mana yang dipakai dengan kinerja layout <berkas> "
        "(raw/reference/layouts/); ekspor berikutnya yang berbentuk sama dibaca dengannya.",
    ),
    (
        re.compile(r"(?:sheet '(?P<sheet>[^']*)'|a table) has no header with a name"),
        "lembar {sheet} tidak punya judul kolom uraian (atau SKPD) dan anggaran di 30 baris "
        "pertamanya; baris-barisnya tidak dibaca",
        "Beri lembar itu judul kolom (Kode, Uraian, Anggaran, Realisasi), atau nyatakan "
        "tata letaknya dengan kinerja layout <berkas>.",
    ),
    (
        re.compile(r"the export's (?P<count>\d+) rows give each unit's totals only"),
        "{count} baris ekspor hanya memuat jumlah per SKPD, tanpa program, kegiatan, sub "
        "kegiatan atau rekening",
        "Minta BPKAD mengekspor realisasi per program, kegiatan dan sub kegiatan (LRA per "
        "SKPD atau laporan realisasi SIPD).",
    ),
    (
        re.compile(r"none of the export's (?P<count>\d+) rows is a program"),
        "tidak satu pun dari {count} baris ekspor terbaca sebagai program, kegiatan, sub "
        "kegiatan atau rekening (semuanya terbaca sebagai judul atau jumlah); kolom kodenya "
        "tidak dikenali",
        "Nyatakan tata letaknya sekali dengan kinerja layout <berkas> (raw/reference/layouts/), "
        "atau minta BPKAD mengekspor dengan kode lengkap dalam satu kolom.",
    ),
    (
        re.compile(
            r"its title states tahun anggaran (?P<stated>\d{4}), not the fiscal year "
            r"(?P<year>\d{4}) of its folder"
        ),
        "judul ekspor menyebut tahun anggaran {stated}, bukan tahun {year} foldernya",
        "Pindahkan berkas ke raw/{stated}/keuangan/, atau minta ekspor tahun {year}.",
    ),
    (
        re.compile(
            r"its period runs to (?P<date>\S+), not in the fiscal year (?P<year>\d{4}) "
            r"of its folder"
        ),
        "periode ekspor sampai {date}, di luar tahun {year} foldernya",
        "Letakkan berkas di folder tahun periodenya, atau minta ekspor tahun {year}.",
    ),
    (
        re.compile(
            r"'(?P<code>[^']*)' is not a (?:budget or account|program/kegiatan/sub "
            r"kegiatan|account \(rekening\)) code"
        ),
        "kode '{code}' bukan kode program, kegiatan, sub kegiatan atau rekening yang dikenali",
        "Periksa kolom kode ekspor (Permendagri 90/2019: 1.02.01.2.01.0001, rekening "
        "5.1.02.01.01.0024); bila kolomnya salah dikenali, nyatakan tata letaknya dengan "
        "kinerja layout <berkas>.",
    ),
    (
        re.compile(r"a row of (?P<printed>\d{4}) in the (?P<year>\d{4}) folder"),
        "baris tahun {printed} di folder tahun {year}; setiap folder hanya membaca baris "
        "tahunnya sendiri",
        "Salin berkas ini juga ke raw/{printed}/keuangan/ agar baris tahun {printed} dimuat "
        "di sana.",
    ),
    (
        re.compile(r"spending type '(?P<name>[^']*)' is not in the account type list"),
        "jenis belanja '{name}' tidak ada dalam daftar jenis belanja",
        "Tulis jenis belanja dengan nama baku (mis. Belanja Pegawai, Belanja Barang dan "
        "Jasa, Belanja Modal), atau tambahkan ke sql/seeds/account_types.csv bila memang "
        "jenis baru.",
    ),
    (
        re.compile(r"(?P<declaration>\S+\.yml) no longer fits"),
        "tata letak yang dinyatakan di {declaration} tidak cocok lagi dengan ekspor ini",
        "Perbaiki deklarasi itu di raw/reference/layouts/, atau pindahkan dan tulis yang "
        "baru dengan kinerja layout <berkas>.",
    ),
    (
        re.compile(r"declared in (?P<declaration>\S+), which is not finished"),
        "deklarasi tata letak {declaration} belum selesai",
        "Lengkapi peran setiap kolom di deklarasi itu (raw/reference/layouts/), lalu "
        "jalankan lagi.",
    ),
]
