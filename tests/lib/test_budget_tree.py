"""A budget line's place in its report: by code, by induk, by the row above."""

import polars as pl

from pipelines.lib.budget_tree import place_budget_lines
from pipelines.lib.readers import SOURCE_ROW

COLUMNS = ("level", "code", "name", "parent_ref")


def _lines(*rows: tuple[str, str | None, str, str | None], agency: str = "a") -> pl.DataFrame:
    return pl.DataFrame(
        [dict(zip(COLUMNS, row, strict=True)) for row in rows],
        schema={c: pl.String for c in COLUMNS},
    ).with_columns(
        pl.Series(SOURCE_ROW, range(2, len(rows) + 2), dtype=pl.Int32),
        fiscal_year=pl.lit(2022, pl.Int16),
        agency_id=pl.lit(agency),
        source_file=pl.lit(f"2022/{agency}/anggaran.csv"),
        source_sheet=pl.lit(None, pl.String),
        code_as_reported=pl.col("code"),
        objective_no=pl.lit(None, pl.Int32),
    )


def test_coded_lines_find_their_parents_by_prefix_and_a_program_has_none():
    placed, problems = place_budget_lines(
        _lines(
            ("program", "8.01.01", "Program Penunjang", None),
            ("activity", "8.01.01.2.01", "Perencanaan", None),
            ("sub_activity", "8.01.01.2.01.0001", "Penyusunan Dokumen", None),
        ),
        SOURCE_ROW,
    )
    assert problems.is_empty()
    assert placed.select("line_key", "parent_line_key").rows() == [
        ("8.01.01", None),
        ("8.01.01.2.01", "8.01.01"),
        ("8.01.01.2.01.0001", "8.01.01.2.01"),
    ]


def test_the_same_parents_whether_placed_by_codes_or_row_by_row():
    """One uncoded line sends its agency-year down the row-by-row path: the coded lines
    of it get the parents the code path gives."""
    coded = [
        ("program", "8.01.01", "Program Penunjang", None),
        ("activity", "8.01.01.2.01", "Perencanaan", None),
    ]
    by_codes, _ = place_budget_lines(_lines(*coded), SOURCE_ROW)
    row_by_row, _ = place_budget_lines(
        _lines(*coded, ("activity", None, "Kegiatan tanpa kode", None)), SOURCE_ROW
    )
    assert row_by_row.head(2).select("line_key", "parent_line_key").rows() == (
        by_codes.select("line_key", "parent_line_key").rows()
    )
    assert row_by_row.row(2, named=True)["parent_line_key"] == "8.01.01"  # the row above
