"""The data-quality findings of a run: marts.dq_findings and the offline HTML report."""

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.transform.dbt import kinerja_dbt_models
from pipelines.defs.transform.project import dbt_project
from pipelines.lib.findings import collect_findings, quality_report_of, write_findings
from pipelines.lib.office.page import write_page
from pipelines.lib.quality.report import REPORT_NAME
from pipelines.lib.stages import timed


@dg.asset(key=["marts", "dq_findings"], deps=[kinerja_dbt_models], group_name="quality")
@timed("marts__dq_findings")
def dq_findings(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Every finding of every suite (contract, within report, across years) and of the
    ingestion (quarantined rows, missing tables), with file/sheet/row or model/key,
    rule, severity, expected and found; also written as an offline HTML report."""
    run_id = context.run.run_id
    # the contract suite ran on these raw tables earlier in this run (check_contracts)
    findings, validation, reused = collect_findings(warehouse.build, run_id)
    write_findings(warehouse.build, findings, dbt_project.manifest_path, validation)
    counts = dict(findings.group_by("severity").len().iter_rows()) if findings.height else {}
    blocking = counts.get("blocking", 0)
    document = quality_report_of(warehouse.build, published=blocking == 0)
    path = write_page(warehouse.reports_dir / REPORT_NAME, document)
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
            "contract_suite_reused": reused,
            "validation_seconds": round(validation.seconds, 2),
            "report": dg.MetadataValue.path(str(path)),
        }
    )


defs = dg.Definitions(assets=[dq_findings])
