"""The office template: blank workbook, and a filled one read back exactly."""

from decimal import Decimal
from pathlib import Path

import polars as pl

from pipelines.lib.contract import ENTITIES
from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import read_agencies
from pipelines.lib.template import INSTRUCTIONS_SHEET, write_workbook
from pipelines.lib.workbooks import read_workbook
from tests.conftest import rows_accounted


def test_blank_template_has_every_contract_sheet_with_headers(tmp_path: Path):
    path = write_workbook(tmp_path / "t.xlsx", "tst-alpha", "Badan Uji Alpha", 2024)
    sheets = read_workbook(path)
    assert set(sheets) == {e.sheet for e in ENTITIES} | {INSTRUCTIONS_SHEET}
    for entity in ENTITIES:
        assert list(sheets[entity.sheet].columns[: len(entity.headers)]) == list(entity.headers)
        assert sheets[entity.sheet].height == 0


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
