"""Ingestion assets: raw files under raw/ → typed ``raw.*`` tables in the build DuckDB."""

import dagster as dg
import polars as pl

from pipelines import paths
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.contract import ENTITIES
from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.reference import read_account_types, read_agencies
from pipelines.lib.warehouse import replace_tables

REPORT_TABLES = [e.name for e in ENTITIES] + ["quarantine", "ingest_files"]


@dg.asset(key=["raw", "agencies"], group_name="ingest", pool="duckdb")
def agencies(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Agency reference list (raw/reference/agencies*.csv): ids, names, types, renames."""
    frame = read_agencies(warehouse.raw / "reference")
    replace_tables(warehouse.build, "raw", {"agencies": frame})
    return dg.MaterializeResult(metadata={"rows": frame.height})


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["raw", name], deps=[agencies], description=f"raw.{name} table")
        for name in REPORT_TABLES
    ],
    group_name="ingest",
    pool="duckdb",
)
def agency_reports(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Every delivered file typed against the contract; bad rows go to raw.quarantine."""
    agency_list = read_agencies(warehouse.raw / "reference")
    accounts = frozenset(read_account_types(paths.ACCOUNT_TYPES_PATH)["account_code"])
    frames = ingest_raw_tree(warehouse.raw, agency_list, accounts)
    replace_tables(warehouse.build, "raw", frames)
    files = frames["ingest_files"]
    for problem in files.filter(pl.col("status") != "loaded").iter_rows(named=True):
        if problem["status"] != "note":
            context.log.warning(
                f"{problem['source_file']}: {problem['status']}: {problem['message']}"
            )
    for name, frame in frames.items():
        yield dg.MaterializeResult(asset_key=["raw", name], metadata={"rows": frame.height})


defs = dg.Definitions(assets=[agencies, agency_reports])
