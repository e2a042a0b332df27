"""Typing one table against the contract: loaded rows, problems, nothing lost."""

from decimal import Decimal

import polars as pl

from pipelines.lib.cleaning import type_table
from pipelines.lib.contract import BUDGET_LINES, INDICATORS, REPORTED_TOTALS
from pipelines.lib.readers import NUMERIC_CELLS, SOURCE_ROW


def _frame(entity, rows: list[dict], numeric: list[list[str]] | None = None) -> pl.DataFrame:
    data = {h: [r.get(h) for r in rows] for h in entity.headers}
    frame = pl.DataFrame(data, schema={h: pl.String for h in entity.headers})
    return frame.with_columns(
        pl.Series(SOURCE_ROW, range(2, len(rows) + 2), dtype=pl.Int32),
        pl.Series(NUMERIC_CELLS, numeric or [[] for _ in rows], dtype=pl.List(pl.String)),
    )


def _budget(**cells: str) -> dict:
    base = {
        "tahun": "2022",
        "kode_opd": "a",
        "level": "program",
        "kode": "8.01.01",
        "nama": "Program",
        "anggaran": "1.000,00",
        "realisasi_keuangan": "900,00",
    }
    return base | cells


def test_type_table_loads_valid_budget_lines_exactly():
    frame = _frame(
        BUDGET_LINES,
        [
            _budget(
                anggaran="12.588.628.067,00",
                realisasi_keuangan="Rp. 11.334.430.823,-",
                realisasi_fisik_persen="91,61",
                persen_dilaporkan="90,04",
            ),
        ],
    )
    typed = type_table(frame, BUDGET_LINES)
    assert typed.problems.is_empty()
    row = typed.loaded.row(0, named=True)
    assert row["budget_idr"] == Decimal("12588628067.00")
    assert row["realized_idr"] == Decimal("11334430823.00")
    assert row["reported_absorption_percent"] == Decimal("90.04")
    assert row["reported_absorption_percent_decimals"] == 2


def test_type_table_quarantines_each_bad_row_with_its_reasons():
    frame = _frame(
        BUDGET_LINES,
        [
            _budget(),  # valid
            _budget(anggaran="1.5"),  # English decimal point (format)
            _budget(kode="8.1"),  # code Excel turned into a number (format)
            _budget(level="bidang"),  # not a budget level (domain)
            _budget(nama=None, realisasi_keuangan="abc"),  # empty name + not a number
            _budget(realisasi_keuangan="-"),  # dash = nihil, valid
        ],
        numeric=[[], [], ["kode"], [], [], []],
    )
    typed = type_table(frame, BUDGET_LINES)
    reasons = {
        (r[SOURCE_ROW], r["column"]): r["reason"] for r in typed.problems.iter_rows(named=True)
    }
    assert "Did you mean" in reasons[(3, "anggaran")]
    assert "stored by Excel as a number" in reasons[(4, "kode")]
    assert "not program, kegiatan, sub kegiatan or sasaran" in reasons[(5, "level")]
    assert reasons[(6, "nama")] == "required value is empty"
    assert "not a valid decimal number" in reasons[(6, "realisasi_keuangan")]
    assert typed.loaded[SOURCE_ROW].to_list() == [2, 7]
    assert typed.loaded["realized_idr"][1] == Decimal(0)
    quarantined_rows = typed.problems[SOURCE_ROW].n_unique()
    assert typed.rows_in == typed.loaded.height + quarantined_rows


def test_type_table_keeps_non_numeric_targets_as_text():
    rows = [
        {
            "tahun": "2022",
            "kode_opd": "a",
            "no_sasaran": "1",
            "sasaran": "S",
            "no_indikator": "1",
            "indikator": "I",
            "polaritas": "positif",
            "target": "11 jenis; 50.000 lembar",
            "realisasi": "n/a",
            "capaian_dilaporkan": "n/a",
            "kode_program": "8.01.02; 8.01.06",
        },  # composite target, n/a (a report printing no capaian)
        {
            "tahun": "2022",
            "kode_opd": "a",
            "no_sasaran": "1",
            "sasaran": "S",
            "no_indikator": "2",
            "indikator": "I2",
            "polaritas": "Negatif",
            "target": "7",
            "realisasi": "6,5",
            "capaian_dilaporkan": "n/a%",
        },
    ]
    typed = type_table(_frame(INDICATORS, rows), INDICATORS)
    assert typed.problems.is_empty()
    # "n/a" is a capaian not reported, nulled quietly; "n/a%" is no such word
    assert typed.nulled["column"].to_list() == ["capaian_dilaporkan"]
    assert typed.nulled["source_row"].to_list() == [3]
    first, second = typed.loaded.iter_rows(named=True)
    assert (first["target_status"], first["target_value"]) == ("text", None)
    assert first["realized_status"] == "not_available"
    assert first["reported_achievement_percent"] is None
    assert first["program_codes"] == ["8.01.02", "8.01.06"]
    assert second["polarity"] == "lower_is_better"
    assert (second["target_value"], second["realized_value"]) == (Decimal(7), Decimal("6.5"))


def test_type_table_types_reported_values_by_measure():
    rows = [
        {
            "tahun": "2022",
            "kode_opd": "a",
            "cakupan": "opd",
            "ukuran": "anggaran",
            "nilai": "Rp. 12.588.682.067,-",
        },
        {"tahun": "2022", "kode_opd": "a", "cakupan": "opd", "ukuran": "kategori", "nilai": "Baik"},
        {
            "tahun": "2022",
            "kode_opd": "a",
            "cakupan": "opd",
            "ukuran": "jumlah_program",
            "nilai": "enam",
        },  # a count written in words (format)
    ]
    typed = type_table(_frame(REPORTED_TOTALS, rows), REPORTED_TOTALS)
    assert typed.loaded["value_number"].to_list() == [Decimal("12588682067"), None]
    assert typed.loaded["value_text"].to_list() == ["Rp. 12.588.682.067,-", "Baik"]
    assert typed.problems.select("column", "reason").row(0) == ("nilai", "not a whole number")


def test_a_currency_mark_alone_is_no_figure_and_no_nil():
    """'Rp' or '%' alone (the figure lost in a copy) is a filled cell holding no figure:
    the row is held back saying so, never loaded with an empty amount; '-' stays nil."""
    frame = _frame(
        BUDGET_LINES,
        [
            _budget(anggaran="Rp", realisasi_keuangan="Rp."),
            _budget(kode="8.01.02", anggaran="1.000,00", persen_dilaporkan="%"),
            _budget(kode="8.01.03", realisasi_keuangan="-"),
        ],
    )
    for canonical_first in (True, False):
        typed = type_table(frame, BUDGET_LINES, canonical_first=canonical_first)
        reasons = typed.problems.select(SOURCE_ROW, "column", "reason").rows()
        assert (2, "anggaran", "'Rp' holds no figure") in reasons
        assert (2, "realisasi_keuangan", "'Rp.' holds no figure") in reasons
        nulled = typed.nulled.select(SOURCE_ROW, "column", "reason").rows()
        assert nulled == [(3, "persen_dilaporkan", "'%' holds no figure")]
        assert typed.loaded.filter(pl.col(SOURCE_ROW) == 4)["realized_idr"].to_list() == [
            Decimal("0.00")
        ]
