"""The raw tables an agency's delivery becomes, declared once: their columns and types.

Each contract column becomes one or more loaded columns by its kind (a percentage keeps
how many decimals were printed; a target keeps its text, its number and its status);
every row carries where it came from. Ingest writes exactly these tables, the contract
suite checks the warehouse against them, and neither derives them from the other.
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.contract import BUDGET_LINES, Column, ColumnKind, Entity
from pipelines.lib.numbers import AMOUNT_DTYPE, NUMBER_DTYPE, PERCENT_DTYPE
from pipelines.lib.readers import SOURCE_ROW

_ONE_TEXT = (("", pl.String),)

# the loaded columns of one contract column, as (suffix of its name, type)
KIND_COLUMNS: dict[ColumnKind, tuple[tuple[str, pl.DataType], ...]] = {
    "year": (("", pl.Int16),),
    "agency": _ONE_TEXT,
    "text": _ONE_TEXT,
    "integer": (("", pl.Int32),),
    "amount": (("", AMOUNT_DTYPE),),
    "percent": (("", PERCENT_DTYPE), ("_decimals", pl.Int8)),
    "level": _ONE_TEXT,
    "budget_code": (("", pl.String), ("_as_reported", pl.String)),
    "account_code": _ONE_TEXT,
    "program_codes": (("", pl.List(pl.String)),),
    "polarity": _ONE_TEXT,
    "measure": (("_text", pl.String), ("_value", NUMBER_DTYPE), ("_status", pl.String)),
    "choice": _ONE_TEXT,
    "reported_value": (("_text", pl.String), ("_number", NUMBER_DTYPE), ("_decimals", pl.Int8)),
}

# where each row came from: the file, sheet and row, the delivery that brought it, whether
# an agency's report or a finance export, and the date a finance export runs to
PROVENANCE: dict[str, pl.DataType] = {
    SOURCE_ROW: pl.Int32,
    "delivery_key": pl.String,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_kind": pl.String,
    "reported_through": pl.Date,
}

# what a staged row carries through typing, beside its cells: its provenance and the
# delivery's year and agency (which the row's own tahun and kode_opd must agree with)
LINEAGE = (
    "delivery_key",
    "source_file",
    "source_sheet",
    SOURCE_ROW,
    "delivery_year",
    "delivery_agency_id",
    "source_kind",
    "reported_through",
)

# columns ingest adds after typing: a budget line's place in its report's hierarchy
# (pipelines.lib.budget_tree)
PLACED: dict[str, dict[str, pl.DataType]] = {
    BUDGET_LINES.name: {
        "name_key": pl.String,
        "line_key": pl.String,
        "parent_line_key": pl.String,
        "is_coded": pl.Boolean,
    }
}


def loaded_columns(column: Column) -> dict[str, pl.DataType]:
    """The loaded columns one contract column becomes, with their types."""
    return {f"{column.name}{suffix}": dtype for suffix, dtype in KIND_COLUMNS[column.kind]}


def raw_schema(entity: Entity) -> dict[str, pl.DataType]:
    """The columns of the raw table of ``entity``, in the warehouse's order."""
    typed = {name: dtype for c in entity.columns for name, dtype in loaded_columns(c).items()}
    return PROVENANCE | typed | PLACED.get(entity.name, {})


def empty_table(entity: Entity) -> pl.DataFrame:
    """The raw table of ``entity`` with no rows."""
    return pl.DataFrame(schema=raw_schema(entity))
