"""The six export layouts regional finance offices were seen to send (issue "Real
sources as they come I"), written here as they print them, each read by its headers
into the figures it holds."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pipelines.lib.finance.export_rows import finance_tables
from pipelines.lib.finance.shapes import BY_HEADERS, read_export
from pipelines.synthetic.finance import account_rows
from tests.lib.test_finance import UNIT, _agencies, _unit

FIXTURES = Path(__file__).parents[1] / "fixtures" / "finance-layouts"


def _ledger_rows() -> list[tuple[str, str, Decimal, Decimal]]:
    rows = []
    for line in _unit().lines:
        rows.append((line.code, line.name, line.budget, line.realized))
        rows += [(c, n, b, r) for c, n, b, r, _ in account_rows(line.accounts)]
    return rows


def _id(value: Decimal) -> str:
    whole, _, cents = f"{value:.2f}".partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + cents


def _tables(path: Path, known_accounts, agencies=None):
    export = read_export(path)
    agencies = _agencies() if agencies is None else agencies
    return export, finance_tables(export, 2024, agencies, known_accounts)


def _lra_csv(path: Path, header: str, amounts, footer: str = "") -> Path:
    """The seed ledger as an LRA in CSV under its 'SKPD :' line: ``header``, then each
    line's code, name and the cells ``amounts(budget, realized)`` prints."""
    rows = "".join(
        f"{code};{name};{';'.join(amounts(budget, realized))}\n"
        for code, name, budget, realized in _ledger_rows()
    )
    path.write_text(f"SKPD : {UNIT} - Dinas Kesehatan\n{header}\n{rows}{footer}", encoding="utf-8")
    return path


def _assert_seed_lines(export, tables):
    assert export.shape.startswith(BY_HEADERS)
    assert tables.problems.is_empty(), tables.problems.to_dicts()[:3]
    assert tables.budget_lines.select("level", "kode", "anggaran", "realisasi_keuangan").rows() == [
        ("program", "1.02.01", "2000,00", "1800,00"),
        ("kegiatan", "1.02.01.2.01", "2000,00", "1800,00"),
        ("sub kegiatan", "1.02.01.2.01.0001", "2000,00", "1800,00"),
    ]
    assert tables.spending_lines.select("kode_akun", "anggaran").rows() == [
        ("5.1.02", "600,00"),
        ("5.1.02", "400,00"),
        ("5.2.02", "1000,00"),
    ]
    assert set(tables.budget_lines["kode_opd"]) == {"tst-dinkes"}


def simda_workbook(path: Path) -> Path:
    """SIMDA-style LRA: title block, Organisasi / Sub Unit lines, KODE merged over six
    columns on a two-row merged header, numbering row, a JUMLAH BELANJA line."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "LRA"
    sheet.append(["PEMERINTAH KABUPATEN UJI"])
    sheet.append(["LAPORAN REALISASI ANGGARAN"])
    sheet.append(["TAHUN ANGGARAN 2024"])
    sheet.append([])
    sheet.append(["Organisasi", ":", "1.02 - DINAS KESEHATAN"])
    sheet.append(["Sub Unit Organisasi", ":", f"{UNIT} - Dinas Kesehatan"])
    sheet.append([])
    sheet.append(
        [
            "KODE",
            None,
            None,
            None,
            None,
            None,
            "URAIAN",
            "ANGGARAN SETELAH PERUBAHAN (Rp)",
            "REALISASI (Rp)",
            "SISA ANGGARAN (Rp)",
            "%",
        ]
    )
    top = sheet.max_row  # the KODE row just written
    sheet.append(["Urs", "Bid", "Prog", "Keg", "Sub Keg", "Rekening"])
    sheet.merge_cells(start_row=top, start_column=1, end_row=top, end_column=6)
    for column in range(7, 12):
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    sheet.append(list(range(1, 12)))
    for code, name, budget, realized in _ledger_rows():
        if code.startswith("5"):
            parts = ["", "", "", "", "", code]
        else:
            s = code.split(".")
            parts = [
                s[0],
                s[1],
                s[2],
                ".".join(s[3:5]) if len(s) > 3 else "",
                s[5] if len(s) > 5 else "",
                "",
            ]
        sheet.append(
            [
                *parts,
                name,
                float(budget),
                float(realized),
                float(budget - realized),
                round(float(realized / budget * 100), 2),
            ]
        )
    sheet.append(["", "", "", "", "", "", "JUMLAH BELANJA", 2000.0, 1800.0, 200.0, 90.0])
    sheet.append([])
    sheet.append(["", "", "", "", "", "", "Mengetahui,"])
    sheet.append(["", "", "", "", "", "", "Kepala Dinas Kesehatan"])
    sheet.append(["", "", "", "", "", "", "NIP. 19731109 199311 1 001"])
    book.save(path)
    return path


def accounts_only_lra(path: Path) -> Path:
    """An LRA per SKPD of accounts only, the SKPD named in the title alone, header
    KD REK | URAIAN | JUMLAH ANGGARAN | REALISASI S/D … | LEBIH/KURANG | %, signatures."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["LAPORAN REALISASI ANGGARAN DINAS KESEHATAN"])
    sheet.append(["TAHUN ANGGARAN 2024"])
    sheet.append([])
    sheet.append(
        [
            "KD REK",
            "URAIAN",
            "JUMLAH ANGGARAN",
            "REALISASI S/D 31 DESEMBER 2024",
            "LEBIH/KURANG",
            "%",
        ]
    )
    for code, name, budget, realized in _ledger_rows():
        if code.startswith("5"):
            sheet.append([code, name, _id(budget), _id(realized), _id(budget - realized), ""])
    sheet.append([])
    sheet.append(["", "Sekayu, 15 Januari 2025"])
    sheet.append(["", "Kepala Dinas Kesehatan"])
    book.save(path)
    return path


