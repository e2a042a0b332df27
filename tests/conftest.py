"""Shared fixtures: paths of the fixture tree and of the bundled seed report."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from pipelines import paths
from pipelines.lib.reference import read_account_types

FIXTURES = Path(__file__).parent / "fixtures"
SEED_AGENCY = "muba-kesbangpol"


@pytest.fixture(scope="session")
def known_accounts() -> frozenset[str]:
    """Account codes of the seed list sql/seeds/account_types.csv."""
    return frozenset(read_account_types(paths.ACCOUNT_TYPES_PATH)["account_code"])


@pytest.fixture
def fixture_raw(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/raw (tiny tree with deliberate defects)."""
    target = tmp_path / "raw"
    shutil.copytree(FIXTURES / "raw", target)
    return target


@pytest.fixture
def seed_raw(tmp_path: Path) -> Path:
    """A raw/ tree holding only the transcribed seed report (copied, never modified)."""
    target = tmp_path / "seed-raw"
    (target / "reference").mkdir(parents=True)
    shutil.copy(paths.RAW_DIR / "reference" / "agencies-musi-banyuasin.csv", target / "reference")
    shutil.copytree(paths.RAW_DIR / "2022" / SEED_AGENCY, target / "2022" / SEED_AGENCY)
    return target


def run_refresh(raw_dir: Path, work_dir: Path) -> Path:
    """Run every asset and check of the refresh job on ``raw_dir``; return the published file.

    Real DuckDB files and the real dbt; the build file lives in ``work_dir``.
    """
    result = materialize_refresh(raw_dir, work_dir)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return work_dir / "published" / "k.duckdb"


def materialize_refresh(raw_dir: Path, work_dir: Path, *, reread_all: bool = False):
    """The refresh of :func:`run_refresh`, returning Dagster's result, failed or not."""
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.defs.resources import WarehouseResource

    build, published = work_dir / "build" / "k.duckdb", work_dir / "published" / "k.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KINERJA_BUILD_PATH", str(build))  # read by sql/profiles.yml
        warehouse = WarehouseResource(
            raw_dir=str(raw_dir),
            build_path=str(build),
            published_path=str(published),
            settle_seconds=0,  # tests write files and refresh at once
        )
        assets = [*(defs.assets or []), *(defs.asset_checks or [])]
        return dg.materialize(
            assets,
            resources={"warehouse": warehouse, "dbt": defs.resources["dbt"]},
            instance=dg.DagsterInstance.ephemeral(),
            run_config={"ops": {"raw__agency_reports": {"config": {"reread_all": reread_all}}}},
            raise_on_error=False,
        )


@pytest.fixture(scope="session")
def bundled_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse built from the bundled raw/ (seed report + synthetic regency)."""
    return run_refresh(paths.RAW_DIR, tmp_path_factory.mktemp("bundled"))


def rows_accounted(frames: dict[str, pl.DataFrame]) -> tuple[int, int, int]:
    """(rows in, rows loaded, distinct rows quarantined) of one ingestion."""
    files = frames["ingest_files"]
    quarantined = (
        frames["quarantine"]
        .filter(pl.col("source_row").is_not_null())
        .select("source_file", "source_sheet", "source_row")
        .unique()
        .height
    )
    return int(files["rows_in"].sum()), int(files["rows_loaded"].sum()), quarantined
