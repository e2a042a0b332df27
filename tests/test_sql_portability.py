"""The dbt models are portable: compiled for DuckDB, every model and data test
transpiles with sqlglot to Spark SQL and to Trino without an unsupported construct, and
the result parses again in that dialect (docs/scaling.md: the road to dbt-spark/trino)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlglot
from sqlglot.errors import ErrorLevel

from pipelines import paths


@pytest.fixture(scope="module")
def compiled_models(bundled_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("compile")
    copy = work / "kinerja.duckdb"
    shutil.copy(bundled_warehouse, copy)
    target = work / "target"
    subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "compile", "--target-path", str(target), "-q"],
        cwd=paths.SQL_DIR,
        env={**os.environ, "KINERJA_BUILD_PATH": str(copy)},
        check=True,
    )
    models = sorted((target / "compiled" / "kinerja" / "models").rglob("*.sql"))
    return {p.relative_to(target).as_posix(): p.read_text() for p in models}


def test_every_model_was_compiled(compiled_models: dict[str, str]):
    """Models, plus the data tests of their .yml files (compiled under <file>.yml/)."""
    models = [name for name in compiled_models if ".yml/" not in name]
    assert len(models) == len(list((paths.SQL_DIR / "models").rglob("*.sql")))


@pytest.mark.parametrize("dialect", ["spark", "trino"])
def test_models_transpile_to_a_distributed_engine(compiled_models: dict[str, str], dialect):
    failures = {}
    for name, sql in compiled_models.items():
        try:
            (translated,) = sqlglot.transpile(
                sql, read="duckdb", write=dialect, unsupported_level=ErrorLevel.RAISE
            )
            sqlglot.parse_one(translated, read=dialect)
        except sqlglot.errors.SqlglotError as exc:
            failures[name] = str(exc)[:300]
    assert failures == {}
