"""Publishing: the finished build file replaces warehouse/kinerja.duckdb atomically."""

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.defs.transform.dbt import kinerja_dbt_models
from pipelines.lib.warehouse import publish


@dg.asset(deps=[kinerja_dbt_models], group_name="publish", pool="duckdb")
def published_warehouse(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """warehouse/kinerja.duckdb: a closed copy of this run's build, swapped in atomically."""
    path = publish(warehouse.build, warehouse.published)
    return dg.MaterializeResult(metadata={"path": str(path), "size_bytes": path.stat().st_size})


refresh_all_job = dg.define_asset_job(
    "refresh_all_job",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Ingest every raw file, build the dbt models and publish the warehouse.",
)

defs = dg.Definitions(assets=[published_warehouse], jobs=[refresh_all_job])
