"""The office's XLSX template: instructions first, then one sheet per contract table.

A blank template is what a clerk fills alone: the ``petunjuk`` sheet comes first and
speaks Indonesian only; each data sheet has an example row (row 2, ``tahun`` =
``contoh``, which ingest skips), ``tahun`` and ``kode_opd`` filled in and checked,
codes formatted as text so Excel does not turn ``8.01`` into a number, a dropdown for
every closed list, and columns wide enough for their headers. ``write_workbook`` with
``rows`` writes the same sheets filled (the synthetic generator), without example.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl
import xlsxwriter

from pipelines.lib.contract import ENTITIES, MONTH_NAMES

INSTRUCTIONS_SHEET = "petunjuk"
LISTS_SHEET = "daftar"  # the dropdowns' choices, hidden: no data
TEMPLATE_SHEETS = frozenset({INSTRUCTIONS_SHEET, LISTS_SHEET})  # never read as data
EXAMPLE_MARK = "contoh"  # the tahun cell of a template's example row
PREFILLED_ROWS = 500  # rows of a blank template with tahun and kode_opd filled in
_LEVELS = ["program", "kegiatan", "sub kegiatan", "sasaran"]
_PERIODS = [m.title() for m in MONTH_NAMES] + ["TW I", "TW II", "TW III", "TW IV"]
_TEXT_KINDS = (
    "budget_code",
    "account_code",
    "program_codes",
    "agency",
    "text",
    "measure",
    "reported_value",
)
_FILL_STEPS = (
    "1. Isi satu lembar (sheet) per tabel laporan; baris 1 adalah judul kolom, jangan diubah.",
    "2. Baris 2 (huruf miring, tahun = contoh) adalah contoh pengisian: tidak dibaca. "
    "Mulai mengisi di baris 3.",
    "3. Kolom tahun dan kode_opd sudah terisi; baris yang hanya berisi keduanya tidak dibaca.",
    "4. Angka ditulis seperti di laporan: 12.588.628.067,00 atau Rp. 1.695.170.000,- ; "
    "persen 90,04 atau 90,04%.",
    "5. Kode ditulis sebagai teks: 8.01.01 / 8.01.01.2.01 / 8.01.01.2.01.0001; "
    "kode akun belanja 5.1.01.",
    "6. Kolom berpanah (dropdown) hanya menerima pilihan dari daftarnya.",
    "7. Lembar anggaran, belanja, kinerja dan ringkasan wajib; realisasi_periode dan skala "
    "diisi bila laporan memuatnya.",
    "8. Simpan sebagai .xlsx dan kirim berkasnya ke Bappeda; Bappeda mengirim tanda "
    "terima yang menyebut baris yang perlu diperbaiki.",
)
# what each column holds, in Indonesian, by "<sheet>.<header>" (or the header alone)
HINTS = {
    "tahun": "Tahun anggaran laporan (sudah terisi).",
    "kode_opd": "Kode OPD dari daftar OPD Bappeda (sudah terisi).",
    "anggaran.level": "program / kegiatan / sub kegiatan; sasaran bila laporan memberi "
    "anggaran per sasaran.",
    "anggaran.kode": "Kode program/kegiatan/sub kegiatan; kosongkan bila laporan hanya "
    "mencetak nama.",
    "anggaran.nama": "Nama program/kegiatan/sub kegiatan seperti tercetak.",
    "anggaran.anggaran": "Anggaran setelah perubahan (Rp).",
    "anggaran.realisasi_keuangan": "Realisasi keuangan (Rp).",
    "anggaran.realisasi_fisik_persen": "Realisasi fisik (%), bila ada.",
    "anggaran.persen_dilaporkan": "Persentase realisasi keuangan seperti tercetak.",
    "anggaran.induk": "Kode atau nama baris induknya; kosong: baris tingkat di atasnya yang "
    "tercetak sebelumnya.",
    "anggaran.kode_asli": "Kode seperti tercetak dalam nomenklatur lama (baris dihitung tanpa "
    "kode).",
    "anggaran.no_sasaran": "Nomor sasaran strategis, hanya untuk baris tingkat sasaran.",
    "belanja.kode_akun": "Kode akun jenis belanja: 5.1.01 pegawai, 5.1.02 barang dan jasa, "
    "5.2 modal …",
    "belanja.jenis_belanja": "Nama jenis belanja.",
    "belanja.anggaran": "Anggaran jenis belanja (Rp).",
    "belanja.realisasi": "Realisasi jenis belanja (Rp).",
    "belanja.kode_sub_kegiatan": "Sub kegiatan tempat belanja itu, bila sumbernya "
    "menyebutkan; kosong untuk total per jenis.",
    "kinerja.no_sasaran": "Nomor sasaran strategis (1, 2, 3 …).",
    "kinerja.sasaran": "Rumusan sasaran strategis.",
    "kinerja.no_indikator": "Nomor indikator di dalam sasarannya (1, 2 …).",
    "kinerja.indikator": "Indikator kinerja.",
    "kinerja.satuan": "Satuan: %, dokumen, orang, indeks …",
    "kinerja.polaritas": "positif = makin tinggi makin baik; negatif = makin rendah makin baik.",
    "kinerja.target": "Target seperti tercetak.",
    "kinerja.realisasi": "Realisasi seperti tercetak.",
    "kinerja.kode_program": "Kode program yang mendanai sasaran, dipisah titik koma (;).",
    "kinerja.capaian_dilaporkan": "% capaian seperti tercetak.",
    "kinerja.kategori_dilaporkan": "Kategori seperti tercetak (Sangat Baik, Baik …).",
    "kinerja.capaian_tahun_lalu": "% capaian tahun lalu seperti tercetak.",
    "kinerja.capaian_renstra": "% capaian terhadap target akhir Renstra seperti tercetak.",
    "kinerja.target_akhir_renstra": "Target akhir periode Renstra (kondisi akhir).",
    "kinerja.cara_agregasi": "Cara realisasi tahunan dihitung dari realisasi_periode: jumlah, "
    "nilai_akhir atau rata_rata.",
    "realisasi_periode.no_sasaran": "Nomor sasaran strategis.",
    "realisasi_periode.no_indikator": "Nomor indikator di dalam sasarannya.",
    "realisasi_periode.periode": "Bulan (Januari … Desember) atau triwulan (TW I … TW IV).",
    "realisasi_periode.realisasi": "Realisasi periode itu seperti tercetak.",
    "ringkasan.cakupan": "opd, sasaran atau program.",
    "ringkasan.kunci": "Nomor sasaran atau kode program; kosong untuk opd.",
    "ringkasan.ukuran": "Apa nilainya: anggaran, realisasi, serapan_persen, efisiensi …",
    "ringkasan.nilai": "Nilai seperti tercetak.",
    "ringkasan.sumber": "Tempatnya di laporan (Ikhtisar Eksekutif, Tabel 3.7 …).",
    "skala.urutan": "Urutan kategori, 1 = terbaik.",
    "skala.kategori": "Nama kategori seperti tercetak.",
    "skala.batas_bawah": "Batas bawah (%).",
    "skala.batas_atas": "Batas atas (%).",
    "skala.teks_skala": "Rentang seperti tercetak (75-100%).",
    "skala.ukuran": "capaian (bawaan) atau serapan.",
}
# one example row per sheet, from the real LKjIP 2022 of Badan Kesbangpol Muba
EXAMPLES = {
    "anggaran": [
        "program",
        "8.01.01",
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        "7.538.511.627,00",
        "6.946.518.664,00",
        "100,00",
        "92,15",
    ],
    "belanja": ["5.1.01", "Belanja Pegawai", "Rp. 4.644.143.000,-", "Rp. 4.248.443.909,-"],
    "kinerja": [
        "1",
        "Meningkatnya stabilitas keamanan dan ketertiban masyarakat",
        "1",
        "Persentase potensi konflik yang ditindaklanjuti",
        "%",
        "positif",
        "100%",
        "100%",
        "8.01.06",
        "100",
        "Baik",
        "117",
        "100",
        "100",
    ],
    "realisasi_periode": ["1", "1", "TW I", "25%"],
    "ringkasan": ["opd", "", "anggaran", "Rp. 12.588.628.067,-", "Ikhtisar Eksekutif"],
    "skala": ["1", "Sangat Baik", "100", "", "Lebih dari 100%", "capaian"],
}


def hint(sheet: str, header: str) -> str:
    return HINTS.get(f"{sheet}.{header}") or HINTS[header]


def _choices(column, account_codes: Sequence[str], fiscal_year: int, agency_id: str) -> list[str]:
    """What a column's dropdown offers; empty for a column of free input."""
    if column.kind == "year":
        return [str(fiscal_year)]
    if column.kind == "agency":
        return [agency_id]
    if column.kind == "level":
        return _LEVELS
    if column.kind == "account_code":
        return list(account_codes)
    if column.header == "periode":
        return _PERIODS
    return list(column.choices)


