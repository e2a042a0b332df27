"""A data-quality rule: what it checks, where, how severe, and its GX expectation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import great_expectations as gx
import polars as pl

Suite = Literal["contract", "report", "cross_year"]
Severity = Literal["blocking", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"blocking": 0, "warning": 1, "info": 2}
ROW_ID = "_dq_row_id"  # numbers the rows of a validated relation (see validate.py)


def rupiah_sql(column: str) -> str:
    """SQL rendering an amount the way the office writes it: ``Rp 12.588.628.067``."""
    return f"'Rp ' || replace(format('{{:,.0f}}', {column}), ',', '.')"


def percent_sql(column: str) -> str:
    """SQL rendering a 0-100 number as ``90,04 %``."""
    return f"replace(format('{{:.2f}}', {column}), '.', ',') || ' %'"


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


def within_at_most(column: str, maximum: float = 0.0) -> Callable[[], gx.expectations.Expectation]:
    """An expectation that ``column`` is at most ``maximum`` (nulls pass)."""
    return lambda: gx.expectations.ExpectColumnValuesToBeBetween(column=column, max_value=maximum)
