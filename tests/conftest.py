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
