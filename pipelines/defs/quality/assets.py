"""The data-quality findings of a run: marts.dq_findings and the offline HTML report."""

import datetime as dt

import dagster as dg
import polars as pl

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.transform.dbt import kinerja_dbt_models
from pipelines.defs.transform.project import dbt_project
from pipelines.lib import warehouse as warehouse_db
from pipelines.lib.describe import comment_statements, mart_docs
from pipelines.lib.quality.report import render, write_report
from pipelines.lib.quality.suites import all_rules
from pipelines.lib.quality.validate import (
    combine,
    ingest_findings,
    sort_findings,
    take_validation,
    validate,
)
from pipelines.lib.warehouse import replace_tables

REPORT_NAME = "data-quality.html"


@dg.asset(
    key=["marts", "dq_findings"], deps=[kinerja_dbt_models], group_name="quality", pool="duckdb"
)
def dq_findings(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Every finding of every suite (contract, within report, across years) and of the
    ingestion (quarantined rows, missing tables), with file/sheet/row or model/key,
    rule, severity, expected and found; also written as an offline HTML report."""
    run_id = context.run.run_id
    with warehouse_db.connect(warehouse.build) as con:
        rules = all_rules()
        contract = [rule for rule in rules if rule.suite == "contract"]
        # the contract suite ran on these raw tables earlier in this run (check_contracts)
        kept = take_validation(con, "contract", contract, run_id)
        if kept is None:
            validation = validate(con, rules, run_id)
        else:
            others = [rule for rule in rules if rule.suite != "contract"]
            validation = combine(kept, validate(con, others, run_id))
        findings = sort_findings(pl.concat([validation.findings, ingest_findings(con, run_id)]))
    replace_tables(warehouse.build, "marts", {"dq_findings": findings})
    (described,) = [t for t in mart_docs(dbt_project.manifest_path) if t.name == "dq_findings"]
    with warehouse_db.connect(warehouse.build) as con:
        for statement in comment_statements(described):
            con.execute(statement)
    counts = dict(findings.group_by("severity").len().iter_rows()) if findings.height else {}
    blocking = counts.get("blocking", 0)
    generated_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    document = render(findings, validation.outcomes, run_id, generated_at, blocking == 0)
    path = write_report(warehouse.reports_dir / REPORT_NAME, document)
    for finding in findings.head(5).iter_rows(named=True):
        context.log.warning(
            f"[{finding['severity']}] {finding['source_file']}: {finding['message']}"
        )
    return dg.MaterializeResult(
        metadata={
            "findings": findings.height,
            "blocking": blocking,
            "warning": counts.get("warning", 0),
            "info": counts.get("info", 0),
            "rules_checked": len(validation.outcomes),
            # the contract suite's findings come from this run's check_contracts
            "contract_suite_reused": kept is not None,
            "validation_seconds": round(validation.seconds, 2),
            "report": dg.MetadataValue.path(str(path)),
        }
    )


defs = dg.Definitions(assets=[dq_findings])
