"""Asset checks: the contract suite blocks on the raw tables; the report and cross-year
suites warn on the marts they concern (read from marts.dq_findings)."""

import dagster as dg
import polars as pl

from pipelines.defs.quality.assets import dq_findings
from pipelines.defs.resources import WarehouseResource
from pipelines.lib import warehouse as warehouse_db
from pipelines.lib.findings import (
    agency_names,
    findings_beyond_contract,
    report_stamp,
    with_office_messages,
)
from pipelines.lib.office.page import write_page
from pipelines.lib.quality.report import REPORT_NAME, render
from pipelines.lib.quality.results import keep_validation, sort_findings
from pipelines.lib.quality.suites import all_rules
from pipelines.lib.quality.validate import validate
from pipelines.lib.refresh_plan import REPORT_TABLES
from pipelines.lib.stages import timed

CONTRACT_TABLES = [t for t in REPORT_TABLES if t not in ("quarantine", "nulled_cells")]
GUARDED_MARTS = [
    "budget_lines",
    "spending_by_type",
    "indicator_achievements",
    "objective_achievements",
    "agency_years",
]


def _describe(findings: pl.DataFrame, limit: int = 10) -> str:
    """One line per finding: file, agency, year, rule and message (worst first)."""
    return "\n".join(
        f"{row['source_file']} (agency {row['agency_id']}, year {row['fiscal_year']}) "
        f"{row['rule_id']}: {row['message']}"
        for row in findings.head(limit).iter_rows(named=True)
    )


def _result(asset_key: dg.AssetKey, check: str, findings: pl.DataFrame) -> dg.AssetCheckResult:
    blocking = findings.filter(pl.col("severity") == "blocking").height
    warnings = findings.filter(pl.col("severity") == "warning").height
    examples = [
        f"{row['source_file']}: {row['rule_id']}: {row['object_key']}"
        for row in findings.head(10).iter_rows(named=True)
    ]
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=check,
        description=_describe(findings) or None,
        passed=blocking == 0 and warnings == 0,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        metadata={
            "blocking": blocking,
            "warnings": warnings,
            "rules": sorted(set(findings["rule_id"])) if findings.height else [],
            "examples": examples,
        },
    )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            f"check_contract_{table}",
            asset=["raw", "agency_reports"],
            blocking=True,
            description=f"GX contract suite of raw.{table} (blocking)",
        )
        for table in CONTRACT_TABLES
    ],
)
@timed("check_contracts")
def check_contracts(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    """Contract of every raw table: columns, keys, years, agencies, codes, amounts, duplicates."""
    with warehouse_db.connect(warehouse.build) as con:
        rules = [r for r in all_rules() if r.suite == "contract"]
        validation = validate(con, rules, context.run.run_id)
        keep_validation(con, "contract", validation)  # marts/dq_findings reuses it
    findings = with_office_messages(sort_findings(validation.findings))
    blocking = findings.filter(pl.col("severity") == "blocking")
    if blocking.height:  # the run stops here: say why, in the log and in the report
        context.log.error("blocking contract findings, not publishing:\n" + _describe(blocking))
        stamp = report_stamp(warehouse.build)
        run_id, names = context.run.run_id, agency_names(warehouse.build)
        document = render(findings, validation.outcomes, run_id, stamp, False, names)
        write_page(warehouse.reports_dir / REPORT_NAME, document)
    for table in CONTRACT_TABLES:
        guarded = findings.filter(pl.col("rule_id").str.starts_with(f"contract.{table}."))
        yield _result(dg.AssetKey(["raw", "agency_reports"]), f"check_contract_{table}", guarded)


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            f"check_consistency_{mart}",
            asset=["marts", mart],
            additional_deps=[dq_findings],
            description=f"Within-report and cross-year rules about {mart}",
        )
        for mart in GUARDED_MARTS
    ],
)
@timed("check_consistency")
def check_consistency(warehouse: WarehouseResource):
    """Within-report and cross-year findings, on the marts they concern (non-blocking)."""
    guards = {rule.rule_id: rule.guards for rule in all_rules()}
    findings = findings_beyond_contract(warehouse.build)
    for mart in GUARDED_MARTS:
        rule_ids = [rule_id for rule_id, assets in guards.items() if f"marts/{mart}" in assets]
        mine = findings.filter(pl.col("rule_id").is_in(rule_ids))
        yield _result(dg.AssetKey(["marts", mart]), f"check_consistency_{mart}", mine)


defs = dg.Definitions(asset_checks=[check_contracts, check_consistency])
