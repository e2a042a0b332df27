"""The office template: blank workbook, and a filled one read back exactly."""

from decimal import Decimal
from pathlib import Path

import polars as pl

from pipelines.lib.contract import ENTITIES
from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import read_agencies
from pipelines.lib.template import (
    EXAMPLE_MARK,
    EXAMPLES,
    INSTRUCTIONS_SHEET,
    PREFILLED_ROWS,
    hint,
    write_workbook,
)
from pipelines.lib.workbooks import read_workbook
from tests.conftest import rows_accounted


def test_blank_template_has_every_contract_sheet_with_headers(tmp_path: Path):
    path = write_workbook(tmp_path / "t.xlsx", "tst-alpha", "Badan Uji Alpha", 2024)
    sheets = read_workbook(path)
    assert next(iter(sheets)) == INSTRUCTIONS_SHEET  # the clerk opens on the instructions
    assert set(sheets) == {e.sheet for e in ENTITIES} | {INSTRUCTIONS_SHEET, "daftar"}
    for entity in ENTITIES:
        assert list(sheets[entity.sheet].columns[: len(entity.headers)]) == list(entity.headers)
        # the example row, then the rows with tahun and kode_opd filled in
        assert sheets[entity.sheet].height == 1 + PREFILLED_ROWS
        assert sheets[entity.sheet].row(0)[:2] == (EXAMPLE_MARK, "tst-alpha")
        assert sheets[entity.sheet].row(1)[:2] == ("2024", "tst-alpha")


def test_a_blank_template_delivered_as_is_loads_nothing_and_says_why(
    fixture_raw: Path, known_accounts
):
    folder = fixture_raw / "2024" / "tst-alpha"
    write_workbook(folder / "laporan.xlsx", "tst-alpha", "Badan Uji Alpha", 2024)
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    log = frames["ingest_files"].filter(pl.col("source_file") == "2024/tst-alpha/laporan.xlsx")
    assert log["rows_in"].sum() == 0
    assert (
        frames["quarantine"]
        .filter(pl.col("source_file") == "2024/tst-alpha/laporan.xlsx")
        .is_empty()
    )
    assert all(
        f"template: {1 + PREFILLED_ROWS} example or prefilled row(s)" in message
        for message in log.filter(pl.col("source_sheet") != INSTRUCTIONS_SHEET)["message"]
    )


def test_a_row_typed_under_the_example_is_read_and_the_example_is_not(
    fixture_raw: Path, known_accounts
):
    import openpyxl

    folder = fixture_raw / "2024" / "tst-alpha"
    path = write_workbook(folder / "laporan.xlsx", "tst-alpha", "Badan Uji Alpha", 2024)
    workbook = openpyxl.load_workbook(path)
    row = ["program", "8.01.01", "Program Uji", "1.000.000,00", "900.000,00"]
    for column, value in enumerate(row, start=3):
        workbook["anggaran"].cell(row=3, column=column, value=value)
    workbook.save(path)
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    lines = frames["budget_lines"].filter(pl.col("source_file") == "2024/tst-alpha/laporan.xlsx")
    assert lines.select("fiscal_year", "code", "budget_idr", "source_row").rows() == [
        (2024, "8.01.01", Decimal("1000000"), 3)
    ]


def test_every_column_is_explained_in_indonesian_and_every_example_is_valid(
    fixture_raw: Path, known_accounts
):
    for entity in ENTITIES:
        for column in entity.columns:
            assert hint(entity.sheet, column.header), f"{entity.sheet}.{column.header}"
    # the example rows, given a year, are rows the contract takes as they are
    rows = {sheet: [[2024, "tst-alpha", *values]] for sheet, values in EXAMPLES.items()}
    folder = fixture_raw / "2024" / "tst-alpha"
    write_workbook(folder / "contoh.xlsx", "tst-alpha", "Badan Uji Alpha", 2024, rows)
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    assert (
        frames["quarantine"]
        .filter(pl.col("source_file") == "2024/tst-alpha/contoh.xlsx")
        .is_empty()
    )
    assert (
        frames["budget_lines"].filter(pl.col("source_file") == "2024/tst-alpha/contoh.xlsx").height
        == 1
    )


def test_dropdowns_cover_every_closed_list_and_the_year_and_agency(tmp_path: Path):
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # xlsxwriter warns of a list over 255 characters
        path = write_workbook(
            tmp_path / "t.xlsx", "tst-alpha", "Badan Uji Alpha", 2024, account_codes=["5.1.01"]
        )
    workbook = openpyxl.load_workbook(path)
    assert workbook["daftar"].sheet_state == "hidden"  # the lists stand on no visible sheet
    assert workbook[INSTRUCTIONS_SHEET].max_column == 2

    def choices(formula: str) -> list[str]:
        sheet, cells = formula.lstrip("=").split("!")
        return [row[0].value for row in workbook[sheet][cells.replace("$", "")]]

    for entity in ENTITIES:
        validations = {
            min(r.min_col for r in dv.sqref.ranges): choices(dv.formula1)
            for dv in workbook[entity.sheet].data_validations.dataValidation
        }
        for index, column in enumerate(entity.columns, start=1):
            closed = column.choices or column.kind in ("level", "year", "agency", "account_code")
            assert (index in validations) == bool(closed), f"{entity.sheet}.{column.header}"
        assert validations[1] == ["2024"]
        assert validations[2] == ["tst-alpha"]
    kinerja = {
        min(r.min_col for r in dv.sqref.ranges): choices(dv.formula1)
        for dv in workbook["realisasi_periode"].data_validations.dataValidation
    }
    assert kinerja[5][:2] == ["Januari", "Februari"]
    assert kinerja[5][-1] == "TW IV"
    # codes typed into the template stay text
    assert workbook["anggaran"].column_dimensions["D"].number_format == "@"


