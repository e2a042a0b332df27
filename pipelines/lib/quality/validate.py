"""Run the rules with Great Expectations on the build database; return findings.

Each relation is copied once into a numbered temporary table, read into pandas (GX
has no polars source, and its DuckDB one fails upstream: GX issues #10738, #11579) with decimals as
floats (exact for rupiah below 2^53) and lists dropped, and validated against all
its rules as one suite (only the columns the rules read). GX says which rows fail; SQL
then renders where they are and what was expected and found. A relation of more than
``GX_ROWS`` rows (national size) is not converted to pandas: the same expectations,
compiled to SQL by :mod:`pipelines.lib.quality.in_duckdb`, select the failing rows in
DuckDB.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, replace

import duckdb
import great_expectations as gx
import polars as pl

from pipelines.lib.quality.in_duckdb import failing_predicate, failing_rows_sql, may_fail_sql
from pipelines.lib.quality.results import (
    FINDINGS_SCHEMA,
    RuleOutcome,
    Validation,
    conform,
)
from pipelines.lib.quality.rules import ROW_ID, TEXT_MACROS, Rule

LOCATION = ("fiscal_year", "agency_id", "source_file", "source_sheet", "source_row")
# Second path, kept: above this many rows the expectations run in DuckDB (in_duckdb); GX
# on pandas would add more than the data-quality stages take at national size
# (docs/benchmarks.md, "Second paths").
GX_ROWS = 1_000_000


@functools.cache
def _batch_definition():
    """A GX batch definition of a whole pandas frame, made once per process.

    Only it is registered with GX's (ephemeral) context: the suites are validated
    directly on each frame's batch, not added to the context. Each addition of an asset,
    suite or validation definition made GX serialise its whole project configuration to
    YAML (a quarter of the time of the bundled data's suites).
    """
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    asset = context.data_sources.add_pandas("warehouse").add_dataframe_asset("relation")
    return asset.add_batch_definition_whole_dataframe("whole relation")


def _pandas(con: duckdb.DuckDBPyConnection, columns: list[str], rows_sql: str):
    """``columns`` of ``rows_sql`` (a relation aliased ``r``) as a pandas frame."""
    listed = ", ".join(f'r."{c}"' for c in columns)
    frame = con.sql(f"select {listed} from {rows_sql}").pl()
    frame = frame.with_columns(pl.col(pl.Decimal).cast(pl.Float64))
    return frame.select(pl.exclude(pl.List(pl.String), pl.Struct, pl.Object)).to_pandas()


TABLE_LEVEL = (gx.expectations.ExpectTableColumnsToMatchSet,)


def _columns_read_by(rules: list[Rule]) -> set[str]:
    """The columns the rules' expectations read (column arguments and row conditions)."""
    columns: set[str] = set()
    for rule in rules:
        kwargs = rule.expectation().configuration.kwargs
        columns |= {kwargs[k] for k in ("column", "column_A", "column_B") if kwargs.get(k)}
        columns |= set(kwargs.get("column_list") or [])
        condition = kwargs.get("row_condition")
        if isinstance(condition, dict) and isinstance(condition.get("column"), dict):
            columns.add(condition["column"]["name"])
    return columns


@dataclass
class _SuiteResult:
    failed: dict[str, list[int]]
    failing_table: dict[str, object]  # table-level failures: the observed value


def _run_suite(relation: str, rules: list[Rule], frames) -> _SuiteResult:
    """Validate ``rules`` as one GX suite against each pandas frame of ``frames``."""
    suite = gx.ExpectationSuite(name="rules")
    for rule in rules:
        expectation = rule.expectation()
        expectation.meta = {"rule_id": rule.rule_id}
        suite.expectations.append(expectation)
    outcome = _SuiteResult(defaultdict(list), {})
    for frame in frames:
        batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(
            suite,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_ID]},
        )
        for expectation_result in result.results:
            rule_id = expectation_result.expectation_config.meta["rule_id"]
            details = expectation_result.result
            if expectation_result.exception_info.get("raised_exception"):
                raise RuntimeError(
                    f"{rule_id} could not run on {relation}: "
                    f"{expectation_result.exception_info.get('exception_message')}"
                )
            if expectation_result.success:
                continue
            ids = _failed_row_ids(expectation_result)
            outcome.failed[rule_id] += ids
            if not ids:
                outcome.failing_table.setdefault(rule_id, details.get("observed_value"))
    return outcome


