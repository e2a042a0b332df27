"""Agency-year partitions end to end: one replaced file re-reads one partition; a
withdrawn delivery leaves the warehouse. Real Dagster, DuckDB and dbt."""

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines import paths
from tests.conftest import _INSTANCES, materialize_refresh

FOLDERS = ["2023/syn-dinkes", "2023/syn-disdik", "2024/syn-dinkes", "2024/syn-disdik"]


@pytest.fixture
def small_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW_DIR / "reference", raw / "reference")
    for folder in FOLDERS:
        shutil.copytree(paths.RAW_DIR / folder, raw / folder)
    return raw


def _ingested(result) -> list[str]:
    return sorted(
        event.partition
        for event in result.get_asset_materialization_events()
        if event.asset_key.path == ["raw", "agency_reports"]
    )


def _budget_rows(published: Path) -> dict[str, int]:
    with duckdb.connect(str(published), read_only=True) as con:
        rows = con.execute(
            "select fiscal_year || '/' || agency_id, count(*) from marts.budget_lines group by 1"
        ).fetchall()
    return dict(rows)


def test_partitions_follow_raw_deliveries(small_raw: Path, tmp_path: Path):
    work = tmp_path / "work"
    first = materialize_refresh(small_raw, work)
    assert first.success
    assert _ingested(first) == FOLDERS  # every agency-year, in one run
    instance = _INSTANCES[work]
    assert instance.get_dynamic_partitions("agency_year") == FOLDERS
    published = work / "published" / "k.duckdb"
    before = _budget_rows(published)
    assert set(before) == set(FOLDERS)

    budget = small_raw / "2023" / "syn-disdik" / "anggaran.csv"
    lines = budget.read_text().splitlines(keepends=True)
    budget.write_text("".join(lines[:-1]))  # the agency re-delivers without its last line
    second = materialize_refresh(small_raw, work)
    assert second.success
    assert _ingested(second) == ["2023/syn-disdik"]
    after = _budget_rows(published)
    assert after["2023/syn-disdik"] == before["2023/syn-disdik"] - 1
    assert {k: v for k, v in after.items() if k != "2023/syn-disdik"} == {
        k: v for k, v in before.items() if k != "2023/syn-disdik"
    }

    shutil.rmtree(small_raw / "2024" / "syn-dinkes")  # delivery withdrawn
    third = materialize_refresh(small_raw, work)
    assert third.success
    assert _ingested(third) == []  # nothing to read: the run drops the rows
    assert instance.get_dynamic_partitions("agency_year") == [
        "2023/syn-dinkes",
        "2023/syn-disdik",
        "2024/syn-disdik",
    ]
    assert "2024/syn-dinkes" not in _budget_rows(published)
    with duckdb.connect(str(published), read_only=True) as con:
        keys = [
            r[0]
            for r in con.execute("select delivery_key from raw.deliveries order by 1").fetchall()
        ]
        leftovers = con.execute(
            "select count(*) from raw.ingest_files where source_file like '2024/syn-dinkes/%'"
        ).fetchone()[0]
    assert keys == ["2023/syn-dinkes", "2023/syn-disdik", "2024/syn-disdik"]
    assert leftovers == 0
