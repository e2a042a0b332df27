"""The build file's storage format: created in STORAGE_VERSION, an older one retired."""

from pathlib import Path

import duckdb

from pipelines.lib import warehouse


def _file_in(path: Path, version: str) -> None:
    with duckdb.connect(str(path), config={"storage_compatibility_version": version}) as con:
        con.execute("create table t as select range as v from range(10)")


def test_new_files_take_the_storage_version_and_older_builds_are_retired(tmp_path: Path):
    current = tmp_path / "current.duckdb"
    with warehouse.connect(current) as con:
        con.execute("create table t as select 1 as v")
    assert warehouse.storage_version(current) == "v1.3.0+"
    assert not warehouse.retire_outdated_build(current)
    assert current.exists()

    newer = tmp_path / "newer.duckdb"
    _file_in(newer, "latest")
    assert not warehouse.retire_outdated_build(newer)
    assert newer.exists()

    older = tmp_path / "older.duckdb"
    _file_in(older, "v1.0.0")
    older.with_name("older.duckdb.wal").write_bytes(b"")
    assert warehouse.storage_version(older) == "v1.0.0+"
    assert warehouse.retire_outdated_build(older)
    assert not older.exists()
    assert not older.with_name("older.duckdb.wal").exists()

    assert not warehouse.retire_outdated_build(tmp_path / "missing.duckdb")
