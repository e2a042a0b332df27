"""The contract across rows, applied at ingest: a negative amount in a report and a key
given twice quarantine their rows with the reason, so one agency's bad rows never stop
the others from being published.

The contract suite (declared on the raw tables, _raw__sources.yml) checks the same on the raw
tables afterwards; once the ingest holds these rows back, a blocking finding there means
a defect of the project, not of a delivery.
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.contract import KEYS, Entity
from pipelines.lib.raw_tables import LINEAGE

AGENCY_REPORT = "agency_report"
# amounts a report may not print below zero (a finance export books corrections)
NOT_NEGATIVE = {
    "budget_lines": ("budget_idr", "realized_idr"),
    "spending_lines": ("budget_idr", "realized_idr"),
}
# a finance export lists many leaf accounts under one spending type, and gives budget
# lines beside a report's: its rows are keyed within the export, spending not at all
EXPORT_KEYS = {"budget_lines": ["delivery_key", *KEYS["budget_lines"]]}


def _headers(entity: Entity) -> dict[str, str]:
    """The sender's header of each loaded column; a budget line's key is its code."""
    headers = {c.name: c.header for c in entity.columns}
    if "code" in headers:
        headers["line_key"] = headers["code"]
    return headers


def _negative(loaded: pl.DataFrame, entity: Entity, carried: list[str]) -> list[pl.DataFrame]:
    headers = _headers(entity)
    found = []
    for column in NOT_NEGATIVE.get(entity.name, ()):
        rows = loaded.filter((pl.col("source_kind") == AGENCY_REPORT) & (pl.col(column) < 0))
        if rows.height:
            found.append(
                rows.select(
                    *carried,
                    column=pl.lit(headers[column]),
                    value=pl.col(column).cast(pl.String),
                    reason=pl.lit(f"negative amount: {headers[column]} cannot be below zero"),
                )
            )
    return found


def _key_groups(loaded: pl.DataFrame, entity: Entity) -> list[tuple[pl.DataFrame, list[str]]]:
    """(rows, key) pairs: the rows that must be unique on that key."""
    if entity.name not in NOT_NEGATIVE:
        return [(loaded, KEYS[entity.name])]
    report = loaded.filter(pl.col("source_kind") == AGENCY_REPORT)
    export = loaded.filter(pl.col("source_kind") != AGENCY_REPORT)
    groups = [(report, KEYS[entity.name])]
    if entity.name in EXPORT_KEYS:
        groups.append((export, EXPORT_KEYS[entity.name]))
    return groups


def _repeated(
    rows: pl.DataFrame, key: list[str], row_id: str, carried: list[str], entity: Entity
) -> pl.DataFrame | None:
    """Rows whose key another row has: a copy of an earlier row (the copy is held back,
    the first is loaded) or the same key with other values (all of them held back: which
    one is right is the sender's to say)."""
    content = [c for c in rows.columns if c not in LINEAGE and c != row_id and c not in key]
    marked = rows.with_columns(
        pl.len().over(key).alias("__rows"),
        pl.struct(content).hash().n_unique().over(key).alias("__variants"),
        pl.col(row_id).min().over(key).alias("__first"),
        pl.format("{} row {}", pl.col("source_file"), pl.col("source_row"))
        .first()
        .over(key, order_by=row_id)
        .alias("__first_at"),
        pl.col("source_row").cast(pl.String).str.join(", ").over(key).alias("__all_rows"),
    ).filter(pl.col("__rows") > 1)
    held = marked.filter((pl.col("__variants") > 1) | (pl.col(row_id) != pl.col("__first")))
    if held.is_empty():
        return None
    headers = _headers(entity)
    named = [headers.get(k, k) for k in key if k not in ("agency_id", "fiscal_year")]
    shown = " ".join(named)
    value = pl.concat_str(
        [pl.col(k).cast(pl.String).fill_null("∅") for k in key[2:] if k != "delivery_key"],
        separator=" ",
    )
    reason = (
        pl.when(pl.col("__variants") > 1)
        .then(
            pl.format(
                f"{shown} given more than once with different values (rows {{}}): "
                "keep one row per key",
                pl.col("__all_rows"),
            )
        )
        .otherwise(pl.format("the same row again (first at {}): counted once", "__first_at"))
    )
    return held.select(*carried, column=pl.lit(named[0] if named else None), value=value,
                       reason=reason)  # fmt: skip


def contract_problems(
    loaded: pl.DataFrame, entity: Entity, row_id: str, carried: list[str]
) -> pl.DataFrame:
    """The rows of ``loaded`` (typed rows of ``entity``, each with ``row_id`` and the
    ``carried`` lineage) that break the contract across rows, as problems: the carried
    columns, column, value, reason. Empty when every row may load."""
    found = _negative(loaded, entity, carried)
    for rows, key in _key_groups(loaded, entity):
        repeated = _repeated(rows, key, row_id, carried, entity)
        if repeated is not None:
            found.append(repeated)
    schema = {**{c: loaded.schema[c] for c in carried}, "column": pl.String,
              "value": pl.String, "reason": pl.String}  # fmt: skip
    if not found:
        return pl.DataFrame(schema=schema)
    problems = pl.concat([f.cast(schema) for f in found])
    return problems.unique(row_id, keep="first", maintain_order=True)
