"""A data-quality rule: what it checks, where, how severe, and its GX expectation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import polars as pl

if TYPE_CHECKING:  # GX takes seconds to import; a rule's sentence does not need it
    import great_expectations as gx

Suite = Literal["contract", "report", "cross_year"]
Severity = Literal["blocking", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"blocking": 0, "warning": 1, "info": 2}
ROW_ID = "_dq_row_id"  # numbers the rows of a validated relation (see validate.py)


# How a rule's expected / actual SQL writes figures the way the office does: the macros
# exist on every connection a validation runs on (validate.define_text_macros).
TEXT_MACROS = (
    "create or replace temp macro rupiah_text(amount) as "
    "'Rp ' || replace(format('{:,.0f}', amount), ',', '.')",  # Rp 12.588.628.067
    "create or replace temp macro percent_text(rate) as "
    "replace(format('{:.2f}', rate), '.', ',') || ' %'",  # 90,04 %
)


@dataclass(frozen=True)
class OfficeSentence:
    """What a failing row tells the office, in Indonesian: the sentence (placeholders
    {object}, {expected}, {found}, {period}, {measure}, {level}, {code}, {children}) and
    the fix; ``shows_found_whole`` shows the value found as typed, not its first figure."""

    what: str
    fix: str
    shows_found_whole: bool = False
    # a contract rule's table and column, which its sentence names in the office's words
    table: str = ""
    column: str = ""


@dataclass(frozen=True)
class Rule:
    """One data-quality rule: a GX expectation on one relation of the build database."""

    rule_id: str
    suite: Suite
    severity: Severity
    relation: str
    guards: tuple[str, ...]
    description: str
    expectation: Callable[[], gx.expectations.Expectation]
    object_key: str = "object_key"
    expected: str = "null"
    actual: str = "null"
    documented: str | None = None  # docs/data-quality.md's longer text, when it has one
    office: OfficeSentence | None = None


_DUCKDB_TYPES = {
    pl.String: "VARCHAR",
    pl.Int8: "TINYINT",
    pl.Int16: "SMALLINT",
    pl.Int32: "INTEGER",
    pl.Int64: "BIGINT",
    pl.Boolean: "BOOLEAN",
    pl.Date: "DATE",
    pl.Float64: "DOUBLE",
}


def duckdb_type(dtype: pl.DataType) -> str:
    """The DuckDB type a polars column becomes when written to the warehouse."""
    if isinstance(dtype, pl.Decimal):
        return f"DECIMAL({dtype.precision},{dtype.scale})"
    if isinstance(dtype, pl.List):
        return f"{duckdb_type(dtype.inner)}[]"
    return _DUCKDB_TYPES[dtype.base_type()]