def write_workbook(
    path: Path,
    agency_id: str,
    agency_name: str,
    fiscal_year: int,
    rows: Mapping[str, Sequence[Sequence[object]]] | None = None,
    note: str | None = None,
    created: dt.datetime | None = None,
    account_codes: Sequence[str] = (),
) -> Path:
    """Write the template for one agency-year; ``rows`` maps sheet → rows of values
    (then no example row and nothing prefilled). ``account_codes`` fill the dropdown of
    ``kode_akun``. ``created`` fixes the document date, so the same rows give the same
    bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    blank = rows is None
    # data is never a formula: a name starting with = + - @ stays text
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    title = f"LKjIP {agency_name} {fiscal_year}"
    workbook.set_properties({"title": title, "created": created or dt.datetime.now(dt.UTC)})
    header, text, example, wrap, bold = _formats(workbook)
    guide = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    lists_sheet = workbook.add_worksheet(LISTS_SHEET)
    lists_sheet.hide()  # the dropdowns read it; the clerk never needs to
    lists: dict[str, str] = {}  # a closed list → its range on the lists sheet
    for entity in ENTITIES:
        sheet = workbook.add_worksheet(entity.sheet)
        sheet_rows = (rows or {}).get(entity.sheet, [])
        widths = [_column_width(column) for column in entity.columns]
        _set_print_layout(sheet, widths, len(sheet_rows))
        for index, (column, width) in enumerate(zip(entity.columns, widths, strict=True)):
            sheet.write_string(0, index, column.header, header)
            cell_format = text if column.kind in _TEXT_KINDS or column.kind == "year" else None
            sheet.set_column(index, index, width, cell_format)
            if blank:
                sheet.write_comment(0, index, hint(entity.sheet, column.header))
                choices = _choices(column, account_codes, fiscal_year, agency_id)
                if choices:
                    key = ",".join(choices)
                    if key not in lists:
                        lists[key] = _write_list(
                            lists_sheet, len(lists), column.header, choices, bold
                        )
                    _add_dropdown(sheet, index, column.header, choices, lists[key])
        if blank:
            _prefill(sheet, entity.sheet, agency_id, fiscal_year, example, text)
        for row_index, row in enumerate(sheet_rows, start=1):
            for col_index, value in enumerate(row):
                if value is not None:
                    sheet.write_string(row_index, col_index, str(value))
    _write_guide(guide, agency_id, agency_name, fiscal_year, note, bold, wrap)
    guide.activate()
    workbook.close()
    return path


def _set_print_layout(sheet, widths: list[int], rows_in_use: int) -> None:
    """A4 landscape, the header on every page, only the rows in use printed (not the
    500 prefilled with tahun and kode_opd); as many pages wide as keep the type legible
    (a wide sheet shrunk onto one A4 page printed at 2,5 pt)."""
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(math.ceil(sum(widths) / PRINT_WIDTH), 0)
    sheet.repeat_rows(0)
    sheet.print_area(0, 0, 1 + rows_in_use, len(widths) - 1)


def _formats(workbook) -> tuple:
    """Header, text input, greyed example, wrapped and bold cells."""
    return (
        workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        workbook.add_format({"num_format": "@"}),
        workbook.add_format({"italic": True, "font_color": "#7F7F7F", "num_format": "@"}),
        workbook.add_format({"text_wrap": True, "valign": "top"}),
        workbook.add_format({"bold": True, "valign": "top"}),
    )


def _prefill(sheet, name: str, agency_id: str, fiscal_year: int, example, text) -> None:
    """A greyed example row, then tahun and kode_opd filled on every input row."""
    for col_index, value in enumerate([EXAMPLE_MARK, agency_id, *EXAMPLES[name]]):
        sheet.write_string(1, col_index, value, example)
    for row_index in range(2, PREFILLED_ROWS + 2):
        sheet.write_string(row_index, 0, str(fiscal_year), text)
        sheet.write_string(row_index, 1, agency_id, text)


def _add_dropdown(sheet, index: int, header: str, choices: list[str], source: str) -> None:
    """A column's input rows accept only its list, named in the refusal."""
    sheet.data_validation(
        2,
        index,
        PREFILLED_ROWS + 1,
        index,
        {
            "validate": "list",
            "source": source,
            "error_title": header,
            "error_message": "Pilih dari daftar: " + ", ".join(choices)[:200],
        },
    )