def open_data_programs(path: Path) -> Path:
    """Open data: one row per OPD × program, semicolons, comma decimals, two OPDs."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "tahun",
                "kode_opd",
                "nama_opd",
                "kode_program",
                "nama_program",
                "pagu",
                "realisasi",
                "persentase",
            ]
        )
        writer.writerow(
            [
                "2024",
                UNIT,
                "Dinas Kesehatan",
                "1.02.01",
                "PROGRAM PENUNJANG",
                "2000,00",
                "1800,00",
                "90,00",
            ]
        )
        writer.writerow(
            [
                "2024",
                "1.02.0.00.0.00.02.0000",
                "Dinas Kedua",
                "1.02.02",
                "PROGRAM KEDUA",
                "500,00",
                "250,00",
                "50,00",
            ]
        )
    return path


def sipd_workbook(path: Path) -> Path:
    """SIPD realisation saved by Excel: six title rows with SKPD and Periode, one
    header, every code in one column, amounts stored as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    for line in [
        "PEMERINTAH KABUPATEN UJI",
        "LAPORAN REALISASI ANGGARAN",
        f"SKPD : {UNIT} - Dinas Kesehatan",
        "Periode : 01-01-2024 s/d 31-12-2024",
        "",
        "",
    ]:
        sheet.append([line])
    sheet.append(["Kode", "Uraian", "Anggaran", "Realisasi", "Sisa Anggaran", "Persentase"])
    for code, name, budget, realized in _ledger_rows():
        sheet.append([code, name, _id(budget), _id(realized), _id(budget - realized), "90,00"])
    book.save(path)
    return path


