"""Ingestion assets: raw files under raw/ → typed ``raw.*`` tables in the build DuckDB.

Partitioned by agency-year (``raw/<year>/<agency>/``, a dynamic partition each): a run
reads the agency-years of its partition range; every other agency-year keeps its rows.
``raw/deliveries`` drops the rows of deliveries withdrawn from raw/. A change of the
agency list, the account types or the code re-reads everything.
"""

import json

import dagster as dg
import polars as pl

from pipelines import paths
from pipelines.defs.ingest.partitions import AGENCY_YEARS, inputs_fingerprint, read_ingest_state
from pipelines.defs.resources import WarehouseResource
from pipelines.lib import warehouse as warehouse_db
from pipelines.lib.contract import BULK_FOLDER_PREFIX, ENTITIES
from pipelines.lib.ingest import (
    changed_deliveries,
    delivery_hashes,
    ingest_batches,
    read_ahead,
)
from pipelines.lib.reference import read_account_types, read_agencies
from pipelines.lib.warehouse import drop_deliveries, load_deliveries, replace_tables
from pipelines.lib.watch import fingerprint, snapshot

REPORT_TABLES = [e.name for e in ENTITIES] + ["quarantine", "ingest_files"]
RETRY = dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL)


@dg.asset(key=["raw", "agencies"], group_name="ingest", pool="duckdb", retry_policy=RETRY)
def agencies(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Agency reference list (raw/reference/agencies*.csv): ids, names, types, renames.

    The first asset of every run: a build file of an older storage format is deleted
    here, and the run rebuilds it in full."""
    if warehouse_db.retire_outdated_build(warehouse.build):
        context.log.info(f"{warehouse.build}: older storage format, rebuilt in full")
    frame = read_agencies(warehouse.raw / "reference")
    replace_tables(warehouse.build, "raw", {"agencies": frame})
    return dg.MaterializeResult(metadata={"rows": frame.height})


@dg.asset(key=["raw", "deliveries"], deps=[agencies], group_name="ingest", pool="duckdb")
def deliveries(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Agency-year deliveries in raw/ (one per ``agency_year`` partition) with the hash of
    their files. Rows of deliveries withdrawn from raw/ are dropped from the raw tables."""
    hashes = delivery_hashes(warehouse.raw)
    state = read_ingest_state(warehouse.build)
    withdrawn = sorted(set(state["deliveries"]) - set(hashes)) if state else []
    if withdrawn:
        drop_deliveries(warehouse.build, "raw", REPORT_TABLES, set(withdrawn))
        state["deliveries"] = {k: v for k, v in state["deliveries"].items() if k in hashes}
        _write_state(warehouse, state)
        context.log.info(f"withdrawn from raw/, rows dropped: {', '.join(withdrawn)}")
    table = pl.DataFrame(
        {
            "delivery_key": list(hashes),
            "fiscal_year": [int(key.split("/")[0]) for key in hashes],
            "agency_id": [
                None if folder.startswith(BULK_FOLDER_PREFIX) else folder
                for folder in (key.split("/")[1] for key in hashes)
            ],
            "content_sha256": list(hashes.values()),
        },
        schema={
            "delivery_key": pl.String,
            "fiscal_year": pl.Int32,
            "agency_id": pl.String,
            "content_sha256": pl.String,
        },
    )
    replace_tables(warehouse.build, "raw", {"deliveries": table})
    return dg.MaterializeResult(metadata={"deliveries": len(hashes), "withdrawn": len(withdrawn)})


def _write_state(warehouse: WarehouseResource, state: dict) -> None:
    frame = pl.DataFrame({"state": [json.dumps(state)]})
    replace_tables(warehouse.build, "raw", {"ingest_state": frame})


@dg.asset(
    key=["raw", "agency_reports"],
    deps=[deliveries],
    group_name="ingest",
    pool="duckdb",
    retry_policy=RETRY,
    partitions_def=AGENCY_YEARS,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def agency_reports(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The agencies' reports typed against the contract: the tables raw.budget_lines,
    raw.spending_lines, raw.indicators, raw.reported_totals, raw.declared_scales, with bad
    rows in raw.quarantine and every file in raw.ingest_files. One asset for all of them,
    so each agency-year partition is one materialization.

    Reads the agency-years of the run's partitions, plus any other whose files differ
    from what the build holds, so the build never mixes old and new deliveries."""
    hashes = delivery_hashes(warehouse.raw)
    state = read_ingest_state(warehouse.build)
    inputs = inputs_fingerprint(warehouse.raw)
    usable = state is not None and state["inputs"] == inputs
    stale = changed_deliveries(state["deliveries"] if usable else None, hashes)
    reread = None if stale is None else stale | set(context.partition_keys)
    accounts = frozenset(read_account_types(paths.ACCOUNT_TYPES_PATH)["account_code"])
    agencies = read_agencies(warehouse.raw / "reference")
    if reread is None:
        context.log.info("no usable build (first run, or code or reference data changed)")
    problems: list[dict] = []

    def batches():
        for frames in ingest_batches(warehouse.raw, agencies, accounts, only=reread):
            log = frames["ingest_files"]
            problems.extend(log.filter(~pl.col("status").is_in(["loaded", "note"])).to_dicts())
            yield frames

    load_deliveries(warehouse.build, "raw", read_ahead(batches()), reread)
    for problem in problems:
        context.log.warning(f"{problem['source_file']}: {problem['status']}: {problem['message']}")
    state = {
        "inputs": inputs,
        "deliveries": hashes,
        "raw_fingerprint": fingerprint(snapshot(warehouse.raw)),
    }
    _write_state(warehouse, state)
    with warehouse_db.connect(warehouse.build, read_only=True) as con:
        counts = {
            name: con.execute(f"select count(*) from raw.{name}").fetchone()[0]
            for name in REPORT_TABLES
        }
    read = len(hashes) if reread is None else len(reread)
    return dg.MaterializeResult(
        metadata={"agency_years_read": read, **{f"rows_{name}": n for name, n in counts.items()}}
    )


defs = dg.Definitions(assets=[agencies, deliveries, agency_reports])
