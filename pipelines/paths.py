"""Every path the project uses, built in one place (environment-overridable).

* ``RAW_DIR`` - delivered files, ``raw/<fiscal_year>/<agency>/`` (``KINERJA_RAW_DIR``)
* ``BUILD_PATH`` - the DuckDB file each run builds into (``KINERJA_BUILD_PATH``)
* ``WAREHOUSE_PATH`` - the published warehouse analysts open (``WAREHOUSE_PATH``)
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = REPO_ROOT / "sql"
SEEDS_DIR = SQL_DIR / "seeds"
ACCOUNT_TYPES_PATH = SEEDS_DIR / "account_types.csv"
DAGSTER_HOME = REPO_ROOT / ".dagster"  # run storage; dagster.yaml is linked in by make


def _path(variable: str, default: Path) -> Path:
    value = os.environ.get(variable)
    return Path(value).resolve() if value else default


RAW_DIR = _path("KINERJA_RAW_DIR", REPO_ROOT / "raw")
REFERENCE_DIR = RAW_DIR / "reference"
DRAFT_DIR = RAW_DIR / "draft"  # drafts of `kinerja extract`; ingest never reads them
WAREHOUSE_PATH = _path("WAREHOUSE_PATH", REPO_ROOT / "warehouse" / "kinerja.duckdb")
BUILD_PATH = _path("KINERJA_BUILD_PATH", REPO_ROOT / "warehouse" / "build" / "kinerja.duckdb")
