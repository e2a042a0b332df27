"""The Excel workbooks read back: sheets, Indonesian headers, formats, and the figures
of the warehouse."""

from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl


def test_one_workbook_per_region_and_year(bundled_warehouse: Path):
    reports = bundled_warehouse.parent / "reports"
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        expected = {
            f"kinerja-{code}-{year}.xlsx"
            for code, year in con.execute(
                "select region_code, fiscal_year from marts.regency_years"
            ).fetchall()
        }
    assert {p.name for p in reports.glob("kinerja-*.xlsx")} == expected


def test_workbook_figures_and_formats(bundled_warehouse: Path):
    path = bundled_warehouse.parent / "reports" / "kinerja-99.06-2024.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Ringkasan",
        "Serapan per OPD",
        "Capaian per OPD",
        "Efisiensi",
        "Temuan Kualitas Data",
        "Tanda Terima",
        "Data Semua Tahun",
    ]
    absorption = book["Serapan per OPD"]
    headers = [c.value for c in absorption[1]]
    assert headers[:5] == ["Peringkat", "OPD", "Pagu (Rp)", "Realisasi (Rp)", "Serapan"]
    assert absorption.freeze_panes == "C2"
    assert absorption.auto_filter.ref.startswith("A1:G")
    assert absorption["C2"].number_format == '[$-421]"Rp "#,##0'
    assert absorption["E2"].number_format == "[$-421]0.00%"
    assert absorption.conditional_formatting  # colour scale on Serapan

    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        rows = con.execute(
            "select absorption_rank, agency_name, budget_idr, realized_idr, absorption_rate "
            "from marts.agency_years where region_code = '99.06' and fiscal_year = 2024 "
            "order by absorption_rank, agency_name"
        ).fetchall()
        categories = dict(
            con.execute(
                "select agency_name, category_name from marts.agency_years "
                "where region_code = '99.06' and fiscal_year = 2024"
            ).fetchall()
        )
        total = con.execute(
            "select budget_idr from marts.regency_years "
            "where region_code = '99.06' and fiscal_year = 2024"
        ).fetchone()[0]
    sheet_rows = [
        tuple(c.value for c in row[:5]) for row in absorption.iter_rows(min_row=2) if row[0].value
    ]
    assert len(sheet_rows) == len(rows) == 49
    for (rank, name, budget, realized, rate), (s_rank, s_name, s_budget, s_real, s_rate) in zip(
        rows, sheet_rows, strict=True
    ):
        assert (s_rank, s_name) == (rank, name)
        assert Decimal(str(s_budget)) == budget
        assert Decimal(str(s_real)) == realized
        assert abs(s_rate - rate) < 1e-12

    achievement = book["Capaian per OPD"]
    for row in achievement.iter_rows(min_row=2, values_only=True):
        assert row[3] == categories[row[1]]
    assert achievement.conditional_formatting  # colours by category

    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(min_row=5, values_only=True)}
    assert Decimal(str(summary["Pagu anggaran"])) == total
    assert summary["OPD melapor"] == 49


def test_workbook_lists_the_year_s_findings(bundled_warehouse: Path):
    path = bundled_warehouse.parent / "reports" / "kinerja-99.06-2023.xlsx"
    findings = openpyxl.load_workbook(path)["Temuan Kualitas Data"]
    assert [c.value for c in findings[1]][:3] == ["Tingkat", "Aturan", "OPD"]
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    assert ("Peringatan", "report.realized_within_budget", "syn-dpupr") in {r[:3] for r in rows}


def test_cells_that_look_like_formulas_stay_text(bundled_warehouse: Path, tmp_path: Path):
    """An agency name or a finding starting with = + - @ is written as text, never as a
    formula that Excel would run."""
    from pipelines.lib.office.data import year_view
    from pipelines.lib.office.workbook import write_workbook

    hostile = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)"]
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        view = year_view(con, "99.06", "Kabupaten Banyuasin Sintetis", 2024)
    for agency, name in zip(view.agencies, hostile, strict=False):
        agency["agency_name"] = name
    path = write_workbook(view, tmp_path / "hostile.xlsx")
    cells = [
        cell
        for sheet in openpyxl.load_workbook(path).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value in hostile
    ]
    assert {cell.value for cell in cells} == set(hostile)
    assert {cell.data_type for cell in cells} == {"s"}