def html_two_units(path: Path) -> Path:
    """HTML as .xls, 7 cells a row, a bold SKPD heading per unit, two SKPDs of which
    one is in no agency list."""
    out = [
        "<html><body><h3>REALISASI BELANJA PER SKPD TAHUN 2024</h3><table border=1>",
        "<tr><th>No</th><th>Kode</th><th>Uraian</th><th>Anggaran</th><th>Realisasi</th>"
        "<th>Sisa</th><th>%</th></tr>",
    ]
    number = 0
    for unit_code, unit_name in (
        (UNIT, "Dinas Kesehatan"),
        ("9.99.0.00.0.00.01.0000", "Kantor Tak Terdaftar"),
    ):
        out.append(
            f"<tr><td></td><td><b>{unit_code}</b></td><td><b>{unit_name}</b></td>"
            "<td>2.000,00</td><td>1.800,00</td><td>200,00</td><td>90,00</td></tr>"
        )
        for code, name, budget, realized in _ledger_rows():
            number += 1
            out.append(
                f"<tr><td>{number}</td><td>{code}</td><td>{name}</td><td>{_id(budget)}"
                f"</td><td>{_id(realized)}</td><td>{_id(budget - realized)}</td>"
                "<td>90,00</td></tr>"
            )
    out.append("</table></body></html>")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def regional_open_data(path: Path) -> Path:
    """Regional open data: a key/value title block, English-locale numbers, a
    negative in parentheses."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Judul", "Realisasi Belanja Dinas Kesehatan"])
        writer.writerow(["Tahun", "2024"])
        writer.writerow(["Sumber", "BPKAD"])
        writer.writerow([])
        writer.writerow(["Kode Rekening", "Uraian", "Anggaran", "Realisasi", "Selisih"])
        for code, name, budget, realized in _ledger_rows():
            writer.writerow(
                [
                    code,
                    name,
                    f"{budget:,.2f}",
                    f"{realized:,.2f}",
                    f"({budget - realized:,.2f})" if code == "5.2" else f"{budget - realized:,.2f}",
                ]
            )
    return path


def test_simda_style_workbook(tmp_path, known_accounts):
    _assert_seed_lines(*_tables(simda_workbook(tmp_path / "lra.xlsx"), known_accounts))


def test_sipd_workbook_with_text_amounts(tmp_path, known_accounts):
    export, tables = _tables(sipd_workbook(tmp_path / "sipd.xlsx"), known_accounts)
    _assert_seed_lines(export, tables)
    assert export.period_end == dt.date(2024, 12, 31)


def test_accounts_only_lra_with_the_unit_in_its_title(tmp_path, known_accounts):
    export, tables = _tables(accounts_only_lra(tmp_path / "lra.xlsx"), known_accounts)
    assert tables.problems.is_empty(), tables.problems.to_dicts()[:2]
    assert tables.budget_lines.is_empty()
    assert tables.spending_lines.select("kode_opd", "kode_akun", "anggaran").rows() == [
        ("tst-dinkes", "5.1.02", "600,00"),
        ("tst-dinkes", "5.1.02", "400,00"),
        ("tst-dinkes", "5.2.02", "1000,00"),
    ]
    assert export.period_end == dt.date(2024, 12, 31)


def test_open_data_of_programs_per_opd(tmp_path, known_accounts):
    agencies = pl.concat(
        [
            _agencies(),
            _agencies("1.02.0.00.0.00.02.0000", "Dinas Kedua").with_columns(
                agency_id=pl.lit("tst-kedua")
            ),
        ]
    )
    _, tables = _tables(open_data_programs(tmp_path / "opd.csv"), known_accounts, agencies)
    assert tables.problems.is_empty()
    assert tables.budget_lines.select("kode_opd", "level", "kode", "anggaran").rows() == [
        ("tst-dinkes", "program", "1.02.01", "2000,00"),
        ("tst-kedua", "program", "1.02.02", "500,00"),
    ]


def test_open_data_of_sub_kegiatan_with_their_program_and_kegiatan(tmp_path, known_accounts):
    """One row per sub kegiatan, its program's and kegiatan's codes and names beside it
    (a regional open-data table): each row is its sub kegiatan, never the three codes
    run together; the agency-year's totals then come from the sub kegiatan."""
    path = tmp_path / "subkegiatan.csv"
    head = "tahun;kode_skpd;nama_skpd;kode_program;nama_program;kode_kegiatan;nama_kegiatan;"
    path.write_text(
        head + "kode_sub_kegiatan;nama_sub_kegiatan;pagu;realisasi\n"
        f"2024;{UNIT};Dinas Kesehatan;1.02.01;PROGRAM PENUNJANG;1.02.01.2.01;Perencanaan;"
        "1.02.01.2.01.0001;Penyusunan Dokumen;1200,00;1100,00\n"
        f"2024;{UNIT};Dinas Kesehatan;1.02.01;PROGRAM PENUNJANG;1.02.01.2.01;Perencanaan;"
        "1.02.01.2.01.0002;Koordinasi;800,00;700,00\n",
        encoding="utf-8",
    )
    export, tables = _tables(path, known_accounts)
    assert export.shape.startswith(BY_HEADERS)
    assert tables.problems.is_empty(), tables.problems.to_dicts()[:3]
    lines = tables.budget_lines.select("level", "kode", "nama", "anggaran").rows()
    assert lines == [
        ("sub kegiatan", "1.02.01.2.01.0001", "Penyusunan Dokumen", "1200,00"),
        ("sub kegiatan", "1.02.01.2.01.0002", "Koordinasi", "800,00"),
    ]


