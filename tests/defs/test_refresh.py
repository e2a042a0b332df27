"""A full refresh on a small raw tree, with real DuckDB files and the real dbt."""

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.warehouse import STORAGE_VERSION, storage_version
from tests.conftest import run_refresh


@pytest.mark.integration
def test_refresh_publishes_seed_lines_and_quarantine(seed_raw: Path, tmp_path: Path):
    (seed_raw / "2022" / "muba-kesbangpol" / "salah.csv").write_text("a,b\n1,2\n")
    published = run_refresh(seed_raw, tmp_path)
    with duckdb.connect(str(published), read_only=True) as con:
        totals = con.execute(
            "select budget_level, count(*), sum(budget_idr), sum(realized_idr) "
            "from marts.budget_lines where fiscal_year = 2022 "
            "and agency_id = 'muba-kesbangpol' group by 1 order by 1"
        ).fetchall()
        quarantined = con.execute(
            "select source_file, reason from staging.stg_raw__quarantine"
        ).fetchall()
        views_over_files = con.execute(
            "select count(*) from duckdb_views() where not internal "
            "and (sql ilike '%read_csv%' or sql ilike '%read_parquet%')"
        ).fetchone()[0]
    assert storage_version(published) == STORAGE_VERSION + "+"  # as the build was created
    assert totals == [
        ("activity", 12, Decimal("12588628067.00"), Decimal("11334430823.00")),
        ("program", 6, Decimal("12588628067.00"), Decimal("11334430823.00")),
        ("sub_activity", 32, Decimal("12593628067.00"), Decimal("11334430823.00")),
    ]
    assert quarantined == [
        (
            "2022/muba-kesbangpol/salah.csv",
            "file rejected: unknown table salah.csv; expected one of "
            "['anggaran.csv', 'belanja.csv', 'kinerja.csv', 'ringkasan.csv', 'skala.csv', "
            "'realisasi_periode.csv']",
        )
    ]
    assert views_over_files == 0
