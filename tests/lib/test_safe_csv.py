"""Every CSV the project writes opens in a spreadsheet without running a cell."""

from __future__ import annotations

import csv

import polars as pl
import pytest

from pipelines.lib.safe_csv import neutral, neutral_frame, write_csv

HOSTILE = [
    '=HYPERLINK("http://x","klik")',
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "+1+1",
    "\tx",
    "\rx",
]
NUMBERS = ["-5", "-1.234.567,89", "+12,5%", "-3,5 %", "-0.5", "1e-3", "-7", "-", "–"]


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_formula_is_written_as_text(cell):
    assert neutral(cell) == "'" + cell


@pytest.mark.parametrize("cell", [*NUMBERS, "Belanja - Pegawai", "", None, 5, -5.5])
def test_numbers_and_plain_text_stay_as_they_are(cell):
    assert neutral(cell) == cell


def test_write_csv_reads_back_neutral(tmp_path):
    path = tmp_path / "out.csv"
    write_csv(path, ["nama", "nilai"], [[cell, "-5"] for cell in HOSTILE])
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    assert all(name.startswith("'") for name, _ in rows)
    assert {value for _, value in rows} == {"-5"}


def test_a_frame_keeps_numeric_columns_and_neutralises_text():
    frame = pl.DataFrame({"nama": [*HOSTILE, "-5"], "nilai": [-1.5] * 7})
    out = neutral_frame(frame)
    assert out["nilai"].to_list() == [-1.5] * 7
    assert out["nama"].to_list() == ["'" + c for c in HOSTILE] + ["-5"]
