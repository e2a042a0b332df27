"""The words regional finance offices print on their exports: header labels from the
synonyms they use, title, unit and signature lines. A catalogue for
:mod:`pipelines.synthetic.finance_layouts`, which draws its layouts from it.
"""

from __future__ import annotations

CODE_LABELS = ("Kode Rekening", "KODE", "Kode", "KD REK", "No. Rekening", "Kode Rek")
PART_LABELS = (
    ("Urs", "Bid", "Prog", "Keg", "Sub Keg", "Rekening"),
    ("Urusan", "Bidang", "Program", "Kegiatan", "Sub Kegiatan", "Rek"),
)
JOINED_LABELS = ("Kode / Uraian", "KODE REKENING / URAIAN", "Uraian")
NAME_LABELS = ("Uraian", "URAIAN", "Nama", "Uraian Program/Kegiatan", "Nama Rekening")
BUDGET_LABELS = (
    "Anggaran",
    "ANGGARAN SETELAH PERUBAHAN (Rp)",
    "Pagu",
    "Jumlah Anggaran",
    "APBD-P",
    "Anggaran (Rp)",
)
REALIZED_LABELS = (
    "Realisasi",
    "REALISASI S/D 31 DESEMBER 2024",
    "Realisasi (Rp)",
    "Jumlah Realisasi",
    "Realisasi Anggaran",
)
REMAINDER_LABELS = ("Sisa Anggaran", "LEBIH/KURANG", "Sisa")
PERCENT_LABELS = ("%", "Persentase", "% Realisasi")
UNIT_LINES = ("SKPD : {code} - {name}", "Unit Organisasi : {code} {name}", "OPD : {code} - {name}")
TITLE_LINES = (
    "PEMERINTAH KABUPATEN UJI",
    "LAPORAN REALISASI ANGGARAN PENDAPATAN DAN BELANJA DAERAH",
    "TAHUN ANGGARAN 2024",
    "Periode : 01-01-2024 s/d 31-12-2024",
    "",
    "(dalam rupiah)",
)
# the region an open-data table repeats on every row: (key, label)
REGION_COLUMNS = (
    ("province_code", "kode_provinsi"),
    ("province_name", "nama_provinsi"),
    ("regency_code", "kode_kabupaten_kota"),
    ("regency_name", "nama_kabupaten_kota"),
)
# the original budget and the realisation by period beside the year's figures
PERIOD_LABELS = (
    ("ANGGARAN MURNI", "REALISASI S/D BULAN LALU", "REALISASI BULAN INI"),
    ("Anggaran Sebelum Perubahan", "Realisasi s.d. Triwulan Lalu", "Realisasi Triwulan IV"),
    ("APBD Murni", "Realisasi Sebelumnya", "Realisasi Periode Ini"),
)
PERIOD_BUDGET_LABELS = ("ANGGARAN SETELAH PERUBAHAN", "Anggaran Perubahan", "APBD-P")
PERIOD_REALIZED_LABELS = ("REALISASI S/D BULAN INI", "Realisasi s.d. Triwulan IV", "Realisasi s/d")
FOOTER = (
    "",
    "Kota Uji, 31 Januari 2025",
    "Mengetahui,",
    "Kepala Dinas",
    "",
    "",
    "NAMA PEJABAT",
    "NIP. 19731109 199311 1 001",
)
