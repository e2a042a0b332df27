"""Incremental refreshes end to end: one replaced file re-reads one delivery; a
withdrawn delivery leaves the warehouse. Real Dagster, DuckDB and dbt."""

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines import paths
from tests.conftest import materialize_refresh

FOLDERS = ["2023/syn-dinkes", "2023/syn-disdik", "2024/syn-dinkes", "2024/syn-disdik"]


@pytest.fixture
def small_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW_DIR / "reference", raw / "reference")
    for folder in FOLDERS:
        shutil.copytree(paths.RAW_DIR / folder, raw / folder)
    return raw


def _ingested(published: Path, result) -> list[str]:
    """The deliveries this run read (their files' ingested_at is the run's newest)."""
    assert result.success
    with duckdb.connect(str(published), read_only=True) as con:
        rows = con.execute(
            "select distinct delivery_key from raw.ingest_files where ingested_at = "
            "(select max(ingested_at) from raw.ingest_files) and delivery_key is not null"
        ).fetchall()
    return sorted(row[0] for row in rows)


def _per_delivery(published: Path, aggregate: str) -> dict[str, object]:
    """``aggregate`` of marts.budget_lines for each delivery it holds lines of."""
    with duckdb.connect(str(published), read_only=True) as con:
        rows = con.execute(
            f"select delivery_key, {aggregate} from marts.budget_lines group by 1"
        ).fetchall()
    return dict(rows)


def _budget_rows(published: Path) -> dict[str, object]:
    return _per_delivery(published, "count(*)")


def _built_from(published: Path) -> dict[str, object]:
    """The read of each delivery that marts.budget_lines holds lines of."""
    return _per_delivery(published, "any_value(ingested_at)")


def _budget_lines_stale(published: Path) -> int:
    """Rows of the incremental mart marts.budget_lines that a full rebuild from the raw
    lines would not give (or would give and the mart lacks)."""
    mart = "select budget_line_id, budget_idr, realized_idr, source_file, delivery_key"
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(
            f"""
            with
            mart as ({mart} from marts.budget_lines),
            rebuilt as (
                select agency_id || ':' || fiscal_year || ':' || budget_code,
                    budget_idr, realized_idr, source_file, delivery_key
                from intermediate.int_budget_lines_measured
            )
            select count(*) from (
                (select * from mart except all select * from rebuilt)
                union all
                (select * from rebuilt except all select * from mart)
            )
            """
        ).fetchone()[0]


def test_a_refresh_reads_only_the_deliveries_that_changed(small_raw: Path, tmp_path: Path):
    work = tmp_path / "work"
    published = work / "published" / "k.duckdb"
    first = materialize_refresh(small_raw, work)
    assert _ingested(published, first) == FOLDERS  # every delivery, in one run
    (findings,) = [
        event.materialization.metadata
        for event in first.get_asset_materialization_events()
        if event.asset_key.path == ["marts", "dq_findings"]
    ]
    assert findings["contract_suite_reused"].value  # validated once, by check_contracts
    before = _budget_rows(published)
    assert set(before) == set(FOLDERS)
    built_before = _built_from(published)

    budget = small_raw / "2023" / "syn-disdik" / "anggaran.csv"
    lines = budget.read_text().splitlines(keepends=True)
    budget.write_text("".join(lines[:-1]))  # the agency re-delivers without its last line
    second = materialize_refresh(small_raw, work)
    assert _ingested(published, second) == ["2023/syn-disdik"]
    # the second build starts from the first one's parse state instead of parsing anew
    dbt_log = paths.SQL_DIR / "target" / f"build-{second.run_id[:8]}" / "dbt.log"
    assert "Unable to do partial parsing" not in dbt_log.read_text()
    after = _budget_rows(published)
    assert after["2023/syn-disdik"] == before["2023/syn-disdik"] - 1
    assert _budget_lines_stale(published) == 0
    built_after = _built_from(published)  # the mart rebuilt that delivery's lines only
    assert built_after["2023/syn-disdik"] > built_before["2023/syn-disdik"]
    assert {k: v for k, v in built_after.items() if k != "2023/syn-disdik"} == {
        k: v for k, v in built_before.items() if k != "2023/syn-disdik"
    }
    assert {k: v for k, v in after.items() if k != "2023/syn-disdik"} == {
        k: v for k, v in before.items() if k != "2023/syn-disdik"
    }

    shutil.rmtree(small_raw / "2024" / "syn-dinkes")  # delivery withdrawn
    third = materialize_refresh(small_raw, work)
    assert third.success  # nothing to read: the run drops the rows
    assert "2024/syn-dinkes" not in _budget_rows(published)
    assert _budget_lines_stale(published) == 0
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

    # a forced refresh reads everything again and rebuilds the incremental mart whole
    budget.write_text("".join(lines))  # the agency re-delivers its last line
    fourth = materialize_refresh(small_raw, work, reread_all=True)
    assert _ingested(published, fourth) == sorted(set(FOLDERS) - {"2024/syn-dinkes"})
    assert _budget_rows(published)["2023/syn-disdik"] == before["2023/syn-disdik"]
    assert _budget_lines_stale(published) == 0
