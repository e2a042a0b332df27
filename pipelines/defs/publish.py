"""Publishing: the finished build file replaces warehouse/kinerja.duckdb atomically."""

import dagster as dg
import duckdb

from pipelines.defs.quality.assets import dq_findings
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.transform.dbt import kinerja_dbt_models
from pipelines.lib.warehouse import publish


def blocking_findings(build_path) -> list[str]:
    """Blocking findings of this build, one line each: file, agency, year, rule, message."""
    with duckdb.connect(str(build_path), read_only=True) as con:
        rows = con.execute(
            "select source_file, agency_id, fiscal_year, rule_id, message "
            "from marts.dq_findings where severity = 'blocking' order by 1, 2, 3"
        ).fetchall()
    return [
        f"{file} (agency {agency}, year {year}) {rule}: {message}"
        for file, agency, year, rule, message in rows
    ]


@dg.asset(deps=[kinerja_dbt_models, dq_findings], group_name="publish", pool="duckdb")
def published_warehouse(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """warehouse/kinerja.duckdb: a closed copy of this run's build, swapped in atomically,
    unless the build breaks a blocking rule (then the last published file stays)."""
    blocking = blocking_findings(warehouse.build)
    if blocking:
        raise dg.Failure(
            description=f"not published: {len(blocking)} blocking data-quality findings; "
            f"{warehouse.published} is left as it was.\n" + "\n".join(blocking[:20]),
            metadata={"blocking_findings": len(blocking)},
        )
    path = publish(warehouse.build, warehouse.published)
    return dg.MaterializeResult(metadata={"path": str(path), "size_bytes": path.stat().st_size})


refresh_all_job = dg.define_asset_job(
    "refresh_all_job",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Ingest every raw file, build the dbt models and publish the warehouse.",
)

defs = dg.Definitions(assets=[published_warehouse], jobs=[refresh_all_job])
