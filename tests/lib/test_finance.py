"""Finance exports read as the office receives them: shapes sniffed from content, codes
in every spelling, subtotals never added, units matched to agencies, bad input named."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pipelines.lib.codes import account_code, budget_code, spending_type
from pipelines.lib.finance.export import LRA, SIPD, NotAFinanceExport, parse_period_end
from pipelines.lib.finance.export_rows import finance_tables
from pipelines.lib.finance.shapes import read_export, sniff
from pipelines.lib.numbers import amount_value
from pipelines.synthetic.finance import (
    Account,
    Line,
    Unit,
    allocate,
    write_flat_csv,
    write_lra_workbook,
    write_sipd_html,
)

END = dt.date(2024, 12, 31)
UNIT = "1.02.0.00.0.00.01.0000"


def _agencies(code: str | None = UNIT, name: str = "Dinas Kesehatan") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "agency_id": ["tst-dinkes"],
            "agency_name": [name],
            "finance_unit_code": [code],
            "first_year": [2019],
            "last_year": [None],
        },
        schema_overrides={"first_year": pl.Int16, "last_year": pl.Int16},
    )


def _unit() -> Unit:
    accounts = [
        Account("5.1.02.01.01.0024", "Belanja ATK", Decimal(600), Decimal(500)),
        Account("5.1.02.01.01.0026", "Belanja Cetak", Decimal(400), Decimal(300)),
        Account("5.2.02.05.01.0001", "Belanja Modal Komputer", Decimal(1000), Decimal(1000)),
    ]
    return Unit(
        UNIT,
        "Dinas Kesehatan",
        [
            Line("program", "1.02.01", "PROGRAM PENUNJANG", Decimal(2000), Decimal(1800)),
            Line("kegiatan", "1.02.01.2.01", "Perencanaan", Decimal(2000), Decimal(1800)),
            Line(
                "sub kegiatan",
                "1.02.01.2.01.0001",
                "Penyusunan Dokumen",
                Decimal(2000),
                Decimal(1800),
                accounts,
            ),
        ],
    )


def _write(shape: str, path: Path, units=None, **kwargs) -> Path:
    units = units or [_unit()]
    if shape == "sipd":
        write_sipd_html(path, units, "Kabupaten Uji", END, **kwargs)
    elif shape == "lra":
        write_lra_workbook(path, units, "Kabupaten Uji", END, **kwargs)
    else:
        write_flat_csv(path, units, END)
    return path


def _tables(path: Path, known_accounts, agencies=None):
    agencies = _agencies() if agencies is None else agencies
    return finance_tables(read_export(path), 2024, agencies, known_accounts)


@pytest.mark.parametrize(
    ("shape", "name"),
    [("sipd", "realisasi.xls"), ("lra", "lra.xlsx"), ("csv", "realisasi.csv")],
)
def test_every_shape_gives_the_lines_and_the_leaves_only(
    shape, name, tmp_path: Path, known_accounts
):
    tables = _tables(_write(shape, tmp_path / name), known_accounts)
    assert tables.problems.is_empty()
    assert tables.budget_lines.select("level", "kode", "anggaran").rows() == [
        ("program", "1.02.01", "2000,00"),
        ("kegiatan", "1.02.01.2.01", "2000,00"),
        ("sub kegiatan", "1.02.01.2.01.0001", "2000,00"),
    ]
    assert set(tables.budget_lines["kode_opd"]) == {"tst-dinkes"}
    # the leaves, typed by spending type; 5, 5.1, 5.1.02, … are subtotals, not added
    assert tables.spending_lines.select("kode_akun", "anggaran", "realisasi").rows() == [
        ("5.1.02", "600,00", "500,00"),
        ("5.1.02", "400,00", "300,00"),
        ("5.2.02", "1000,00", "1000,00"),
    ]
    subtotals = tables.subtotals.filter(pl.col("role") == "subtotal")
    assert "5.1.02.01.01" in subtotals["code"].to_list()
    assert (subtotals["budget_idr"] == subtotals["leaves_budget_idr"]).all()


def test_an_html_table_named_xls_is_read_as_sipd(tmp_path: Path):
    path = _write("sipd", tmp_path / "export.xls")
    assert sniff(path) == SIPD
    assert sniff(_write("lra", tmp_path / "export.html")) == LRA  # content, not the name
    assert read_export(path).period_end == END


def test_a_file_of_no_shape_names_the_shapes_and_what_it_holds(tmp_path: Path):
    path = tmp_path / "rekap.csv"
    path.write_text("no,nama,jumlah\n1,a,2\n", encoding="utf-8")
    with pytest.raises(NotAFinanceExport) as error:
        read_export(path)
    message = str(error.value)
    assert "SIPD-RI" in message
    assert "LRA per SKPD" in message
    assert "flat CSV" in message
    assert "'no', 'nama', 'jumlah'" in message


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("5.135.000,00", Decimal("5135000.00")),
        ("(451.393.295,00)", Decimal("-451393295.00")),
        ("-", Decimal(0)),
        ("", Decimal(0)),
        ("Rp. 1.973.800.860,-", Decimal("1973800860")),
        ("1,973,800", None),
        ("12a", None),
    ],
)
def test_amounts_as_exports_print_them(printed, expected):
    assert amount_value(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("1.01.01", ("1.01.01", "program")),
        ("1.01.01.2.01", ("1.01.01.2.01", "kegiatan")),
        ("1.01.01.2.01.0001", ("1.01.01.2.01.0001", "sub kegiatan")),
        ("4.01.05.1.01.01", ("4.01.05.1.01.0001", "sub kegiatan")),  # 2021: 2 digits
        ("101012010001", ("1.01.01.2.01.0001", "sub kegiatan")),  # no dots
        ("1.01", None),
        ("1.1.01", None),
    ],
)
def test_budget_codes_with_or_without_dots(printed, expected):
    assert budget_code(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("5.1.02.01.01.0024", "5.1.02.01.01.0024"),
        ("5.1.1.01.01.0001", "5.1.01.01.01.0001"),  # single-digit third segment
        ("510201010024", "5.1.02.01.01.0024"),
        ("5", "5"),
        ("5.01.02", None),
        ("1.01.01", None),
    ],
)
def test_account_codes_in_every_spelling(printed, expected):
    assert account_code(printed) == expected


def test_leaves_map_to_the_spending_types_of_the_list(known_accounts):
    assert spending_type("5.1.06.01.01.0001", known_accounts) == "5.1.06"
    assert spending_type("5.2.04.01.01.0002", known_accounts) == "5.2.04"
    assert spending_type("5.3", known_accounts) == "5.3.01"
    assert spending_type("5.4.02.05.01.0001", known_accounts) == "5.4.02"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("periode 1 Januari 2022 s.d 31 Desember 2022", dt.date(2022, 12, 31)),
        ("Realisasi s.d. 30/06/2023", dt.date(2023, 6, 30)),
        ("Laporan s.d. bulan Juni 2024", dt.date(2024, 6, 30)),
        ("Rekap Anggaran 2024", None),
    ],
)
def test_the_period_an_export_runs_to(text, expected):
    assert parse_period_end(text) == expected


def test_a_misprinted_subtotal_is_kept_with_the_sum_of_its_leaves(tmp_path: Path, known_accounts):
    unit = _unit()
    unit.lines[2].misprinted = {"5.1.02": Decimal(50)}
    tables = _tables(_write("sipd", tmp_path / "x.html", [unit]), known_accounts)
    (row,) = tables.subtotals.filter(pl.col("budget_idr") != pl.col("leaves_budget_idr")).to_dicts()
    assert (row["code"], row["budget_idr"], row["leaves_budget_idr"]) == (
        "5.1.02",
        Decimal(1050),
        Decimal(1000),
    )
    # the leaves are what spending sums: the misprint changes no spending line
    assert tables.spending_lines["anggaran"].to_list() == ["600,00", "400,00", "1000,00"]


def test_a_unit_no_agency_list_has_is_quarantined_with_the_fix(tmp_path: Path, known_accounts):
    tables = _tables(
        _write("csv", tmp_path / "x.csv"), known_accounts, _agencies(None, "Dinas Lain")
    )
    assert tables.budget_lines.is_empty()
    assert tables.spending_lines.is_empty()
    assert tables.problems.height == 3 + 12  # every row of the unit: lines, accounts
    reason = tables.problems["reason"][0]
    assert f"unit {UNIT} 'Dinas Kesehatan' matches no agency of 2024" in reason
    assert f"add kode_skpd {UNIT} to its row in raw/reference/agencies*.csv" in reason


def test_a_unit_is_matched_by_name_when_the_list_has_no_code(tmp_path: Path, known_accounts):
    tables = _tables(
        _write("csv", tmp_path / "x.csv"), known_accounts, _agencies(None, " dinas  KESEHATAN")
    )
    assert tables.problems.is_empty()
    assert set(tables.budget_lines["kode_opd"]) == {"tst-dinkes"}


def test_truncated_html_loses_only_the_row_it_cuts(tmp_path: Path, known_accounts):
    path = _write("sipd", tmp_path / "x.xls", truncate_at=6)
    export = read_export(path)
    assert "truncated" in export.note
    tables = _tables(path, known_accounts)
    (problem,) = tables.problems.to_dicts()
    assert "truncated" in problem["reason"]
    assert problem["source_row"] == 7
    assert tables.budget_lines["level"].to_list() == ["program", "kegiatan"]  # before the cut


def test_a_header_block_moved_as_a_whole_still_reads(tmp_path: Path, known_accounts):
    tables = _tables(_write("lra", tmp_path / "x.xlsx", shift=(2, 1)), known_accounts)
    assert tables.problems.is_empty()
    assert tables.budget_lines.height == 3


def test_a_header_block_shifted_alone_names_row_and_columns(tmp_path: Path, known_accounts):
    path = _write("lra", tmp_path / "x.xlsx", shift=(0, 2), data_shift=(0, 0))
    tables = _tables(path, known_accounts)
    assert tables.budget_lines.is_empty()
    assert tables.spending_lines.is_empty()
    first = tables.problems.sort("source_row").row(0, named=True)
    assert first["source_row"] == 18
    assert "row 18: no name in columns J-O" in first["reason"]
    assert "the header block at D14 does not fit this row" in first["reason"]


def test_a_number_column_with_text_names_its_row_and_column(tmp_path: Path, known_accounts):
    path = _write("csv", tmp_path / "x.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"2.000,00"', '"2.000,OO"', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tables = _tables(path, known_accounts)
    (problem,) = tables.problems.to_dicts()
    assert (problem["source_row"], problem["column"], problem["value"]) == (
        3,
        "anggaran",
        "2.000,OO",
    )
    assert tables.budget_lines.height == 2  # the rest is loaded


def test_allocate_splits_amounts_over_totals():
    parts = allocate([Decimal(5), Decimal(7)], [Decimal(3), Decimal(9)])
    assert parts == [(0, 0, Decimal(3)), (0, 1, Decimal(2)), (1, 1, Decimal(7))]
    with pytest.raises(ValueError, match="cannot split"):
        allocate([Decimal(1)], [Decimal(2)])


def test_a_total_line_of_an_lra_is_a_heading_not_an_error(tmp_path: Path, known_accounts):
    path = _write("lra", tmp_path / "x.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    total = sheet.max_row + 1
    sheet.cell(total, 7, "JUMLAH BELANJA")
    sheet.cell(total, 17, "2.000,00")
    sheet.cell(total, 18, "1.800,00")
    workbook.save(path)
    tables = _tables(path, known_accounts)
    assert tables.problems.is_empty()
    (heading,) = tables.subtotals.filter(pl.col("name") == "JUMLAH BELANJA").to_dicts()
    assert (heading["role"], heading["source_row"]) == ("heading", total)


def test_each_unit_of_a_file_is_checked_against_its_own_lines(tmp_path: Path, known_accounts):
    """Two units in one CSV (no unit rows between them): the second unit's first line is
    not read as printed under the first unit's last program."""
    second = _unit()
    second.code, second.name = "1.02.0.00.0.00.02.0000", "Dinas Lain"
    second.lines = second.lines[1:]  # it starts with a kegiatan of another program
    second.lines[0].code = "1.02.02.2.01"
    second.lines[1].code = "1.02.02.2.01.0001"
    agencies = pl.concat([_agencies(), _agencies("1.02.0.00.0.00.02.0000", "Dinas Lain")])
    agencies = agencies.with_columns(agency_id=pl.Series(["tst-dinkes", "tst-lain"]))
    path = _write("csv", tmp_path / "x.csv", [_unit(), second])
    tables = _tables(path, known_accounts, agencies)
    assert tables.problems.is_empty()
    assert tables.budget_lines.filter(pl.col("kode_opd") == "tst-lain").height == 2
