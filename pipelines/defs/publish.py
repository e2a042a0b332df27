"""Publishing: the finished build file replaces warehouse/kinerja.duckdb atomically."""

import datetime as dt

import dagster as dg

from pipelines import paths
from pipelines.defs.quality.assets import dq_findings
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.transform.dbt import kinerja_dbt_models
from pipelines.lib.findings import blocking_findings, run_inputs
from pipelines.lib.office.outputs import write_outputs
from pipelines.lib.refresh_plan import data_cut_off
from pipelines.lib.stages import timed
from pipelines.lib.warehouse import (
    code_version,
    publish,
    published_run_ids,
    record_run,
    row_counts,
)


def run_manifest(context: dg.AssetExecutionContext, build) -> dict:
    """What this run's numbers are based on: inputs with hashes, row counts, findings."""
    return {
        "run_id": context.run.run_id,
        "started_at": dt.datetime.fromtimestamp(data_cut_off(build) or 0, dt.UTC),
        "finished_at": dt.datetime.now(dt.UTC),
        "code_version": code_version(paths.REPO_ROOT),
        "row_counts": row_counts(build),
        **run_inputs(build),
    }


@dg.asset(
    deps=[kinerja_dbt_models, dq_findings],
    group_name="office_outputs",
    retry_policy=dg.RetryPolicy(max_retries=2, delay=2),
)
@timed("published_warehouse")
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """warehouse/kinerja.duckdb: a closed copy of this run's build, swapped in atomically,
    unless the build breaks a blocking rule (then the last published file stays)."""
    blocking = blocking_findings(warehouse.build)
    if blocking:
        raise dg.Failure(
            description=f"not published: {len(blocking)} blocking data-quality findings; "
            f"{warehouse.published} is left as it was.\n" + "\n".join(blocking[:20]),
            metadata={"blocking_findings": len(blocking)},
        )
    published_ids = published_run_ids(warehouse.published)
    record_run(warehouse.build, run_manifest(context, warehouse.build), published_ids)
    path = publish(warehouse.build, warehouse.published, label=context.run.run_id[:8])
    return dg.MaterializeResult(metadata={"path": str(path), "size_bytes": path.stat().st_size})


@dg.asset(deps=[published_warehouse], group_name="office_outputs")
@timed("office_outputs")
def office_outputs(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """What the office and BI tools read besides the DuckDB file, from the file just
    published: Parquet of every mart (warehouse/exports/<time>-<run>/), an Excel workbook
    per region and fiscal year and an HTML report with charts per region
    (warehouse/reports/)."""
    outputs = write_outputs(
        warehouse.published,
        warehouse.exports_dir,
        warehouse.reports_dir,
        office_regions=warehouse.office_regions,
    )
    return dg.MaterializeResult(
        metadata={
            "exports": dg.MetadataValue.path(str(outputs.exports[0].parent)),
            "workbooks": [str(p) for p in outputs.workbooks],
            "reports": [str(p) for p in outputs.reports],
        }
    )


refresh_all_job = dg.define_asset_job(
    "refresh_all_job",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Ingest every raw file, build the dbt models and publish the warehouse.",
)

defs = dg.Definitions(assets=[published_warehouse, office_outputs], jobs=[refresh_all_job])