def _failed_row_ids(result) -> list[int]:
    index_list = result.result.get("unexpected_index_list") or []
    return sorted({int(row[ROW_ID]) for row in index_list if isinstance(row, dict)})


def _findings_sql(rule: Rule, failing_rows: str, columns: set[str], run_id: str) -> str:
    location = ", ".join(
        (column if column in columns else f"null as {column}") for column in LOCATION
    )
    return f"""
        select '{run_id}' as run_id, {location}, '{rule.relation.replace("'", "''")}' as model,
            cast({rule.object_key} as varchar) as object_key,
            cast({rule.expected} as varchar) as expected,
            cast({rule.actual} as varchar) as actual
        from ({failing_rows}) as failing
    """


def validate(con: duckdb.DuckDBPyConnection, rules: list[Rule], run_id: str) -> Validation:
    """Validate every rule against ``con``; return findings and per-rule outcomes."""
    started = time.monotonic()
    for macro in TEXT_MACROS:
        con.execute(macro)
    by_relation: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_relation[rule.relation].append(rule)
    pieces: list[pl.DataFrame] = []
    outcomes: list[RuleOutcome] = []
    checked_at = dt.datetime.now(dt.UTC)
    for number, (relation, relation_rules) in enumerate(by_relation.items()):
        relation_started = time.monotonic()
        table = f"dq_relation_{number}"
        judged = _judge_relation(con, relation, relation_rules, table)
        relation_outcomes = []
        for rule in relation_rules:
            piece = _findings_of(con, rule, judged, run_id)
            if piece is None or piece.is_empty():  # empty: a hash collision, none fails
                relation_outcomes.append(RuleOutcome(rule, judged.rows, 0))
                continue
            pieces.append(conform(_with_rule(piece, rule, checked_at)))
            relation_outcomes.append(RuleOutcome(rule, judged.rows, max(piece.height, 1)))
        con.execute(f"drop table if exists {table}")
        took = round(time.monotonic() - relation_started, 3)
        outcomes += [replace(o, seconds=took) for o in relation_outcomes]
    findings = pl.concat(pieces) if pieces else pl.DataFrame(schema=FINDINGS_SCHEMA)
    return Validation(findings, outcomes, time.monotonic() - started, run_id)


@dataclass
class _Judged:
    """One relation's verdicts: its rows, columns, each failing row rule's query of
    failing rows and each failing table-level rule's observed value."""

    relation: str
    rows: int
    columns: set[str]
    failed: dict[str, str]
    failing_table: dict[str, object]


def _judge_relation(
    con: duckdb.DuckDBPyConnection, relation: str, relation_rules: list[Rule], table: str
) -> _Judged:
    table_rules = [r for r in relation_rules if isinstance(r.expectation(), TABLE_LEVEL)]
    row_rules = [r for r in relation_rules if r not in table_rules]
    relation_sql, rows, may_fail = _relation_to_check(con, relation, table, row_rules)
    columns = [c for c, *_ in con.execute(f"describe {relation_sql}").fetchall()]
    # table-level rules see every column of no row; row rules the columns they read
    without_id = [c for c in columns if c != ROW_ID]
    read = [c for c in columns if c in {ROW_ID} | _columns_read_by(row_rules)]
    tables = _run_suite(
        relation,
        table_rules,
        [_pandas(con, without_id, f"{relation_sql} as r limit 0")] if table_rules else [],
    )
    failing_table = tables.failing_table
    if may_fail is None:
        frames = [_pandas(con, read, f"{relation_sql} as r")] if row_rules else []
        by_gx = _run_suite(relation, row_rules, frames)
        failing_table |= by_gx.failing_table
        failed = {
            rule_id: f"select * from {relation_sql} "
            f"where {ROW_ID} in ({', '.join(map(str, sorted(ids)))})"
            for rule_id, ids in by_gx.failed.items()
            if ids
        }
    else:  # in DuckDB: no row ids, each rule's failing rows are selected directly
        failed = {
            rule.rule_id: failing_rows_sql(rule.expectation(), relation_sql, "*")
            for rule, may in zip(row_rules, may_fail, strict=True)
            if may
        }
    return _Judged(relation, rows, set(columns), failed, failing_table)