# the columns' width (characters) one A4 landscape page prints at about 7 pt or more
PRINT_WIDTH = 160


def _column_width(column) -> int:
    """A column wide enough for its header; a name or a printed figure wider."""
    width = {"text": 30, "measure": 16}.get(column.kind, 12)
    return max(width, len(column.header) + 2)


def _write_list(lists, number: int, header: str, choices: list[str], bold) -> str:
    """A dropdown's choices in a column of the hidden lists sheet (a list typed into the
    validation itself may not pass 255 characters); returns its absolute range."""
    lists.write_string(0, number, header, bold)
    for row, choice in enumerate(choices, start=1):
        lists.write_string(row, number, choice)
    letter = xlsxwriter.utility.xl_col_to_name(number)
    return f"={LISTS_SHEET}!${letter}$2:${letter}${len(choices) + 1}"


def _write_guide(guide, agency_id, agency_name, fiscal_year, note, bold, wrap) -> None:
    guide.set_column(0, 0, 30, bold)
    guide.set_column(1, 1, 95, wrap)
    lines = [
        ("OPD", f"{agency_name} ({agency_id})"),
        ("Tahun anggaran", str(fiscal_year)),
        # a step per row: one cell of eight lines shows its first two in LibreOffice
        *((("Cara mengisi" if n == 0 else ""), step) for n, step in enumerate(_FILL_STEPS)),
    ]
    if note:
        lines.insert(0, ("Catatan", note))
    lines.append(("", ""))
    lines.append(("Kolom", "Isinya"))
    for entity in ENTITIES:
        for column in entity.columns:
            lines.append((f"{entity.sheet}.{column.header}", hint(entity.sheet, column.header)))
    for row_index, (key, value) in enumerate(lines):
        guide.write_string(row_index, 0, key)
        guide.write_string(row_index, 1, value)
    guide.set_landscape()
    guide.set_paper(9)
    guide.fit_to_pages(1, 0)


def without_template_rows(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """A template sheet's rows without its example row and the rows holding nothing but
    the prefilled tahun and kode_opd; and how many were dropped."""
    if "tahun" not in frame.columns:
        return frame, 0
    data = [
        name
        for name, dtype in frame.schema.items()
        if dtype == pl.String and not name.startswith("_") and name not in ("tahun", "kode_opd")
    ]
    example = pl.col("tahun").str.strip_chars().str.to_lowercase() == EXAMPLE_MARK
    empty = pl.all_horizontal(
        [pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in data]
    )
    unused = (example.fill_null(False) | empty) if data else example.fill_null(False)
    kept = frame.filter(~unused)
    return kept, frame.height - kept.height
