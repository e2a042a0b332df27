"""A full refresh on a small raw tree, with real DuckDB files and the real dbt."""

from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs
from pipelines.defs.ingest.assets import agencies, agency_reports
from pipelines.defs.publish import published_warehouse
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.transform.dbt import kinerja_dbt_models


@pytest.mark.integration
def test_refresh_publishes_seed_lines_and_quarantine(
    seed_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (seed_raw / "2022" / "muba-kesbangpol" / "salah.csv").write_text("a,b\n1,2\n")
    build, published = tmp_path / "build" / "k.duckdb", tmp_path / "pub" / "k.duckdb"
    monkeypatch.setenv("KINERJA_BUILD_PATH", str(build))  # read by sql/profiles.yml
    resources = {
        "warehouse": WarehouseResource(
            raw_dir=str(seed_raw), build_path=str(build), published_path=str(published)
        ),
        "dbt": defs.resources["dbt"],
    }
    assets = [agencies, agency_reports, kinerja_dbt_models, published_warehouse]
    result = dg.materialize(assets, resources=resources)
    assert result.success
    with duckdb.connect(str(published), read_only=True) as con:
        totals = con.execute(
            "select budget_level, count(*), sum(budget_idr), sum(realized_idr) "
            "from staging.stg_raw__budget_lines where fiscal_year = 2022 "
            "and agency_id = 'muba-kesbangpol' group by 1 order by 1"
        ).fetchall()
        quarantined = con.execute(
            "select source_file, reason from staging.stg_raw__quarantine"
        ).fetchall()
        views = con.execute(
            "select count(*) from duckdb_views() where not internal and sql ilike '%read_csv%'"
        ).fetchone()[0]
    assert totals == [
        ("activity", 12, Decimal("12588628067.00"), Decimal("11334430823.00")),
        ("program", 6, Decimal("12588628067.00"), Decimal("11334430823.00")),
        ("sub_activity", 32, Decimal("12593628067.00"), Decimal("11334430823.00")),
    ]
    assert quarantined == [
        (
            "2022/muba-kesbangpol/salah.csv",
            "file rejected: unknown table salah.csv; expected one of "
            "['anggaran.csv', 'belanja.csv', 'kinerja.csv', 'ringkasan.csv', "
            "'skala.csv']",
        )
    ]
    assert views == 0
