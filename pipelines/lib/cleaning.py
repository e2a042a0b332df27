"""Type one delivered table against the contract, without losing a row.

:func:`type_table` turns the all-text frame of :mod:`pipelines.lib.readers` into
typed columns plus a list of problems (row, column, value, reason). A row with
at least one problem is quarantined as a whole; every other row is loaded. All
of it is vectorised polars; only the explanation of a failed number goes
through Babel, one failed value at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.lib import column_kinds
from pipelines.lib.canonical import IS_CANONICAL, type_canonical
from pipelines.lib.contract import Entity
from pipelines.lib.numbers import explain_number_error
from pipelines.lib.raw_tables import LINEAGE, loaded_columns
from pipelines.lib.readers import SOURCE_ROW


@dataclass(frozen=True)
class TypedTable:
    """The outcome of typing one table: loaded rows, problems that quarantine their row,
    and problems of optional cells, nulled in a row that is loaded all the same."""

    loaded: pl.DataFrame
    problems: pl.DataFrame
    rows_in: int
    nulled: pl.DataFrame


def _explain(problems: pl.DataFrame, entity: Entity) -> pl.DataFrame:
    """Replace terse number errors by Babel's explanation with a suggestion."""
    kinds = {c.header: c.kind for c in entity.columns if c.kind in ("amount", "percent")}
    kinds |= {c.header: "number" for c in entity.columns if c.kind == "reported_value"}
    if problems.is_empty() or not kinds:
        return problems
    reasons = [
        explain_number_error(value, kinds[column])
        if column in kinds and reason == "not a number in Indonesian format"
        else reason
        for column, value, reason in problems.select("column", "value", "reason").iter_rows()
    ]
    return problems.with_columns(pl.Series("reason", reasons, dtype=pl.String))


def type_table(
    frame: pl.DataFrame,
    entity: Entity,
    known_accounts: frozenset[str] = frozenset(),
    key: str = SOURCE_ROW,
    *,
    canonical_first: bool = True,
) -> TypedTable:
    """Type ``frame`` (text cells, contract headers) and split loaded rows from problems.

    ``key`` identifies a row (``source_row`` for one file; a row id when many files
    are typed at once). Lineage columns present in ``frame`` (``source_file``,
    ``source_sheet``, ``source_row``, ...) are carried to both outputs. The frame
    must already have exactly the entity's headers (see
    :func:`pipelines.lib.headers.complete_columns`).

    Rows whose every cell is written the canonical way (see :func:`type_canonical`) are
    typed by a few cheap expressions; the others by the full rules, which explain every
    problem. Both give the same values (``canonical_first=False`` types every row by the
    full rules: the tests compare the two).
    """
    # second path, kept: the rules alone add ~30 % to a national ingest stage
    # (docs/benchmarks.md, "Second paths")
    if not canonical_first:
        return _type_by_rules(frame, entity, known_accounts, key)
    carried = [key, *(c for c in LINEAGE if c in frame.columns)]
    fast = type_canonical(frame, entity, known_accounts, carried)
    is_canonical = fast.get_column(IS_CANONICAL)
    if not is_canonical.any():
        return _type_by_rules(frame, entity, known_accounts, key)
    rest = _type_by_rules(frame.filter(~is_canonical), entity, known_accounts, key)
    loaded = fast.filter(is_canonical).drop(IS_CANONICAL).cast(rest.loaded.schema)
    if not rest.loaded.is_empty():
        loaded = pl.concat([loaded, rest.loaded]).sort(key)
    return TypedTable(
        loaded=loaded, problems=rest.problems, rows_in=frame.height, nulled=rest.nulled
    )


def _type_by_rules(
    frame: pl.DataFrame, entity: Entity, known_accounts: frozenset[str], key: str
) -> TypedTable:
    """Every rule of the contract on every cell: values, and the reason of each problem."""
    carried = list(dict.fromkeys([key, *(c for c in LINEAGE if c in frame.columns)]))
    typed = column_kinds.typed_frame(frame, entity, known_accounts)
    error_columns = [c for c in typed.columns if c.startswith(column_kinds.ERROR_PREFIXES)]
    problems = (
        typed.select(key, *error_columns)
        .filter(pl.any_horizontal(pl.col(error_columns).is_not_null()))
        .unpivot(index=key, variable_name="column", value_name="reason")
        .drop_nulls("reason")
        .with_columns(pl.col("column").str.replace(column_kinds.ERROR_PREFIX_PATTERN, ""))
        .unique([key, "column"], keep="first")
    )
    bad_keys = problems.get_column(key).unique().implode()
    values = (
        frame.filter(pl.col(key).is_in(bad_keys))
        .select(key, *entity.headers)
        .unpivot(index=key, variable_name="column", value_name="value")
    )
    problems = (
        problems.join(values, on=[key, "column"], how="left")
        .join(frame.select(carried), on=key, how="left")
        .select(*carried, "column", "value", "reason")
        .sort(key, "column")
    )
    problems = _explain(problems, entity)
    # a bad optional cell is nulled and its row kept; any other problem quarantines the row
    nullable = nullable_headers(entity)
    optional = {c.header: c for c in entity.columns if c.header in nullable}
    is_cell_only = pl.col("column").is_in(list(optional)) & ~pl.col(key).is_in(
        problems.filter(~pl.col("column").is_in(list(optional))).get_column(key).implode()
    )
    nulled, problems = problems.filter(is_cell_only), problems.filter(~is_cell_only)
    bad_keys = problems.get_column(key).unique().implode()
    output = [*carried, *(o for c in entity.columns for o in loaded_columns(c))]
    loaded = typed.filter(~pl.col(key).is_in(bad_keys)).select(output)
    for header, cells in nulled.group_by("column"):
        column = optional[header[0]]
        keys = cells.get_column(key).implode()
        empty = pl.lit([], pl.List(pl.String)) if column.kind == "program_codes" else None
        loaded = loaded.with_columns(
            pl.when(pl.col(key).is_in(keys)).then(empty).otherwise(pl.col(name)).alias(name)
            for name in loaded_columns(column)
        )
    return TypedTable(loaded=loaded, problems=problems, rows_in=frame.height, nulled=nulled)


def nullable_headers(entity: Entity) -> frozenset[str]:
    """Headers whose bad cell is nulled rather than quarantining its row: the optional
    columns, except a code (which keys the row)."""
    return frozenset(c.header for c in entity.columns if not c.required and c.kind != "budget_code")
