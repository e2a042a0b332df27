"""What a refresh must read: the build's ingest state compared with raw/ now.

The build remembers the content hash of every delivery it holds (``raw.ingest_state``).
A refresh re-reads the deliveries whose hash differs from raw/ (new or replaced files)
and drops those whose folder is gone (withdrawn). A change of the code, the agency list
or the account types re-reads everything: typing depends on them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines.lib import warehouse as warehouse_db
from pipelines.lib.contract import ENTITIES
from pipelines.lib.deliveries import delivery_hashes, delivery_key_parts
from pipelines.lib.watch import fingerprint, snapshot


class BuildBusy(Exception):
    """The build file is open for writing by a run; try again after it."""


@dataclass(frozen=True)
class RefreshPlan:
    """What a refresh must do to bring the build in line with raw/."""

    current: Mapping[str, str]  # content hash per delivery in raw/ now
    reread: tuple[str, ...]  # deliveries whose files differ from the build's
    withdrawn: tuple[str, ...]  # deliveries the build holds but raw/ no longer has
    everything: bool  # no usable build: every delivery is read

    @property
    def has_work(self) -> bool:
        return bool(self.reread or self.withdrawn)

    @property
    def only(self) -> set[str] | None:
        """The deliveries the ingest reads: None for all of them."""
        return None if self.everything else set(self.reread)


def plan_refresh(built: Mapping[str, str] | None, current: Mapping[str, str]) -> RefreshPlan:
    """Plan a refresh from the hash per delivery the build holds (None: no usable
    build, read everything) and the hash per delivery in raw/ now."""
    if built is None:
        return RefreshPlan(current, tuple(sorted(current)), (), everything=True)
    stale = sorted(key for key, digest in current.items() if built.get(key) != digest)
    withdrawn = sorted(set(built) - set(current))
    return RefreshPlan(current, tuple(stale), tuple(withdrawn), everything=False)


def inputs_fingerprint(raw_dir: Path, repo_root: Path, account_types: Path) -> str:
    """Everything besides the deliveries that typing depends on: the code, the agency
    list, the declared export layouts and the account types."""
    digest = hashlib.sha256(warehouse_db.code_version(repo_root).encode())
    reference = raw_dir / "reference"
    declared = sorted((reference / "layouts").glob("*.yml"))
    for path in [*sorted(reference.glob("*.csv")), *declared, account_types]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_ingest_state(build: Path) -> dict | None:
    """The build's ingest state (inputs fingerprint, hash per delivery), if any."""
    if not build.exists():
        return None
    try:
        with warehouse_db.connect(build, read_only=True) as con:
            row = con.execute("select state from raw.ingest_state").fetchone()
    except duckdb.CatalogException:
        return None
    except duckdb.IOException as exc:
        if warehouse_db.is_lock_error(exc):  # another run holds the write lock
            raise BuildBusy(str(exc)) from exc
        return None  # a damaged build: the run deletes it and reads everything
    return json.loads(row[0]) if row else None


def current_plan(raw_dir: Path, build: Path, inputs: str, *, force: bool = False) -> RefreshPlan:
    """The plan for raw/ now against ``build``; ``force`` re-reads everything."""
    state = None if force else read_ingest_state(build)
    built = state["deliveries"] if state and state["inputs"] == inputs else None
    return plan_refresh(built, delivery_hashes(raw_dir))


def published_is_current(published: Path, raw_dir: Path, repo_root: Path) -> bool:
    """True when the published warehouse was built from this raw/ tree and this code."""
    if not published.exists():
        return False
    try:
        with warehouse_db.connect(published, read_only=True) as con:
            row = con.execute(
                "select raw_fingerprint, code_version from meta.runs "
                "where coalesce(status, 'published') = 'published' "
                "order by finished_at desc limit 1"
            ).fetchone()
    except duckdb.Error:
        return False
    current = (fingerprint(snapshot(raw_dir)), warehouse_db.code_version(repo_root))
    return row is not None and tuple(row) == current


# the tables one ingest writes per delivery (besides raw.agencies and raw.deliveries)
REPORT_TABLES = [e.name for e in ENTITIES] + [
    "finance_subtotals",
    "quarantine",
    "nulled_cells",
    "ingest_files",
]


def data_cut_off(build: Path) -> float | None:
    """When the last ingest into ``build`` began reading raw/ (unix time), if known."""
    state = read_ingest_state(build)
    return state.get("read_at") if state else None


def write_ingest_state(build: Path, state: dict) -> None:
    frame = pl.DataFrame({"state": [json.dumps(state)]})
    warehouse_db.replace_tables(build, "raw", {"ingest_state": frame})


def drop_withdrawn(build: Path, current: set[str]) -> list[str]:
    """Drop from the report tables the rows of deliveries gone from raw/; their keys."""
    state = read_ingest_state(build)
    withdrawn = sorted(set(state["deliveries"]) - current) if state else []
    if withdrawn:
        warehouse_db.drop_deliveries(build, "raw", REPORT_TABLES, set(withdrawn))
        state["deliveries"] = {k: v for k, v in state["deliveries"].items() if k in current}
        write_ingest_state(build, state)
    return withdrawn


def deliveries_table(hashes: Mapping[str, str]) -> pl.DataFrame:
    """raw.deliveries: one row per delivery folder with the hash of its files."""
    parts = [delivery_key_parts(key) for key in hashes]
    return pl.DataFrame(
        {
            "delivery_key": list(hashes),
            "fiscal_year": [year for year, _ in parts],
            "agency_id": [agency for _, agency in parts],
            "content_sha256": list(hashes.values()),
        },
        schema={
            "delivery_key": pl.String,
            "fiscal_year": pl.Int32,
            "agency_id": pl.String,
            "content_sha256": pl.String,
        },
    )


def report_table_rows(build: Path) -> dict[str, int]:
    with warehouse_db.connect(build, read_only=True) as con:
        return {
            name: con.execute(f"select count(*) from raw.{name}").fetchone()[0]
            for name in REPORT_TABLES
        }


def every_delivery_reread(build: Path) -> bool:
    """True when the last ingest read every delivery the build holds (a first, forced
    or full refresh after a change of code or reference data): an incremental mart
    would replace every row, so it is rebuilt from scratch instead."""
    if not build.exists():
        return True
    with warehouse_db.connect(build, read_only=True) as con:
        try:
            kept = con.execute(
                "select count(*) from raw.ingest_files where delivery_key is not null "
                "and ingested_at < (select max(ingested_at) from raw.ingest_files)"
            ).fetchone()[0]
        except duckdb.CatalogException:  # nothing ingested into this build yet
            return True
    return kept == 0
