"""Ingestion assets: raw files under raw/ → typed ``raw.*`` tables in the build DuckDB.

Incremental by agency-year: a run re-reads only the agency-year folders whose files
changed since the last run (new, replaced or withdrawn); everything else keeps its
rows. A change of the agency list, the account types or the code re-reads everything.
"""

import hashlib
import json

import dagster as dg
import duckdb
import polars as pl

from pipelines import paths
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.contract import ENTITIES
from pipelines.lib.ingest import changed_deliveries, delivery_hashes, ingest_raw_tree
from pipelines.lib.reference import read_account_types, read_agencies
from pipelines.lib.warehouse import code_version, replace_deliveries, replace_tables
from pipelines.lib.watch import fingerprint, snapshot

REPORT_TABLES = [e.name for e in ENTITIES] + ["quarantine", "ingest_files"]
RETRY = dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL)


@dg.asset(key=["raw", "agencies"], group_name="ingest", pool="duckdb", retry_policy=RETRY)
def agencies(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Agency reference list (raw/reference/agencies*.csv): ids, names, types, renames."""
    frame = read_agencies(warehouse.raw / "reference")
    replace_tables(warehouse.build, "raw", {"agencies": frame})
    return dg.MaterializeResult(metadata={"rows": frame.height})


def _inputs_fingerprint(warehouse: WarehouseResource) -> str:
    digest = hashlib.sha256(code_version(paths.REPO_ROOT).encode())
    for path in [*sorted((warehouse.raw / "reference").glob("*.csv")), paths.ACCOUNT_TYPES_PATH]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _previous_state(warehouse: WarehouseResource) -> dict | None:
    if not warehouse.build.exists():
        return None
    with duckdb.connect(str(warehouse.build), read_only=True) as con:
        try:
            row = con.execute("select state from raw.ingest_state").fetchone()
        except duckdb.CatalogException:
            return None
    return json.loads(row[0]) if row else None


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["raw", name], deps=[agencies], description=f"raw.{name} table")
        for name in REPORT_TABLES
    ],
    group_name="ingest",
    pool="duckdb",
    retry_policy=RETRY,
)
def agency_reports(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Every delivered file typed against the contract; bad rows go to raw.quarantine."""
    inputs = _inputs_fingerprint(warehouse)
    hashes = delivery_hashes(warehouse.raw)
    previous = _previous_state(warehouse)
    same_inputs = previous is not None and previous["inputs"] == inputs
    changed = changed_deliveries(previous["deliveries"] if same_inputs else None, hashes)
    accounts = frozenset(read_account_types(paths.ACCOUNT_TYPES_PATH)["account_code"])
    if changed == set():
        context.log.info("no agency-year changed since the last run: nothing re-read")
    else:
        frames = ingest_raw_tree(
            warehouse.raw, read_agencies(warehouse.raw / "reference"), accounts, only=changed
        )
        if changed is None:
            replace_tables(warehouse.build, "raw", frames)
        else:
            replace_deliveries(warehouse.build, "raw", frames, changed)
        for problem in (
            frames["ingest_files"]
            .filter(~pl.col("status").is_in(["loaded", "note"]))
            .iter_rows(named=True)
        ):
            context.log.warning(
                f"{problem['source_file']}: {problem['status']}: {problem['message']}"
            )
    state = {
        "inputs": inputs,
        "deliveries": hashes,
        "raw_fingerprint": fingerprint(snapshot(warehouse.raw)),
    }
    replace_tables(
        warehouse.build, "raw", {"ingest_state": pl.DataFrame({"state": [json.dumps(state)]})}
    )
    with duckdb.connect(str(warehouse.build), read_only=True) as con:
        counts = {
            name: con.execute(f"select count(*) from raw.{name}").fetchone()[0]
            for name in REPORT_TABLES
        }
    reread = "all" if changed is None else len(changed)
    for name in REPORT_TABLES:
        yield dg.MaterializeResult(
            asset_key=["raw", name],
            metadata={"rows": counts[name], "agency_years_reread": str(reread)},
        )


defs = dg.Definitions(assets=[agencies, agency_reports])
