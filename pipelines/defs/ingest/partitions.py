"""The agency-year dynamic partitions of the ingest assets, kept in step with raw/.

The CLI refresh, the raw/ sensor and the nightly schedule all start the same way:
discover the agency-year folders, compare them with what the build holds
(:func:`pipelines.lib.partitions.plan_refresh`), register new partitions and drop gone
ones, then launch one run that reads the changed range and rebuilds everything after.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from pipelines import paths
from pipelines.lib import warehouse as warehouse_db
from pipelines.lib.ingest import delivery_hashes
from pipelines.lib.partitions import RefreshPlan, plan_refresh
from pipelines.lib.warehouse import code_version
from pipelines.lib.watch import fingerprint, snapshot

AGENCY_YEARS = dg.DynamicPartitionsDefinition(name="agency_year")


class BuildBusy(Exception):
    """The build file is open for writing by a run; try again after it."""


def inputs_fingerprint(raw_dir: Path) -> str:
    """Everything besides the deliveries that typing depends on: the code, the agency
    list and the account types. When it changes, every agency-year is re-read."""
    digest = hashlib.sha256(code_version(paths.REPO_ROOT).encode())
    for path in [*sorted((raw_dir / "reference").glob("*.csv")), paths.ACCOUNT_TYPES_PATH]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_ingest_state(build: Path) -> dict | None:
    """The build's ingest state (inputs fingerprint, hash per agency-year), if any."""
    if not build.exists():
        return None
    try:
        with warehouse_db.connect(build, read_only=True) as con:
            row = con.execute("select state from raw.ingest_state").fetchone()
    except duckdb.CatalogException:
        return None
    except duckdb.IOException as exc:  # another process holds the write lock
        raise BuildBusy(str(exc)) from exc
    return json.loads(row[0]) if row else None


def built_deliveries(raw_dir: Path, build: Path) -> dict[str, str] | None:
    """Hash per agency-year the build holds, or None when everything must be re-read."""
    state = read_ingest_state(build)
    if state is None or state["inputs"] != inputs_fingerprint(raw_dir):
        return None
    return state["deliveries"]


def current_plan(instance: dg.DagsterInstance, raw_dir: Path, build: Path) -> RefreshPlan:
    registered = instance.get_dynamic_partitions(AGENCY_YEARS.name)
    return plan_refresh(registered, built_deliveries(raw_dir, build), delivery_hashes(raw_dir))


def full_plan(instance: dg.DagsterInstance, raw_dir: Path) -> RefreshPlan:
    """Re-read every agency-year (``kinerja refresh --force``)."""
    registered = instance.get_dynamic_partitions(AGENCY_YEARS.name)
    return plan_refresh(registered, None, delivery_hashes(raw_dir))


def apply_partition_changes(instance: dg.DagsterInstance, plan: RefreshPlan) -> None:
    if plan.add:
        instance.add_dynamic_partitions(AGENCY_YEARS.name, list(plan.add))
    for key in plan.delete:
        instance.delete_dynamic_partition(AGENCY_YEARS.name, key)


def partition_requests(plan: RefreshPlan) -> list:
    """The same changes as requests a sensor returns."""
    requests: list = []
    if plan.add:
        requests.append(AGENCY_YEARS.build_add_request(list(plan.add)))
    if plan.delete:
        requests.append(AGENCY_YEARS.build_delete_request(list(plan.delete)))
    return requests


@dataclass(frozen=True)
class RunTarget:
    """Tags and asset selection of the refresh run that carries out a plan."""

    tags: dict[str, str]
    asset_selection: list[dg.AssetKey] | None  # None: the whole job


def run_target(plan: RefreshPlan, assets: Iterable[object]) -> RunTarget:
    """Read the plan's partition range; with nothing to read (only withdrawn deliveries),
    run every asset of ``assets`` that is not partitioned."""
    if plan.partition_range is not None:
        first, last = plan.partition_range
        tags = {ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: last}
        return RunTarget(tags, None)
    keys = [
        key
        for asset in assets
        if isinstance(asset, dg.AssetsDefinition) and asset.partitions_def is None
        for key in asset.keys
    ]
    return RunTarget({}, sorted(keys, key=lambda key: key.to_user_string()))


def published_is_current() -> bool:
    """True when the published warehouse was built from this raw/ tree and this code."""
    if not paths.WAREHOUSE_PATH.exists():
        return False
    try:
        with warehouse_db.connect(paths.WAREHOUSE_PATH, read_only=True) as con:
            row = con.execute(
                "select raw_fingerprint, code_version from meta.runs "
                "order by finished_at desc limit 1"
            ).fetchone()
    except duckdb.Error:
        return False
    current = (fingerprint(snapshot(paths.RAW_DIR)), code_version(paths.REPO_ROOT))
    return row is not None and tuple(row) == current