def test_html_of_two_units_one_unknown(tmp_path, known_accounts):
    _, tables = _tables(html_two_units(tmp_path / "realisasi.xls"), known_accounts)
    assert set(tables.budget_lines["kode_opd"]) == {"tst-dinkes"}
    assert tables.budget_lines.height == 3
    unknown = tables.problems.filter(pl.col("value") == "9.99.0.00.0.00.01.0000")
    assert unknown.height == len(_ledger_rows())  # each of its rows, named with the fix
    assert "add kode_skpd 9.99.0.00.0.00.01.0000" in unknown["reason"][0]


def test_regional_open_data_in_english_numbers(tmp_path, known_accounts):
    export, tables = _tables(regional_open_data(tmp_path / "data.csv"), known_accounts)
    assert tables.problems.is_empty()
    _assert_seed_lines(export, tables)


@pytest.mark.parametrize("name", ["lra-simda.xls", "lra-simda.ods"])
def test_binary_excel_and_opendocument_read_alike(name, known_accounts):
    """Fixtures saved by LibreOffice from the SIMDA-style workbook above."""
    _assert_seed_lines(*_tables(FIXTURES / name, known_accounts))


def test_a_pdf_is_told_for_what_it_is(tmp_path):
    from pipelines.lib.readers import UnreadableFileError

    path = tmp_path / "lra.xls"
    path.write_bytes(b"%PDF-1.4\n...")
    with pytest.raises(UnreadableFileError, match="a PDF, not an export"):
        read_export(path)


def test_two_budget_columns_of_no_total_are_refused_with_what_was_seen(tmp_path):
    from pipelines.lib.finance.header_band import LayoutUndecided

    path = tmp_path / "x.csv"
    path.write_text(
        "Kode;Uraian;Anggaran;Anggaran;Realisasi\n1.02.01;Program;1.000,00;2.000,00;900,00\n",
        encoding="utf-8",
    )
    with pytest.raises(LayoutUndecided, match=r"2 columns read as budget \(C, D\)"):
        read_export(path)


LEGACY_LRA = """PEMERINTAH KABUPATEN UJI
LAPORAN REALISASI ANGGARAN TAHUN 2024
SKPD : Dinas Kesehatan

Kode Rekening;Uraian;Anggaran;Realisasi
1.02.1.02.01.01;Program Pelayanan Administrasi Perkantoran;3.000,00;2.700,00
1.02.1.02.01.01.01;Penyediaan Jasa Surat Menyurat;3.000,00;2.700,00
1.02.1.02.01.01.01.5.2;Belanja Langsung;3.000,00;2.700,00
1.02.1.02.01.01.01.5.2.1.;Belanja Pegawai;1.000,00;900,00
1.02.1.02.01.01.01.5.2.2.01;Belanja Bahan Pakai Habis;1.500,00;1.400,00
1.02.1.02.01.01.01.5.2.3.01;Belanja Modal Pengadaan Komputer;500,00;400,00
1.02.1.02.01.07;Peningkatan Kapasitas Aparatur;1.000,00;800,00
"""


def test_simda_legacy_codes_are_read_into_kode_asli_levels_and_spending_types(
    tmp_path, known_accounts
):
    """Permendagri 13/2006 codes run together: a program by its name, a kegiatan one
    group under it, accounts by their part; spending types of today by the 13/2006
    group (5.2.1 pegawai, 5.2.2 barang dan jasa, 5.2.3 modal)."""
    path = tmp_path / "lra.csv"
    path.write_text(LEGACY_LRA, encoding="utf-8")
    _, tables = _tables(path, known_accounts)
    lines = tables.budget_lines.select("level", "kode", "kode_asli", "anggaran").rows()
    assert lines == [
        ("program", "", "1.02.1.02.01.01", "3000,00"),
        ("kegiatan", "", "1.02.1.02.01.01.01", "3000,00"),
    ]
    assert tables.spending_lines.select("kode_akun", "anggaran", "kode_sub_kegiatan").rows() == [
        ("5.1.01", "1000,00", "1.02.1.02.01.01.01"),
        ("5.1.02", "1500,00", "1.02.1.02.01.01.01"),
        ("5.2", "500,00", "1.02.1.02.01.01.01"),
    ]
    subtotal = tables.subtotals.filter(pl.col("role") == "subtotal").to_dicts()
    assert [(r["code"], r["leaves_budget_idr"]) for r in subtotal] == [("5.2", Decimal(3000))]
    (problem,) = tables.problems.to_dicts()  # no Program word, not under the program above
    assert problem["value"] == "1.02.1.02.01.07"
    assert "13/2006 code whose level cannot be told" in problem["reason"]