def _findings_of(
    con: duckdb.DuckDBPyConnection, rule: Rule, judged: _Judged, run_id: str
) -> pl.DataFrame | None:
    """A failing rule's findings (None when it passed): one per failing row, or one for
    the relation when the expectation is table-level."""
    if rule.rule_id in judged.failed:
        sql = _findings_sql(rule, judged.failed[rule.rule_id], judged.columns, run_id)
        return con.sql(sql).pl()
    if rule.rule_id not in judged.failing_table:
        return None
    return pl.DataFrame(
        {
            "run_id": [run_id],
            "model": [judged.relation],
            "object_key": [judged.relation],
            "expected": [con.sql(f"select {rule.expected}").fetchone()[0]],
            "actual": [str(judged.failing_table[rule.rule_id])],
        }
    )


def _with_rule(piece: pl.DataFrame, rule: Rule, checked_at: dt.datetime) -> pl.DataFrame:
    return piece.with_columns(
        rule_id=pl.lit(rule.rule_id),
        suite=pl.lit(rule.suite),
        severity=pl.lit(rule.severity),
        checked_at=pl.lit(checked_at),
        message=pl.format(
            "{}: {} (expected {}, found {})",
            pl.lit(rule.description),
            pl.col("object_key"),
            pl.col("expected").fill_null("-"),
            pl.col("actual").fill_null("-"),
        ),
    )


def _relation_to_check(
    con: duckdb.DuckDBPyConnection, relation: str, table: str, row_rules: list[Rule]
) -> tuple[str, int, list[bool] | None]:
    """``relation`` as GX or DuckDB reads it, its number of rows, and, when it has more
    than ``GX_ROWS`` rows, whether each of ``row_rules`` may fail on it (None: GX decides).

    A base table is read in place (its ``rowid``: nothing is copied, which matters at 20
    million rows). A view is computed once for its rows and the rules' answers together
    (a view of 20 million lines costs seconds each time). Up to ``GX_ROWS`` rows it is
    then copied into the temp table ``table`` with row ids for GX; above, when rules may
    fail, its rows that fail any of them are copied there in one more pass, and each
    rule's failing rows are selected from them."""
    schema, _, name = relation.partition(".")
    is_table = con.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
        [schema, name],
    ).fetchone()[0]
    row_id = f"rowid as {ROW_ID}, " if is_table else ""
    source = f"(select {row_id}* from {relation})"
    if is_table:
        rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
        if rows <= GX_ROWS:
            return source, rows, None
    expectations = [rule.expectation() for rule in row_rules]
    rows, *may_fail = con.execute(may_fail_sql(expectations, source, not is_table)).fetchone()
    if is_table:
        return source, rows, may_fail
    if rows <= GX_ROWS:
        con.execute(
            f"create or replace temp table {table} as "
            f"select row_number() over () as {ROW_ID}, * from {relation}"
        )
        return table, rows, None
    failing = [failing_predicate(e) for e, may in zip(expectations, may_fail, strict=True) if may]
    if failing and None not in failing:
        candidates = " or ".join(f"({predicate})" for predicate in failing)
        con.execute(
            f"create or replace temp table {table} as select * from {relation} where {candidates}"
        )
        return table, rows, may_fail
    return source, rows, may_fail
