"""Which number convention a delivered file writes, and reading it in that one.

The template asks for Indonesian numbers (``1.004.422.800,00``, ``99,66``), but a table
copied from an English-locale PDF or spreadsheet prints ``1,004,422,800`` and ``99.66``.
A file whose unambiguous numbers all use comma thousands and dot decimals is read in
that convention (its cells rewritten the Indonesian way before typing, the file log
saying so). A number of the other convention in a file is an error naming the cell:
never a number read wrongly, never a figure silently turned into text. A file whose
numbers are all ambiguous (``50.000 lembar``: fifty thousand, or fifty?) is read the
Indonesian way the template asks for: nothing in it proves otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.lib.contract import Entity
from pipelines.lib.readers import SOURCE_ROW

NUMBER_KINDS = ("amount", "percent", "measure", "reported_value")
ENGLISH_NOTE = "numbers: comma thousands, dot decimals (read as such)"
_TOKEN = r"\d[\d.,]*\d|\d"
# unambiguous shapes of each convention; a lone separator before 3 digits is ambiguous
_INDONESIAN = (
    r"^\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$|^\d{1,3}(?:\.\d{3})+,\d+$|^\d+,(?:\d{1,2}|\d{4,})$"
)
_ENGLISH = r"^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$|^\d{1,3}(?:,\d{3})+\.\d+$|^\d+\.(?:\d{1,2}|\d{4,})$"
_AMBIGUOUS = r"^\d{1,3}[.,]\d{3}$"


def _anywhere(shape: str) -> str:
    """``shape`` (anchored) as a whole number anywhere in a cell."""
    return r"(?:^|[^\d.,])(?:" + shape.replace("^", "").replace("$", "") + r")(?:[^\d.,]|$)"


# a cell holding a number of the English shape: only then is the file looked at closely
_ENGLISH_ANYWHERE = _anywhere(_ENGLISH)
_INDONESIAN_ANYWHERE = _anywhere(_INDONESIAN) + r"|,-\s*$"


@dataclass(frozen=True)
class Convention:
    """A file's numbers: its convention, and the cells that break it (row, reason)."""

    english: bool
    errors: pl.DataFrame  # SOURCE_ROW, column, value, reason: one line per bad cell


def _tokens(frame: pl.DataFrame, headers: list[str]) -> pl.DataFrame:
    """One row per number written in a numeric cell: row, column, cell, number, shape."""
    cells = frame.select(
        SOURCE_ROW,
        *(pl.col(h).cast(pl.String) for h in headers),
    ).unpivot(index=SOURCE_ROW, variable_name="column", value_name="cell")
    rupiah = pl.col("cell").str.contains(r",-\s*$")  # Rp. 600.000,- is Indonesian
    return (
        cells.drop_nulls("cell")
        .with_columns(number=pl.col("cell").str.extract_all(_TOKEN), rupiah=rupiah)
        .explode("number")
        .drop_nulls("number")
        .with_columns(
            shape=pl.when(pl.col("rupiah") | pl.col("number").str.contains(_INDONESIAN))
            .then(pl.lit("indonesian"))
            .when(pl.col("number").str.contains(_ENGLISH))
            .then(pl.lit("english"))
            .when(pl.col("number").str.contains(_AMBIGUOUS))
            .then(pl.lit("ambiguous"))
        )
    )


def detect(frame: pl.DataFrame, entity: Entity) -> Convention:
    """The convention of one delivered table (contract headers, text cells)."""
    headers = _number_headers(frame, entity)
    no_errors = pl.DataFrame(
        schema={SOURCE_ROW: pl.Int32, "column": pl.String, "value": pl.String, "reason": pl.String}
    )
    if not headers or frame.is_empty():
        return Convention(False, no_errors)
    # nearly every file has no English number and some unambiguous Indonesian one: two
    # scans of its cells say so, without taking every number apart
    cells = [pl.col(h).cast(pl.String) for h in headers]
    english_any, indonesian_any = frame.select(
        pl.any_horizontal(c.str.contains(_ENGLISH_ANYWHERE) for c in cells).any().alias("en"),
        pl.any_horizontal(c.str.contains(_INDONESIAN_ANYWHERE) for c in cells).any().alias("id"),
    ).row(0)
    if not english_any and indonesian_any:
        return Convention(False, no_errors)
    tokens = _tokens(frame, headers)
    counts = tokens.get_column("shape").value_counts()
    count = dict(zip(counts["shape"], counts["count"], strict=True))
    indonesian, english = count.get("indonesian", 0), count.get("english", 0)
    if indonesian == english == 0:  # only 50.000-like numbers: the contract's way
        return Convention(False, no_errors)
    is_english = english > indonesian  # the file's own majority; a tie stays Indonesian
    other = "indonesian" if is_english else "english"
    why = (
        "'{}' is written the English way (decimal point, comma thousands) while the "
        "file's other numbers are Indonesian (1.004.422.800,00). Did you mean '{}'?"
        if not is_english
        else "'{}' is written the Indonesian way (decimal comma) while the file's other "
        "numbers are English (1,004,422,800.00). Did you mean '{}'?"
    )
    return Convention(is_english, _row_errors(tokens.filter(pl.col("shape") == other), why))


def _number_headers(frame: pl.DataFrame, entity: Entity) -> list[str]:
    """The delivered columns holding numbers (optional ones may be absent)."""
    return [c.header for c in entity.columns if c.kind in NUMBER_KINDS and c.header in frame]


def _row_errors(bad: pl.DataFrame, why: str) -> pl.DataFrame:
    """One line per bad cell: row, column, the cell, and why (with the number written
    the file's way, where ``why`` asks for it)."""
    number = pl.col("number")
    swapped = (  # 1,004.5 <-> 1.004,5: each separator becomes the other
        number.str.replace_all(",", "|", literal=True)
        .str.replace_all(".", ",", literal=True)
        .str.replace_all("|", ".", literal=True)
    )
    arguments = [number, swapped] if why.count("{}") == 2 else [number]
    return bad.select(
        pl.col(SOURCE_ROW).cast(pl.Int32),
        "column",
        pl.col("cell").alias("value"),
        pl.format("column {}: " + why, pl.col("column"), *arguments).alias("reason"),
    )


def as_indonesian(frame: pl.DataFrame, entity: Entity) -> pl.DataFrame:
    """The numeric cells of an English-convention file written the Indonesian way
    (``1,004,422,800.50`` → ``1004422800,50``)."""
    return frame.with_columns(
        pl.col(header)
        .str.replace_all(r",(\d{3})\b", "${1}")
        .str.replace_all(r"(\d)\.(\d)", "${1},${2}")
        for header in _number_headers(frame, entity)
    )