def test_a_legacy_export_loads_with_its_codes_kept_as_printed(fixture_raw, known_accounts):
    from pipelines.lib.ingest import ingest_raw_tree
    from pipelines.lib.reference import read_agencies

    exports = fixture_raw / "2022" / "keuangan"
    exports.mkdir()
    (exports / "lra-2022.csv").write_text(
        LEGACY_LRA.replace("2024", "2022").replace("Dinas Kesehatan", "Badan Uji Alpha"),
        encoding="utf-8",
    )
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    lines = frames["budget_lines"].filter(pl.col("source_file") == "2022/keuangan/lra-2022.csv")
    assert lines.select("level", "code", "original_code").rows() == [
        ("program", None, "1.02.1.02.01.01"),
        ("activity", None, "1.02.1.02.01.01.01"),
    ]
    spending = frames["spending_lines"].filter(
        pl.col("source_file") == "2022/keuangan/lra-2022.csv"
    )
    assert sorted(spending["account_code"]) == ["5.1.01", "5.1.02", "5.2"]
    kept = frames["quarantine"].filter(pl.col("source_file") == "2022/keuangan/lra-2022.csv")
    assert kept["source_row"].to_list() == [12]


def test_open_data_of_spending_types_per_opd_with_region_columns(tmp_path, known_accounts):
    """A provincial open-data table: one row per OPD and spending type by name, the
    province and regency repeated on every row, the unit by name only. The region
    columns are neither the line's code nor its name; each type is its account code."""
    path = tmp_path / "belanja-per-opd.csv"
    path.write_text(
        "kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,nama_skpd,"
        "jenis_belanja,anggaran,realisasi,satuan,tahun\n"
        "16,SUMATERA SELATAN,1606,KABUPATEN MUSI BANYUASIN,Dinas Kesehatan,"
        "Belanja Pegawai,1200000,1100000,RUPIAH,2024\n"
        "16,SUMATERA SELATAN,1606,KABUPATEN MUSI BANYUASIN,Dinas Kesehatan,"
        "Belanja Modal,800000,500000,RUPIAH,2024\n"
        "16,SUMATERA SELATAN,1606,KABUPATEN MUSI BANYUASIN,Dinas Kesehatan,"
        "Belanja Lain-lain,100,100,RUPIAH,2024\n"
        "16,SUMATERA SELATAN,1606,KABUPATEN MUSI BANYUASIN,Dinas Kesehatan,"
        "Belanja Pegawai,900000,800000,RUPIAH,2023\n",
        encoding="utf-8",
    )
    export, tables = _tables(path, known_accounts)
    assert "region" in export.shape
    assert "spending_type" in export.shape
    assert tables.budget_lines.is_empty()
    assert tables.spending_lines.select("kode_opd", "kode_akun", "anggaran").rows() == [
        ("tst-dinkes", "5.1.01", "1200000,00"),
        ("tst-dinkes", "5.2", "800000,00"),
    ]
    reasons = dict(tables.problems.select("source_row", "reason").rows())
    assert "spending type 'Belanja Lain-lain' is not in the account type list" in reasons[4]
    assert "a row of 2023 in the 2024 folder" in reasons[5]  # never loaded as 2024