def test_the_template_writes_formula_like_text_as_text(tmp_path: Path):
    from pipelines.lib.template import write_workbook as write_template

    rows = {"anggaran": [[2024, "x", "program", "8.01.01", "=1+1", "1", "1", "", ""]]}
    path = write_template(tmp_path / "t.xlsx", "x", "=cmd|' /C calc'!A0", 2024, rows)
    book = openpyxl.load_workbook(path)
    formulas = [
        cell.coordinate
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []


def test_every_sheet_prints_one_page_wide_with_its_header_and_footer(bundled_warehouse: Path):
    """Landscape A4, fit to one page wide (names and rupiah on the same sheet of paper),
    the header row repeated, region and year in the header, run and pages in the
    footer."""
    book = openpyxl.load_workbook(bundled_warehouse.parent / "reports" / "kinerja-99.06-2020.xlsx")
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9"), sheet.title
        # one page wide (1 is the file format's default, left out), as many pages down
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        header_row = 4 if sheet.title == "Ringkasan" else 1
        assert sheet.print_title_rows == f"${header_row}:${header_row}", sheet.title
        assert sheet.oddHeader.right.text.endswith("· Tahun 2020")
        assert sheet.oddFooter.right.text == "Halaman &P dari &N"
        assert sheet.oddFooter.left.text.startswith("run ")
        assert " WIB" in sheet.oddFooter.left.text


def test_a_flat_sheet_of_every_agency_and_year_for_pivots(bundled_warehouse: Path):
    book = openpyxl.load_workbook(bundled_warehouse.parent / "reports" / "kinerja-99.06-2024.xlsx")
    sheet = book["Data Semua Tahun"]
    (table,) = sheet.tables.values()
    assert table.name == "DataSemuaTahun"
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        count = con.execute(
            "select count(*) from marts.agency_years where region_code = '99.06'"
        ).fetchone()[0]
    assert table.ref == f"A1:P{count + 1}"
    years = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert years == set(range(2019, 2025))
    assert sheet["C2"].number_format == '[$-421]"Rp "#,##0'


def test_findings_of_no_agency_are_listed_under_umum(bundled_warehouse: Path):
    """2024 holds a finance-export unit no agency list knows (no agency_id): it is in the
    workbook and the report as 'Umum'."""
    path = bundled_warehouse.parent / "reports" / "kinerja-99.06-2024.xlsx"
    rows = list(openpyxl.load_workbook(path)["Temuan Kualitas Data"].iter_rows(values_only=True))
    umum = [r for r in rows if r[2] == "Umum"]
    assert any("Kantor Penghubung Sintetis" in (r[8] or "") for r in umum)
    (page,) = (bundled_warehouse.parent / "reports").glob("laporan-kinerja-99.06*.html")
    assert "<td>Umum</td>" in page.read_text(encoding="utf-8")


def test_a_cut_list_of_findings_says_how_many_and_where_the_rest_are():
    from pipelines.lib.office.data import YearView
    from pipelines.lib.office.report import _quality

    finding = {"severity": "warning", "rule_id": "report.realized_within_budget",
               "agency_id": None, "source_file": "f.csv", "source_row": 1,
               "office_message": "Realisasi melebihi pagu", "message": "overspent"}  # fmt: skip
    view = YearView("99.06", "R", 2024, {}, [], [], {}, {}, {}, {}, [finding] * 60)
    html = _quality(view)
    assert "50 dari 60 baris temuan ditampilkan" in html
    assert "Temuan Kualitas Data" in html
    assert html.count("<td>Umum</td>") == 50


def test_infos_that_need_no_action_are_one_line_per_agency(bundled_warehouse: Path):
    """2019, the region's first year: each agency's printed "capaian tahun lalu" cannot be
    compared (no 2018), one line per agency saying how many, not one per indicator."""
    path = bundled_warehouse.parent / "reports" / "kinerja-99.06-2019.xlsx"
    rows = list(openpyxl.load_workbook(path)["Temuan Kualitas Data"].iter_rows(values_only=True))
    unverified = [r for r in rows if r[1] == "report.stated_figures_verifiable"]
    assert len({r[2] for r in unverified}) == len(unverified) > 1
    assert all(" temuan serupa, misalnya: " in r[8] for r in unverified)


def test_each_agency_year_has_a_receipt_the_report_links_to(bundled_warehouse: Path):
    """Tanda terima: files received with their rows, every finding with its fix, the
    figures as computed; the report's recap links each agency to it."""
    reports = bundled_warehouse.parent / "reports"
    receipt = reports / "tanda-terima" / "2020" / "syn-kec-lais.html"
    text = receipt.read_text(encoding="utf-8")
    assert "Tanda terima laporan 2020: Kecamatan Lais" in text
    assert "1 baris tidak dimuat" in text
    assert "308.761.105,0O" in text  # the cell as typed, with the fix
    assert "Tulis angkanya seperti 1.234.567,89" in text
    assert "Pagu anggaran" in text
    (page,) = reports.glob("laporan-kinerja-99.06*.html")
    assert 'href="tanda-terima/2020/syn-kec-lais.html"' in page.read_text(encoding="utf-8")
    assert len(list((reports / "tanda-terima").glob("*/*.html"))) >= 290
    sheet = openpyxl.load_workbook(reports / "kinerja-99.06-2020.xlsx")["Tanda Terima"]
    (lais,) = [r for r in sheet.iter_rows(values_only=True) if r[0] == "Kecamatan Lais"]
    assert lais[3:5] == (88, 1)  # loaded, not loaded
    assert lais[-1] == "tanda-terima/2020/syn-kec-lais.html"


def test_badge_text_reads_on_its_colour():
    from pipelines.lib.office.formats import CATEGORY_COLOURS, badge_ink

    assert badge_ink(CATEGORY_COLOURS["Cukup"]) == "#1f2328"  # not white on gold
    assert badge_ink(CATEGORY_COLOURS["Sangat Baik"]) == "#ffffff"


def test_a_region_of_one_year_has_no_trend_of_one_point(bundled_warehouse: Path):
    page = (bundled_warehouse.parent / "reports" / "laporan-kinerja-16.06.html").read_text()
    assert "2022-2022" not in page
    assert "Tren tampil setelah ada data dua tahun atau lebih." in page
    assert "laporan: Sangat baik" not in page  # the report's category, shown when it differs


def test_the_data_quality_page_names_agencies_and_folds_the_infos(bundled_warehouse: Path):
    page = (bundled_warehouse.parent / "reports" / "data-quality.html").read_text()
    assert "Kecamatan Lais<br><small>syn-kec-lais</small>" in page
    assert "<details><summary>Info / infos (" in page
    findings, infos = page.split('<table id="infos">', 1)
    assert '<tr class="info">' not in findings  # infos only in the folded table
    assert "bila gagal, tindakan" in page
    assert "Periksa angka di tabel realisasi anggaran" in infos  # the fix of each rule
