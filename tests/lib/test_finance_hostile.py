"""Finance exports under hostile input: every row read or accounted (nested and
several tables, any encoding), no unit matched by name over a contradicting code, no
export of another region, no formula read as 0, no sum typed in a cell read as one."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import polars as pl

from pipelines.lib.finance.export_rows import finance_tables
from pipelines.lib.finance.shapes import read_export
from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import read_agencies, regions_named, same_region
from pipelines.synthetic.finance import Unit, write_flat_csv, write_lra_workbook, write_sipd_html
from tests.conftest import rows_accounted
from tests.lib.test_finance import UNIT, _agencies, _unit, _write

END = dt.date(2024, 12, 31)


def _accounted(path: Path, known_accounts, agencies=None) -> tuple[int, object]:
    """(rows the export holds, its tables): every row is a line, a subtotal or a problem."""
    export = read_export(path)
    tables = finance_tables(
        export, 2024, _agencies() if agencies is None else agencies, known_accounts
    )
    out = (
        tables.budget_lines.height
        + tables.spending_lines.height
        + tables.subtotals.height
        + tables.problems.height
    )
    assert out == export.rows.height
    return export.rows.height, tables


def test_a_table_pasted_into_a_cell_quarantines_that_row_only(tmp_path: Path, known_accounts):
    path = _write("sipd", tmp_path / "x.xls")
    clean, _ = _accounted(path, known_accounts)
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "<td>Perencanaan</td>",
        "<td>Perencanaan<table><tr><td>a</td></tr><tr><td>b</td></tr></table></td>",
    )
    path.write_text(text, encoding="utf-8")
    rows, tables = _accounted(path, known_accounts)
    assert rows == clean  # the rows of the pasted table are no rows of the export
    (problem,) = tables.problems.to_dicts()
    assert "a table was pasted into one of its cells" in problem["reason"]
    assert tables.budget_lines["level"].to_list() == ["program", "sub kegiatan"]


def test_every_table_of_an_export_is_read_one_per_unit(tmp_path: Path, known_accounts):
    second = _unit()
    second.code, second.name = "1.02.0.00.0.00.02.0000", "Dinas Kedua"
    for line in second.lines:
        line.code = line.code.replace("1.02.01", "1.02.02")
    write_sipd_html(tmp_path / "a.xls", [_unit()], "Kabupaten Uji", END)
    write_sipd_html(tmp_path / "b.xls", [second], "Kabupaten Uji", END)
    first_page = (tmp_path / "a.xls").read_text(encoding="utf-8")
    other_page = (tmp_path / "b.xls").read_text(encoding="utf-8")
    body = re.search(r"<h3>LAPORAN.*</table>", other_page, re.S)[0]
    both = first_page.replace("</table>", "</table>" + body, 1)
    (tmp_path / "both.xls").write_text(both, encoding="utf-8")
    agencies = pl.concat(
        [
            _agencies(),
            _agencies("1.02.0.00.0.00.02.0000", "Dinas Kedua").with_columns(
                agency_id=pl.lit("tst-kedua")
            ),
        ]
    )
    rows, tables = _accounted(tmp_path / "both.xls", known_accounts, agencies)
    single, _ = _accounted(tmp_path / "a.xls", known_accounts)
    assert rows == 2 * single
    assert tables.problems.is_empty()
    assert set(tables.budget_lines["kode_opd"]) == {"tst-dinkes", "tst-kedua"}
    assert set(tables.budget_lines["source_sheet"]) == {"tabel 1", "tabel 2"}


def test_an_export_in_windows_1252_is_read_in_its_encoding(tmp_path: Path, known_accounts):
    unit = _unit()
    unit.lines[1].name = "Perencanaan Kesehatan Ibu – Anak (Posyandu) é"
    path = _write("sipd", tmp_path / "x.xls", [unit])
    declared = path.read_text(encoding="utf-8").replace("charset='utf-8'", "charset='windows-1252'")
    path.write_bytes(declared.encode("cp1252"))
    _, tables = _accounted(path, known_accounts)
    assert unit.lines[1].name in tables.budget_lines["nama"].to_list()
    undeclared = declared.replace("<meta charset='windows-1252'>", "")
    path.write_bytes(undeclared.encode("cp1252"))
    export = read_export(path)
    assert "Windows-1252" in export.note
    assert not any("\ufffd" in (n or "") for n in export.rows["name"].to_list())


def test_a_sum_typed_into_an_amount_cell_is_not_an_amount(tmp_path: Path, known_accounts):
    path = _write("csv", tmp_path / "x.csv")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"2.000,00"', '"1.000,00 + 1.000,00"', 1), encoding="utf-8")
    _, tables = _accounted(path, known_accounts)
    (problem,) = tables.problems.to_dicts()
    assert problem["reason"] == "'1.000,00 + 1.000,00' is not an amount"


def test_a_name_never_matches_over_a_contradicting_code(tmp_path: Path, known_accounts):
    unit = _unit()
    unit.code = "1.99.0.00.0.00.03.0000"  # another region's unit, named like ours
    _, tables = _accounted(_write("csv", tmp_path / "x.csv", [unit]), known_accounts)
    assert tables.budget_lines.is_empty()
    reason = tables.problems["reason"][0]
    assert "named like tst-dinkes, whose kode_skpd is " + UNIT in reason
    # where the list has no code for it, the name still matches
    _, tables = _accounted(
        _write("csv", tmp_path / "y.csv", [unit]), known_accounts, _agencies(None)
    )
    assert tables.problems.is_empty()


def test_a_formula_without_a_saved_result_is_never_a_zero(tmp_path: Path, known_accounts):
    path = _write("lra", tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    cell = sheet["Q19"]  # the kegiatan's anggaran
    cell.value = "=SUM(Q1:Q2)"  # openpyxl saves the formula with no result, as scripts do
    book.save(path)
    _, tables = _accounted(path, known_accounts)
    (problem,) = tables.problems.to_dicts()
    assert (
        f"row {cell.row} column {cell.column_letter}: a formula with no saved result"
        in (problem["reason"])
    )


def test_regions_are_read_from_titles():
    assert regions_named("PEMERINTAH KABUPATEN LAHAT\nTAHUN ANGGARAN 2023") == ("kabupaten lahat",)
    assert regions_named("Pemerintah Kabupaten Musi Banyuasin Tahun 2022") == (
        "kabupaten musi banyuasin",
    )
    assert same_region("kabupaten musi banyuasin", "Kabupaten Musi Banyuasin")
    assert not same_region("kabupaten lahat", "Kabupaten Musi Banyuasin")
    assert not same_region("kabupaten banyuasin", "Kabupaten Musi Banyuasin")


def test_an_export_of_another_region_is_rejected_every_row_accounted(
    fixture_raw: Path, known_accounts
):
    exports = fixture_raw / "2022" / "keuangan"
    exports.mkdir()
    unit = Unit("9.99.0.00.0.00.01.0000", "Badan Uji Alpha", _unit().lines)
    write_sipd_html(exports / "lahat.xls", [unit], "Kabupaten Lahat", dt.date(2022, 12, 31))
    write_lra_workbook(exports / "lahat.xlsx", [unit], "Kabupaten Lahat", dt.date(2022, 12, 31))
    write_flat_csv(exports / "ours.csv", [unit], dt.date(2022, 12, 31))  # no title: by code
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    files = frames["ingest_files"].filter(pl.col("source_file").str.contains("keuangan"))
    for name in ("lahat.xls", "lahat.xlsx"):
        (entry,) = files.filter(pl.col("source_file").str.ends_with(name)).to_dicts()
        assert entry["status"] == "rejected"
        assert entry["message"].startswith("an export of Kabupaten Lahat, a region of no agency")
        assert entry["rows_in"] == entry["rows_quarantined"] > 0
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined


def test_a_second_header_row_of_a_sipd_export_is_no_data(tmp_path: Path, known_accounts):
    path = _write("sipd", tmp_path / "x.xls")
    clean, _ = _accounted(path, known_accounts)
    text = path.read_text(encoding="utf-8")
    second = "<tr>" + "<th></th>" * 5 + "<th>Anggaran</th><th>Realisasi</th>" * 4 + "</tr>"
    header_end = text.index("</tr>", text.lower().index("uraian urusan")) + len("</tr>")
    path.write_text(text[:header_end] + second + text[header_end:], encoding="utf-8")
    rows, tables = _accounted(path, known_accounts)
    assert rows == clean
    assert tables.problems.is_empty()


def test_a_file_problem_is_one_finding_not_one_per_row(fixture_raw: Path, known_accounts):
    import duckdb

    from pipelines.lib.findings import ingest_findings

    exports = fixture_raw / "2022" / "keuangan"
    exports.mkdir()
    unit = Unit("9.99.0.00.0.00.01.0000", "Kantor Tak Terdaftar", _unit().lines)
    write_flat_csv(exports / "realisasi.csv", [unit], dt.date(2022, 12, 31))
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    con = duckdb.connect()
    con.execute("create schema raw")
    for name in ("quarantine", "nulled_cells", "ingest_files", "budget_lines"):
        con.register("frame", frames[name].to_arrow())
        con.execute(f"create table raw.{name} as select * from frame")
        con.unregister("frame")
    findings = ingest_findings(con, "run").filter(
        pl.col("source_file") == "2022/keuangan/realisasi.csv"
    )
    quarantined = frames["quarantine"].filter(
        pl.col("source_file") == "2022/keuangan/realisasi.csv"
    )
    assert quarantined.height == 15  # every line and account of the unit
    (finding,) = findings.to_dicts()
    assert finding["actual"] == "15 rows (2-16)"
    assert "matches no agency of 2022" in finding["message"]
