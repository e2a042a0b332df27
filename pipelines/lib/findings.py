"""Reading a build's data-quality findings and what its run was based on."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import polars as pl

from pipelines.lib import warehouse as warehouse_db
from pipelines.lib.conventions import ENGLISH_NOTE
from pipelines.lib.describe import comment_statements, mart_docs
from pipelines.lib.office.formats import wib
from pipelines.lib.quality.indonesian import pesan
from pipelines.lib.quality.report import render
from pipelines.lib.quality.results import (
    OUTCOME_COLUMNS,
    Validation,
    combine,
    conform,
    outcomes_frame,
    outcomes_of,
    sort_findings,
    take_validation,
)
from pipelines.lib.quality.suites import all_rules
from pipelines.lib.quality.validate import validate
from pipelines.lib.refresh_plan import data_cut_off


def blocking_findings(build: Path) -> list[str]:
    """Blocking findings of a build, one line each: file, agency, year, rule, message."""
    with warehouse_db.connect(build, read_only=True) as con:
        rows = con.execute(
            "select source_file, agency_id, fiscal_year, rule_id, message "
            "from marts.dq_findings where severity = 'blocking' order by 1, 2, 3"
        ).fetchall()
    return [
        f"{file} (agency {agency}, year {year}) {rule}: {message}"
        for file, agency, year, rule, message in rows
    ]


def findings_beyond_contract(build: Path) -> pl.DataFrame:
    """The findings of the report and cross-year suites (the contract's block earlier)."""
    with warehouse_db.connect(build, read_only=True) as con:
        return con.sql("select * from marts.dq_findings where suite <> 'contract'").pl()


def run_inputs(build: Path) -> dict:
    """What a build's numbers are based on: the raw tree's fingerprint, every input file
    with its hash and size, and the findings by severity."""
    with warehouse_db.connect(build, read_only=True) as con:
        state = json.loads(con.execute("select state from raw.ingest_state").fetchone()[0])
        files = con.execute(
            "select source_file, sha256, size_bytes from raw.ingest_files "
            "where sha256 is not null group by all order by 1"
        ).fetchall()
        findings = dict(
            con.execute("select severity, count(*) from marts.dq_findings group by 1").fetchall()
        )
    return {
        "raw_fingerprint": state["raw_fingerprint"],
        "input_files": [{"file": f, "sha256": h, "bytes": b} for f, h, b in files],
        "findings": findings,
    }


def agency_names(build: Path) -> dict[str, str]:
    """agency id → name, from the agency list the build holds."""
    with warehouse_db.connect(build, read_only=True) as con:
        return dict(con.execute("select agency_id, agency_name from raw.agencies").fetchall())


def rejected_files(published: Path) -> list[tuple[str, str]]:
    """Every file or sheet rejected whole by the last refresh, with why."""
    with warehouse_db.connect(published, read_only=True) as con:
        return con.execute(
            "select source_file || coalesce(' sheet ' || source_sheet, ''), message "
            "from raw.ingest_files where status = 'rejected' order by 1"
        ).fetchall()


def refresh_summary(published: Path) -> tuple[tuple, dict[str, int], list[tuple]]:
    """For the end of a refresh: file and row counts (files, rows in, loaded,
    quarantined, rejected files, cells nulled), findings by severity, and the five
    worst findings as the office reads them (in Indonesian)."""
    with warehouse_db.connect(published, read_only=True) as con:
        files = con.execute(
            "select count(*), sum(rows_in), sum(rows_loaded), sum(rows_quarantined), "
            "count(*) filter (where status = 'rejected'), sum(cells_nulled) "
            "from raw.ingest_files "
            "where status <> 'note'"
        ).fetchone()
        by_severity = dict(
            con.execute("select severity, count(*) from marts.dq_findings group by 1").fetchall()
        )
        worst = con.execute(
            "select severity, coalesce(source_file, model), coalesce(office_message, message) "
            "from marts.dq_findings limit 5"
        ).fetchall()
    return files, by_severity, worst


# rows quarantined for one reason in one file (a unit no list knows, a file
# rejected whole) are one finding naming how many and which rows, not one per row
_QUARANTINED_ROWS = """
with quarantined as (
    select fiscal_year, agency_id, source_file, source_sheet, "column", reason,
        case when count(distinct entity) = 1 then any_value(entity) end as entity,
        count(*) as row_count, min(source_row) as first_row,
        max(source_row) as last_row, any_value(coalesce(value, raw_record, '-')) as one
    from raw.quarantine
    group by fiscal_year, agency_id, source_file, source_sheet, "column", reason
)
select {run_id} as run_id, fiscal_year, agency_id, source_file, source_sheet,
    case when row_count = 1 then first_row end as source_row,
    'raw.quarantine' as model,
    coalesce(entity, 'file') || coalesce(' column ' || "column", '') as object_key,
    'ingest.row_quarantined' as rule_id, 'contract' as suite, 'warning' as severity,
    'a loadable row' as expected,
    case when row_count = 1 then one
        else row_count || ' rows (' || first_row || '-' || last_row || ')' end
        as actual,
    case when row_count = 1 then 'row not loaded, kept in raw.quarantine: '
        else row_count || ' rows (' || first_row || '-' || last_row
            || ') not loaded, kept in raw.quarantine: ' end || reason as message
from quarantined
"""
# an optional cell nulled, its row loaded
_NULLED_CELLS = """
select {run_id}, fiscal_year, agency_id, source_file, source_sheet, source_row,
    'raw.nulled_cells', entity || ' column ' || "column", 'ingest.cell_nulled',
    'contract', 'warning', 'a readable value or an empty cell', coalesce(value, '-'),
    'row loaded without this optional value (kept in raw.nulled_cells): ' || reason
from raw.nulled_cells
"""
# a table an agency-year did not deliver
_MISSING_TABLES = """
select {run_id}, fiscal_year, agency_id, source_file, source_sheet, null,
    'raw.ingest_files', coalesce(entity, 'file'), 'ingest.table_missing', 'contract',
    'warning', 'a ' || coalesce(entity, '') || ' table', 'none delivered',
    message
from raw.ingest_files as missing where status = 'missing'
    -- budget tables a finance export gives instead are not missing
    and not (entity in ('budget_lines', 'spending_lines') and exists (
        select 1 from raw.budget_lines as exported
        where exported.source_kind = 'finance_export'
            and exported.agency_id = missing.agency_id
            and exported.fiscal_year = missing.fiscal_year))
"""
# a file read as Windows-1252
_WINDOWS_ENCODING = """
select {run_id}, fiscal_year, agency_id, source_file, source_sheet, null,
    'raw.ingest_files', coalesce(entity, 'file'), 'ingest.encoding', 'contract',
    'info', 'UTF-8 text', 'Windows-1252 text',
    'read as Windows-1252: check its special characters (é, –, ’); '
    || 'save it as CSV UTF-8 next time'
from raw.ingest_files where message like 'encoding:%'
"""
# a workbook's numbers rounded back from float noise
_ROUNDED_NUMBERS = """
select {run_id}, fiscal_year, agency_id, source_file, source_sheet, null,
    'raw.ingest_files', coalesce(entity, 'file'), 'ingest.rounded_numbers',
    'contract', 'info', 'numbers as typed', 'numbers with float noise',
    split_part(message, ';', 1)
from raw.ingest_files where message like 'rounded:%'
"""
# a file read with English number conventions
_ENGLISH_NUMBERS = """
select {run_id}, fiscal_year, agency_id, source_file, source_sheet, null,
    'raw.ingest_files', coalesce(entity, 'file'), 'ingest.number_convention',
    'contract', 'info', 'Indonesian numbers (1.004.422.800,00)',
    'English numbers (1,004,422,800.00)',
    'read with comma thousands and dot decimals, as the whole file writes them'
from raw.ingest_files where message like '%{english_note}%'
"""


def ingest_findings(con: duckdb.DuckDBPyConnection, run_id: str) -> pl.DataFrame:
    """Findings of the ingestion itself: quarantined rows, nulled cells, missing tables
    and how files were read (encoding, rounded numbers, English conventions)."""
    parts = [
        _QUARANTINED_ROWS,
        _NULLED_CELLS,
        _MISSING_TABLES,
        _WINDOWS_ENCODING,
        _ROUNDED_NUMBERS,
        _ENGLISH_NUMBERS,
    ]
    sql = "\nunion all\n".join(
        part.format(run_id=f"'{run_id}'", english_note=ENGLISH_NOTE) for part in parts
    )
    frame = con.sql(sql).pl()
    return conform(frame.with_columns(checked_at=pl.lit(dt.datetime.now(dt.UTC))))


def collect_findings(build: Path, run_id: str) -> tuple[pl.DataFrame, Validation, bool]:
    """Every finding of every suite and of the ingestion, worst first; the validation it
    came from; and whether the contract suite's validation of this run (by its blocking
    check) was reused rather than run again."""
    with warehouse_db.connect(build) as con:
        rules = all_rules()
        contract = [rule for rule in rules if rule.suite == "contract"]
        kept = take_validation(con, "contract", contract, run_id)
        if kept is None:
            validation = validate(con, rules, run_id)
        else:
            others = [rule for rule in rules if rule.suite != "contract"]
            validation = combine(kept, validate(con, others, run_id))
        findings = sort_findings(pl.concat([validation.findings, ingest_findings(con, run_id)]))
    return with_office_messages(findings), validation, kept is not None


def with_office_messages(findings: pl.DataFrame) -> pl.DataFrame:
    """Each finding's Indonesian sentence for the office (pipelines.lib.quality.indonesian)."""
    messages = [pesan(row) for row in findings.iter_rows(named=True)]
    return findings.with_columns(pl.Series("office_message", messages, dtype=pl.String))


OUTCOMES_SCHEMA, OUTCOMES_TABLE = "quality", "dq_rule_outcomes"


def write_findings(
    build: Path, findings: pl.DataFrame, manifest_path: Path, validation: Validation
) -> None:
    """marts.dq_findings in the build, with its documentation as DuckDB comments, and
    how each rule fared (``quality.dq_rule_outcomes``): the data-quality page is written
    from these two tables, now and after a rollback."""
    warehouse_db.replace_tables(build, "marts", {"dq_findings": findings})
    warehouse_db.replace_tables(
        build, OUTCOMES_SCHEMA, {OUTCOMES_TABLE: outcomes_frame(validation)}
    )
    (described,) = [t for t in mart_docs(manifest_path) if t.name == "dq_findings"]
    with warehouse_db.connect(build) as con:
        for statement in comment_statements(described):
            con.execute(statement)


def report_stamp(warehouse: Path) -> str:
    """The data cut-off (when the ingest began reading raw/) and the time, in WIB."""
    now = dt.datetime.now(dt.UTC)
    read_at = data_cut_off(warehouse)
    cut_off = dt.datetime.fromtimestamp(read_at, dt.UTC) if read_at else now
    return f"data per {wib(cut_off)} · dibuat {wib(now)}"


def quality_report_of(warehouse: Path, published: bool) -> str:
    """data-quality.html from the findings and rule outcomes a warehouse file holds (the
    build a refresh wrote them to, or the file a rollback publishes again)."""
    with warehouse_db.connect(warehouse, read_only=True) as con:
        findings = con.sql("select * from marts.dq_findings").pl()
        has_outcomes = con.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
            [OUTCOMES_SCHEMA, OUTCOMES_TABLE],
        ).fetchone()[0]
        kept = (
            con.sql(f"select * from {OUTCOMES_SCHEMA}.{OUTCOMES_TABLE}").pl()
            if has_outcomes
            else pl.DataFrame(schema=OUTCOME_COLUMNS)
        )
    outcomes = outcomes_of(kept, all_rules())  # a rule since removed is not listed
    run_ids = findings["run_id"].unique().to_list() or kept["run_id"].unique().to_list()
    run_id = run_ids[0] if run_ids else "-"
    return render(
        sort_findings(conform(findings)),
        outcomes,
        run_id,
        report_stamp(warehouse),
        published,
        agency_names(warehouse),
    )