def test_sipd_data_of_accounts_with_their_sub_kegiatan_beside_them(tmp_path, known_accounts):
    """SIPD's data download: one row per account, its urusan, bidang, SKPD, sub unit,
    program, kegiatan and sub kegiatan printed beside it (codes and names). Each row is
    its account under its sub kegiatan; the urusan and bidang columns are context."""
    path = tmp_path / "sipd-data.csv"
    head = (
        "kode_urusan,nama_urusan,kode_bidang_urusan,nama_bidang_urusan,kode_skpd,nama_skpd,"
        "kode_sub_unit,nama_sub_unit,kode_program,nama_program,kode_kegiatan,nama_kegiatan,"
        "kode_sub_kegiatan,nama_sub_kegiatan,kode_akun,nama_akun,pagu,realisasi\n"
    )
    line = (
        f"1,URUSAN WAJIB,1.02,KESEHATAN,{UNIT},Dinas Kesehatan,{UNIT},Dinas Kesehatan,"
        "1.02.01,PROGRAM PENUNJANG,1.02.01.2.01,Perencanaan,1.02.01.2.01.0001,Penyusunan,"
    )
    path.write_text(
        head
        + line
        + "5.1.02.01.01.0024,Belanja Alat Tulis Kantor,600.00,500.00\n"
        + line
        + "5.2.02.05.01.0001,Belanja Modal Mebel,1000.00,900.00\n",
        encoding="utf-8",
    )
    export, tables = _tables(path, known_accounts)
    assert export.shape.startswith(BY_HEADERS)
    assert tables.problems.is_empty(), tables.problems.to_dicts()[:3]
    assert tables.spending_lines.select(
        "kode_opd", "kode_akun", "anggaran", "kode_sub_kegiatan"
    ).rows() == [
        ("tst-dinkes", "5.1.02", "600,00", "1.02.01.2.01.0001"),
        ("tst-dinkes", "5.2.02", "1000,00", "1.02.01.2.01.0001"),
    ]


def test_a_recap_of_each_units_totals_beside_their_details_checks_them(tmp_path, known_accounts):
    """A workbook whose first sheet sums each SKPD (Kode SKPD | Nama SKPD | Anggaran …),
    a sheet of notes with figures and no header, then the details: the recap's totals
    are each unit's stated total, set against its programs; the notes' rows are held
    back naming the sheet, never skipped."""
    path = tmp_path / "lra.xlsx"
    book = openpyxl.Workbook()
    recap = book.active
    recap.title = "REKAP"
    recap.append(["REKAPITULASI REALISASI ANGGARAN PER SKPD"])
    recap.append(["No", "Kode SKPD", "Nama SKPD", "Anggaran", "Realisasi"])
    recap.append(["1", UNIT, "Dinas Kesehatan", "2.000,00", "1.800,00"])
    recap.append(["", "", "JUMLAH", "2.000,00", "1.800,00"])
    notes = book.create_sheet("Catatan")
    notes.append(["Belanja yang ditunda", "Rp 5.000.000,00"])
    detail = book.create_sheet("DINKES")
    detail.append([f"SKPD : {UNIT} Dinas Kesehatan"])
    detail.append(["Kode", "Uraian", "Anggaran", "Realisasi"])
    for code, name, budget, realized in _ledger_rows():
        detail.append([code, name, _id(budget), _id(realized)])
    book.save(path)
    export, tables = _tables(path, known_accounts)
    assert "unit_code B, unit_name C" in export.shape
    problems = tables.problems
    assert problems.select("source_sheet", "source_row").rows() == [("Catatan", 1)]
    assert "sheet 'Catatan' has no header" in problems["reason"][0]
    unit = tables.subtotals.filter(pl.col("source_sheet") == "REKAP").row(0, named=True)
    assert (unit["agency_id"], unit["role"]) == ("tst-dinkes", "unit")
    assert unit["budget_idr"] == unit["leaves_budget_idr"] == Decimal("2000.00")
    assert tables.budget_lines.height == 3


def test_a_program_of_any_bidang_printed_x_xx_is_the_units_own(tmp_path, known_accounts):
    """SIPD prints the program every urusan has (program penunjang) as X.XX.01: under
    a unit 1.02.0.00.0.00.01.0000 it is that unit's bidang's, 1.02.01."""
    path = tmp_path / "lra.csv"
    path.write_text(
        f"SKPD : {UNIT} - Dinas Kesehatan\n"
        "Kode;Uraian;Anggaran;Realisasi\n"
        "X.XX.01;PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH;2.000,00;1.800,00\n"
        "X.XX.01.2.01;Perencanaan;2.000,00;1.800,00\n"
        "X.XX.01.2.01.0001;Penyusunan Dokumen;2.000,00;1.800,00\n",
        encoding="utf-8",
    )
    _, tables = _tables(path, known_accounts)
    assert tables.problems.is_empty(), tables.problems.to_dicts()[:3]
    assert tables.budget_lines["kode"].to_list() == [
        "1.02.01",
        "1.02.01.2.01",
        "1.02.01.2.01.0001",
    ]


