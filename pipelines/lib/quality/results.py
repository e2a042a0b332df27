"""What a validation gives: findings shaped as marts.dq_findings, each rule's outcome,
and a validation one step keeps in the build for a later step of the same run."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.lib.quality.rules import SEVERITY_ORDER, Rule

FINDINGS_SCHEMA = {
    "run_id": pl.String,
    "fiscal_year": pl.Int32,
    "agency_id": pl.String,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int32,
    "model": pl.String,
    "object_key": pl.String,
    "rule_id": pl.String,
    "suite": pl.String,
    "severity": pl.String,
    "expected": pl.String,
    "actual": pl.String,
    "message": pl.String,
    "office_message": pl.String,
    "checked_at": pl.Datetime("us", "UTC"),
}


@dataclass(frozen=True)
class RuleOutcome:
    """How one rule fared: rows checked and rows failing, and the seconds its relation
    took to check (shared by the rules judging that relation)."""

    rule: Rule
    checked: int
    failed: int
    seconds: float = 0.0


OUTCOME_COLUMNS = {
    "rule_id": pl.String,
    "relation": pl.String,
    "checked": pl.Int64,
    "failed": pl.Int64,
    "relation_seconds": pl.Float64,
    "run_id": pl.String,
}


def outcomes_frame(validation: Validation) -> pl.DataFrame:
    """Each rule's outcome as a table row (kept in the build, the warehouse and bench)."""
    rows = [
        (o.rule.rule_id, o.rule.relation, o.checked, o.failed, o.seconds, validation.run_id)
        for o in validation.outcomes
    ]
    return pl.DataFrame(rows, schema=OUTCOME_COLUMNS, orient="row")


def outcomes_of(frame: pl.DataFrame, rules: list[Rule]) -> list[RuleOutcome]:
    """The outcomes a table holds, for the rules that still exist."""
    by_id = {rule.rule_id: rule for rule in rules}
    return [
        RuleOutcome(by_id[r["rule_id"]], r["checked"], r["failed"], r.get("relation_seconds") or 0)
        for r in frame.iter_rows(named=True)
        if r["rule_id"] in by_id
    ]


@dataclass(frozen=True)
class Validation:
    """Findings of one validation and the outcome of every rule."""

    findings: pl.DataFrame
    outcomes: list[RuleOutcome]
    seconds: float
    run_id: str


KEPT_SCHEMA = "quality_kept"  # validations a step keeps for a later step of its run


def keep_validation(con: duckdb.DuckDBPyConnection, name: str, validation: Validation) -> None:
    """Keep ``validation`` in the build under ``name``, with its run id, for a later step
    of the same run to reuse (:func:`take_validation`)."""
    outcomes = outcomes_frame(validation).with_columns(seconds=pl.lit(validation.seconds))
    con.execute(f"create schema if not exists {KEPT_SCHEMA}")
    for part, frame in (("outcomes", outcomes), ("findings", validation.findings)):
        con.register("kept_frame", frame)
        con.execute(f"create or replace table {KEPT_SCHEMA}.{name}_{part} as from kept_frame")
        con.unregister("kept_frame")


def take_validation(
    con: duckdb.DuckDBPyConnection, name: str, rules: list[Rule], run_id: str
) -> Validation | None:
    """The validation of ``rules`` kept under ``name`` by this run, removed from the build
    whatever run kept it; None if this run kept none (then validate again)."""
    tables = {
        table
        for (table,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = ?", [KEPT_SCHEMA]
        ).fetchall()
    }
    if f"{name}_outcomes" not in tables:
        return None
    outcomes = con.sql(f"select * from {KEPT_SCHEMA}.{name}_outcomes").pl()
    findings = con.sql(f"select * from {KEPT_SCHEMA}.{name}_findings").pl()
    con.execute(f"drop table {KEPT_SCHEMA}.{name}_outcomes")
    con.execute(f"drop table {KEPT_SCHEMA}.{name}_findings")
    if tables == {f"{name}_outcomes", f"{name}_findings"}:  # nothing else kept
        con.execute(f"drop schema {KEPT_SCHEMA}")
    by_id = {rule.rule_id: rule for rule in rules}
    kept = outcomes.filter(pl.col("run_id") == run_id)
    if kept.height != outcomes.height or set(kept["rule_id"]) != set(by_id):
        return None  # another run's, or other rules (code changed): not this validation
    return Validation(
        findings=conform(findings),
        outcomes=outcomes_of(kept, rules),
        seconds=kept["seconds"][0] if kept.height else 0.0,
        run_id=run_id,
    )


def combine(first: Validation, second: Validation) -> Validation:
    """Two validations of one run (disjoint rules) as one."""
    return Validation(
        findings=pl.concat([first.findings, second.findings]),
        outcomes=first.outcomes + second.outcomes,
        seconds=first.seconds + second.seconds,
        run_id=first.run_id,
    )


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """A frame of findings with exactly the columns and types of marts.dq_findings."""
    missing = [
        pl.lit(None, dtype).alias(n)
        for n, dtype in FINDINGS_SCHEMA.items()
        if n not in frame.columns
    ]
    return frame.with_columns(missing).select(list(FINDINGS_SCHEMA)).cast(FINDINGS_SCHEMA)


def sort_findings(findings: pl.DataFrame) -> pl.DataFrame:
    """Worst first: blocking, then warnings, then information; then by place."""
    return findings.sort(
        pl.col("severity").replace_strict(SEVERITY_ORDER, return_dtype=pl.Int8),
        "rule_id",
        "fiscal_year",
        "agency_id",
        "source_file",
        "source_row",
        nulls_last=True,
    )
