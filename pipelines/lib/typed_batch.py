"""The staged rows of one table, typed in one go: what loads, what is quarantined and
why, and which optional cells were nulled. Writes nothing: the loader
(:mod:`pipelines.lib.ingest`) records the outcome in the file log."""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from pipelines.lib.budget_tree import place_budget_lines
from pipelines.lib.cleaning import TypedTable, type_table
from pipelines.lib.contract import BUDGET_LINES, Entity
from pipelines.lib.deliveries import unknown_agency_rows
from pipelines.lib.file_log import raw_records
from pipelines.lib.raw_tables import LINEAGE, raw_schema
from pipelines.lib.readers import SOURCE_ROW
from pipelines.lib.row_contract import contract_problems


@dataclass(frozen=True)
class TypedBatch:
    """``loaded``: the rows in the raw table's declared columns; ``problems``: one line
    per quarantined cell (row key, lineage, column, value, reason, the row as read);
    ``nulled``: bad optional cells nulled in rows that load."""

    loaded: pl.DataFrame
    problems: pl.DataFrame
    nulled: pl.DataFrame


def type_delivered(
    frame: pl.DataFrame,
    entity: Entity,
    known_accounts: frozenset[str] = frozenset(),
    key: str = SOURCE_ROW,
) -> TypedTable:
    """:func:`type_table` with the contract's defaults for empty optional cells, and each
    budget line placed in its report's hierarchy (a line whose code contradicts its
    parent quarantines its row)."""
    typed = type_table(frame, entity, known_accounts, key)
    defaults = [pl.col(c.name).fill_null(c.default) for c in entity.columns if c.default]
    if defaults:
        typed = replace(typed, loaded=typed.loaded.with_columns(defaults))
    if entity is not BUDGET_LINES:
        return typed
    placed, misplaced = place_budget_lines(typed.loaded, key)
    if misplaced.is_empty():
        return replace(typed, loaded=placed)
    return replace(
        typed,
        loaded=placed,
        problems=pl.concat([typed.problems, misplaced.select(typed.problems.columns)]),
        nulled=typed.nulled.filter(~pl.col(key).is_in(misplaced.get_column(key).implode())),
    )


def type_batch(
    batch: pl.DataFrame,
    entity: Entity,
    agency_table: pl.DataFrame,
    known_accounts: frozenset[str],
    key: str,
) -> TypedBatch:
    """Type ``batch`` (staged rows of ``entity``, each with its lineage and ``key``): rows
    of an agency no list knows, rows breaking a typing rule and rows breaking the row
    contract are the problems; every other row loads."""
    carried = [key, *(c for c in LINEAGE if c in batch.columns)]
    unknown = unknown_agency_rows(batch, agency_table, carried)
    typed = type_delivered(
        batch.join(unknown.select(key), on=key, how="anti"), entity, known_accounts, key=key
    )
    broken = contract_problems(typed.loaded, entity, key, carried)
    problems = pl.concat(
        [unknown, typed.problems.select(unknown.columns), broken.select(unknown.columns)]
    )
    if problems.height:
        records = batch.filter(pl.col(key).is_in(problems[key].implode()))
        records = records.select(key).with_columns(raw_record=raw_records(records))
        problems = problems.join(records, on=key, how="left")
    loaded = typed.loaded.join(broken.select(key), on=key, how="anti")
    return TypedBatch(loaded.select(list(raw_schema(entity))), problems, typed.nulled)