def test_the_template_command_writes_into_raw_draft(tmp_path: Path, monkeypatch, capsys):
    from pipelines import cli, paths

    monkeypatch.setattr(paths, "DRAFT_DIR", tmp_path / "draft")
    assert cli.main(["template", "muba-kesbangpol", "2023"]) == 0
    assert (tmp_path / "draft" / "template-muba-kesbangpol-2023.xlsx").is_file()
    # no template for a year the agency did not exist
    assert cli.main(["template", "muba-kesbangpol", "2010"]) == 2
    assert "existed 2017-now, not in 2010" in capsys.readouterr().err


def test_the_instructions_are_one_step_a_row_and_print_one_page_wide(tmp_path: Path):
    import openpyxl

    path = write_workbook(tmp_path / "t.xlsx", "tst-alpha", "Badan Uji Alpha", 2024)
    workbook = openpyxl.load_workbook(path)
    steps = [row[1].value for row in workbook[INSTRUCTIONS_SHEET].iter_rows(min_row=3, max_row=10)]
    assert [step[:2] for step in steps] == [f"{n}." for n in range(1, 9)]
    assert "raw/" not in " ".join(steps)  # no server folder for a clerk
    budget = workbook["anggaran"]
    assert budget.page_setup.orientation == "landscape"
    assert budget.sheet_properties.pageSetUpPr.fitToPage
    assert str(budget.print_area).endswith("$2")  # header and example, not 500 rows


def test_filled_template_round_trips_through_ingestion(fixture_raw: Path, known_accounts):
    """Rows written into the template come back typed, to the rupiah, from the right cells."""
    folder = fixture_raw / "2024" / "tst-alpha"
    rows = {
        "anggaran": [
            [
                2024,
                "tst-alpha",
                "program",
                "8.01.01",
                "Program",
                "12.588.628.067,00",
                "11.334.430.823,00",
                "91,61",
                "90,04",
            ],
            [
                2024,
                "tst-alpha",
                "kegiatan",
                "8.01.01.2.01",
                "Kegiatan",
                "1.000,00",
                "1,5O",
                None,
                None,
            ],  # letter O in an amount (format)
        ],
        "belanja": [
            [
                2024,
                "tst-alpha",
                "5.1.01",
                "Belanja Pegawai",
                "Rp. 4.644.143.000,-",
                "Rp. 4.248.443.909,-",
            ]
        ],
        "kinerja": [
            [
                2024,
                "tst-alpha",
                1,
                "S",
                1,
                "I",
                "%",
                "positif",
                "100%",
                "82%",
                "8.01.01",
                None,
                None,
                None,
                None,
            ]
        ],
        "ringkasan": [
            [2024, "tst-alpha", "opd", None, "anggaran", "Rp. 12.588.682.067,-", "Ikhtisar"]
        ],
    }
    write_workbook(folder / "laporan.xlsx", "tst-alpha", "Badan Uji Alpha", 2024, rows)
    frames = ingest_raw_tree(fixture_raw, read_agencies(fixture_raw / "reference"), known_accounts)
    lines = frames["budget_lines"].filter(pl.col("fiscal_year") == 2024)
    assert lines.select("code", "budget_idr", "realized_idr", "source_sheet", "source_row").row(
        0
    ) == ("8.01.01", Decimal("12588628067"), Decimal("11334430823"), "anggaran", 2)
    bad = frames["quarantine"].filter(pl.col("source_file") == "2024/tst-alpha/laporan.xlsx")
    assert bad.select("source_sheet", "source_row", "column", "value").row(0) == (
        "anggaran",
        3,
        "realisasi_keuangan",
        "1,5O",
    )
    rows_in, loaded, quarantined = rows_accounted(frames)
    assert rows_in == loaded + quarantined


def test_number_cells_typed_by_excel_are_read_exactly(tmp_path: Path):
    """A real number cell is fine for an amount, an error for a code; 90,04% cells stay 90,04."""
    import xlsxwriter

    path = tmp_path / "typed.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("anggaran")
    sheet.write_row(0, 0, ["kode", "anggaran", "persen_dilaporkan"])
    sheet.write_row(1, 0, ["8.01.01", 12588628067, 0.9004], None)
    sheet.write_number(1, 2, 0.9004, workbook.add_format({"num_format": "0.00%"}))
    sheet.write_row(2, 0, [8.1, 1.5, 53.78])  # a code typed as a number
    workbook.close()
    frame = read_workbook(path)["anggaran"]
    assert frame["anggaran"].to_list() == ["12588628067", "1,5"]
    assert frame["persen_dilaporkan"].to_list() == ["90,04", "53,78"]
    assert frame["_numeric_cells"].to_list()[1] == ["kode", "anggaran", "persen_dilaporkan"]
