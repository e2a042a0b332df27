"""The number convention of a delivered table: detected from its unambiguous numbers,
English files rewritten the Indonesian way, other cells named as errors."""

import polars as pl
import pytest

from pipelines.lib.contract import ENTITIES_BY_SHEET
from pipelines.lib.conventions import as_indonesian, detect
from pipelines.lib.readers import SOURCE_ROW

BUDGET = ENTITIES_BY_SHEET["anggaran"]


def _frame(*amounts: tuple[str | None, str | None, str | None]) -> pl.DataFrame:
    columns = ("anggaran", "realisasi_keuangan", "persen_dilaporkan")
    return pl.DataFrame(
        {
            h: [dict(zip(columns, row, strict=True)).get(h) for row in amounts]
            for h in BUDGET.headers
        },
        schema={h: pl.String for h in BUDGET.headers},
    ).with_columns(pl.Series(SOURCE_ROW, range(2, len(amounts) + 2), dtype=pl.Int32))


@pytest.mark.parametrize(
    ("rows", "english", "bad_rows"),
    [
        ([("1.004.422.800,00", "966.210.350,50", "96,20")], False, []),
        ([("1,004,422,800.00", "966,210,350.50", "96.20")], True, []),
        ([("Rp. 600.000,-", "500.000", None)], False, []),  # ,- marks rupiah the Indonesian way
        ([("1,004,422,800", "99.66", None), ("75,5", "1", None)], True, [3]),  # minority
        ([("1.000.000,00", "1", "90,5"), ("1.5", "1", None)], False, [3]),
        ([("1.234", "1.500", None)], False, []),  # only ambiguous: Indonesian, the default
        ([("1000", "900", "90")], False, []),  # plain digits need no convention
    ],
)
def test_convention_is_the_files_unambiguous_numbers(rows, english, bad_rows):
    convention = detect(_frame(*rows), BUDGET)
    assert convention.english is english
    assert (
        convention.errors.get_column(SOURCE_ROW).unique(maintain_order=True).to_list() == bad_rows
    )


def test_an_english_file_is_rewritten_the_indonesian_way():
    frame = _frame(("Rp 1,234,567,890,123.45", "966,210,350.50", "99.5%"))
    rewritten = as_indonesian(frame, BUDGET).select(
        "anggaran", "realisasi_keuangan", "persen_dilaporkan"
    )
    assert rewritten.row(0) == ("Rp 1234567890123,45", "966210350,50", "99,5%")


def test_errors_name_the_column_and_the_number():
    convention = detect(_frame(("1.000.000,00", "1", None), ("2.5", "1", None)), BUDGET)
    (reason,) = convention.errors.get_column("reason").to_list()
    assert reason.startswith("column anggaran: '2.5' is written the English way")
