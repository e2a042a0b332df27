"""The dbt unit tests (formulas, polarity, category bounds, quadrants) run in CI.

Refreshes skip them (`dbt build --exclude-resource-type unit_test`): they test the SQL,
not the data, and need no warehouse but the seeds they declare.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines import paths


@pytest.mark.integration
def test_dbt_unit_tests_pass(bundled_warehouse: Path, tmp_path: Path):
    """dbt introspects the models' parents, so the tests run on a copy of a warehouse."""
    database = tmp_path / "unit.duckdb"
    shutil.copyfile(bundled_warehouse, database)
    dbt = Path(sys.executable).parent / "dbt"
    env = {
        **os.environ,
        "KINERJA_BUILD_PATH": str(database),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    result = subprocess.run(
        [
            str(dbt),
            "test",
            "--select",
            "test_type:unit",
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        cwd=paths.SQL_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "PASS=" in result.stdout
    passed = int(result.stdout.rsplit("PASS=", 1)[1].split()[0])
    assert passed == 14  # every unit test of sql/models (see their .yml files)