def test_rp_in_a_column_of_its_own_under_a_merged_amount_header(tmp_path, known_accounts):
    """'Anggaran' merged over 'Rp' and the figure (nothing under it): the figure is the
    anggaran, never 'Rp', which is no amount and no nil."""
    path = tmp_path / "lra.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"SKPD : {UNIT} Dinas Kesehatan"])
    sheet.append(["Kode", "Uraian", "Anggaran", None, "Realisasi", None])
    sheet.merge_cells("C2:D2")
    sheet.merge_cells("E2:F2")
    for code, name, budget, realized in _ledger_rows():
        sheet.append([code, name, "Rp", _id(budget), "Rp", _id(realized)])
    book.save(path)
    export, tables = _tables(path, known_accounts)
    assert "budget D, realized F" in export.shape
    _assert_seed_lines(export, tables)


def test_a_comparative_lra_reads_this_years_realisation(tmp_path, known_accounts):
    """The LRA of the government accounting standard prints last year's realisation
    beside this year's (Realisasi 2024 | Realisasi 2023): the latest year's is read."""
    path = _lra_csv(
        tmp_path / "lra.csv",
        "Kode Rekening;Uraian;Anggaran 2024;Realisasi 2024;Realisasi 2023",
        lambda budget, realized: [_id(budget), _id(realized), _id(realized - 1)],
    )
    export, tables = _tables(path, known_accounts)
    assert "realized D" in export.shape
    _assert_seed_lines(export, tables)
    assert tables.budget_lines["realisasi_keuangan"].to_list() == ["1800,00"] * 3


def test_a_row_of_units_under_the_header_is_no_data(tmp_path, known_accounts):
    """'(Rp) | (Rp)' under 'Anggaran | Realisasi' says the columns' unit: no row of
    data, never an amount that fails."""
    path = _lra_csv(
        tmp_path / "lra.csv",
        "Kode;Uraian;Anggaran;Realisasi\n;;(Rp);(Rp)",
        lambda budget, realized: [_id(budget), _id(realized)],
        footer=";;;\n;Sekayu, 31 Januari 2025;;\n;Kepala Dinas;;\n",
    )
    export, tables = _tables(path, known_accounts)
    _assert_seed_lines(export, tables)
    assert export.rows.height == len(_ledger_rows())


def test_groups_over_budgets_and_periods_read_with_the_row_under_them(tmp_path, known_accounts):
    """'Anggaran' merged over 'Murni | Perubahan' and 'Realisasi' over 's.d. Bulan Lalu |
    Bulan Ini | s.d. Bulan Ini': the revised budget and the realisation to date, never
    the first column under each group."""
    path = tmp_path / "lra.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([f"SKPD : {UNIT} Dinas Kesehatan"])
    sheet.append(["Kode", "Uraian", "Anggaran", None, "Realisasi", None, None])
    sheet.append(
        [None, None, "Murni", "Perubahan", "s.d. Bulan Lalu", "Bulan Ini", "s.d. Bulan Ini"]
    )
    for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:G2"):
        sheet.merge_cells(cells)
    for code, name, budget, realized in _ledger_rows():
        before = realized - 1
        sheet.append([code, name, _id(budget - 7), _id(budget), _id(before), "1,00", _id(realized)])
    book.save(path)
    export, tables = _tables(path, known_accounts)
    _assert_seed_lines(export, tables)


def test_physical_progress_beside_the_money_is_no_realisation(tmp_path, known_accounts):
    """'Realisasi Fisik' (a percent of work done) beside 'Realisasi Keuangan': only the
    second is money."""
    path = _lra_csv(
        tmp_path / "lra.csv",
        "Kode;Uraian;Anggaran;Realisasi Fisik;Realisasi Keuangan",
        lambda budget, realized: [_id(budget), "95", _id(realized)],
    )
    export, tables = _tables(path, known_accounts)
    assert "physical D, realized E" in export.shape
    _assert_seed_lines(export, tables)
