"""Ingestion assets: raw files under raw/ → typed ``raw.*`` tables in the build DuckDB.

A refresh reads only the deliveries whose files differ from what the build holds
(:mod:`pipelines.lib.refresh_plan`); every other delivery keeps its rows. ``raw/deliveries``
drops the rows of deliveries withdrawn from raw/. A change of the agency list, the
account types or the code re-reads everything.
"""

import time

import dagster as dg

from pipelines import paths
from pipelines.defs.resources import WarehouseResource
from pipelines.lib import refresh_plan
from pipelines.lib import warehouse as warehouse_db
from pipelines.lib.deliveries import delivery_hashes
from pipelines.lib.ingest import failed_files, ingest_batches
from pipelines.lib.prefetch import read_ahead
from pipelines.lib.reference import ReferenceError, read_account_types, read_agencies
from pipelines.lib.stages import timed
from pipelines.lib.watch import fingerprint, snapshot

RETRY = dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL)


class IngestConfig(dg.Config):
    """How much of raw/ the run reads."""

    reread_all: bool = False  # read every delivery again (``kinerja refresh --force``)


def _inputs(warehouse: WarehouseResource) -> str:
    return refresh_plan.inputs_fingerprint(warehouse.raw, paths.REPO_ROOT, paths.ACCOUNT_TYPES_PATH)


@dg.asset(key=["raw", "agencies"], group_name="sources", retry_policy=RETRY)
@timed("raw__agencies")
def agencies(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Agency reference list (raw/reference/agencies*.csv): ids, names, types, renames.

    The first asset of every run: a build file of an older storage format, or a damaged
    one, is deleted here, and the run rebuilds it in full."""
    retired = warehouse_db.retire_unusable_build(warehouse.build)
    if retired:
        context.log.warning(f"{warehouse.build}: {retired}; rebuilt in full")
    try:
        frame = read_agencies(warehouse.raw / "reference")
    except ReferenceError as exc:  # a retry reads the same file: fix it, then refresh
        raise dg.Failure(description=str(exc), allow_retries=False) from exc
    warehouse_db.replace_tables(warehouse.build, "raw", {"agencies": frame})
    return dg.MaterializeResult(metadata={"rows": frame.height})


@dg.asset(key=["raw", "deliveries"], deps=[agencies], group_name="sources")
@timed("raw__deliveries")
def deliveries(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Deliveries in raw/ (``<year>/<folder>``) with the hash of their files. Rows of
    deliveries withdrawn from raw/ are dropped from the raw tables."""
    hashes = delivery_hashes(warehouse.raw)
    withdrawn = refresh_plan.drop_withdrawn(warehouse.build, set(hashes))
    if withdrawn:
        context.log.info(f"withdrawn from raw/, rows dropped: {', '.join(withdrawn)}")
    warehouse_db.replace_tables(
        warehouse.build, "raw", {"deliveries": refresh_plan.deliveries_table(hashes)}
    )
    return dg.MaterializeResult(metadata={"deliveries": len(hashes), "withdrawn": len(withdrawn)})


@dg.asset(
    key=["raw", "agency_reports"],
    deps=[deliveries],
    group_name="sources",
    retry_policy=RETRY,
)
@timed("raw__agency_reports")
def agency_reports(
    context: dg.AssetExecutionContext, config: IngestConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The agencies' reports typed against the contract: one raw table per sheet of the
    contract (raw.budget_lines, raw.indicators, ...), bad rows in raw.quarantine, bad
    optional cells in raw.nulled_cells and every file in raw.ingest_files.

    Reads the deliveries whose files differ from what the build holds (all of them on a
    first run, after a change of code or reference data, or with ``reread_all``)."""
    read_at = time.time()  # the data cut-off the report and the run manifest state
    inputs = _inputs(warehouse)
    plan = refresh_plan.current_plan(
        warehouse.raw, warehouse.build, inputs, force=config.reread_all
    )
    accounts = frozenset(read_account_types(paths.ACCOUNT_TYPES_PATH)["account_code"])
    agency_list = read_agencies(warehouse.raw / "reference")

    deferred: dict[str, str] = {}  # deliveries still being copied: read next run

    def batches():
        for frames in ingest_batches(
            warehouse.raw,
            agency_list,
            accounts,
            only=plan.only,
            settle_seconds=warehouse.settle_seconds,
            deferred=deferred,
        ):
            for problem in failed_files(frames["ingest_files"]):
                context.log.warning(
                    f"{problem['source_file']}: {problem['status']}: {problem['message']}"
                )
            yield frames

    warehouse_db.load_deliveries(warehouse.build, "raw", read_ahead(batches()), plan.only)
    for key, reason in deferred.items():
        context.log.warning(f"{key} not read: {reason}")
    state = {
        "inputs": inputs,
        "deliveries": {k: v for k, v in plan.current.items() if k not in deferred},
        "raw_fingerprint": fingerprint(snapshot(warehouse.raw)),
        "read_at": read_at,
    }
    refresh_plan.write_ingest_state(warehouse.build, state)
    counts = refresh_plan.report_table_rows(warehouse.build)
    return dg.MaterializeResult(
        metadata={
            "deliveries_read": len(plan.reread) - len(deferred),
            "deliveries_deferred": sorted(deferred),
            "read_everything": plan.everything,
            **{f"rows_{name}": n for name, n in counts.items()},
        }
    )


defs = dg.Definitions(assets=[agencies, deliveries, agency_reports])
