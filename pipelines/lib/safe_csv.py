"""CSV files a spreadsheet opens without running a cell (OWASP, "CSV Injection").

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel and LibreOffice: it is written with a leading apostrophe, which shows
it as text. Numbers stay numbers: a cell that reads as a number (``-5``,
``-1.234,50``, ``+12,5%``) or a lone dash (nihil) is written as it is, and numeric
columns are never touched.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import polars as pl

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# a signed number in either convention, optionally a percentage or in e-notation, or
# a dash alone (nihil in a report); literal characters, read alike by Python and DuckDB
_NUMBER = "^(?:[-+]?[0-9][0-9.,]*(?:[eE][-+]?[0-9]+)? ?%?|[-–—])$"
_NUMBER_RE = re.compile(_NUMBER)
_TRIGGER_CLASS = r"^[=+\-@\t\r]"


def neutral(cell: object) -> object:
    """``cell`` as a spreadsheet shows it as text (see the module's docstring)."""
    if isinstance(cell, str) and cell.startswith(TRIGGERS) and not _NUMBER_RE.match(cell):
        return "'" + cell
    return cell


def write_csv(
    path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]], encoding: str = "utf-8"
) -> None:
    """Write ``rows`` under ``headers``, every text cell neutral."""
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow([neutral(h) for h in headers])
        writer.writerows([neutral(cell) for cell in row] for row in rows)


def neutral_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text column neutral (for ``DataFrame.write_csv``)."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(_TRIGGER_CLASS) & ~pl.col(c).str.contains(_NUMBER))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )


def neutral_sql(column: str) -> str:
    """A DuckDB expression giving the text column ``column`` (a quoted identifier)
    neutral."""
    return (
        f"case when regexp_matches({column}, '{_TRIGGER_CLASS}') "
        f"and not regexp_matches({column}, '{_NUMBER}') then '''' || {column} "
        f"else {column} end"
    )


def sql_literal(text: str) -> str:
    """``text`` as a SQL string literal (a path in COPY, which takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"
