"""The build file's storage format: created in STORAGE_VERSION, an older one retired."""

from pathlib import Path

import duckdb
import pytest

from pipelines.lib import warehouse


def _file_in(path: Path, version: str) -> None:
    with duckdb.connect(str(path), config={"storage_compatibility_version": version}) as con:
        con.execute("create table t as select range as v from range(10)")


def test_new_files_take_the_storage_version_and_older_builds_are_retired(tmp_path: Path):
    current = tmp_path / "current.duckdb"
    with warehouse.connect(current) as con:
        con.execute("create table t as select 1 as v")
    assert warehouse.storage_version(current) == "v1.3.0+"
    assert not warehouse.retire_unusable_build(current)
    assert current.exists()

    newer = tmp_path / "newer.duckdb"
    _file_in(newer, "latest")
    assert not warehouse.retire_unusable_build(newer)
    assert newer.exists()

    older = tmp_path / "older.duckdb"
    _file_in(older, "v1.0.0")
    older.with_name("older.duckdb.wal").write_bytes(b"")
    assert warehouse.storage_version(older) == "v1.0.0+"
    assert warehouse.retire_unusable_build(older)
    assert not older.exists()
    assert not older.with_name("older.duckdb.wal").exists()

    assert not warehouse.retire_unusable_build(tmp_path / "missing.duckdb")


def test_a_damaged_build_is_retired_and_a_locked_one_is_busy(tmp_path: Path):
    import subprocess
    import sys

    from pipelines.lib import refresh_plan

    damaged = tmp_path / "damaged.duckdb"
    damaged.write_bytes(b"not a database" * 100)
    assert refresh_plan.read_ingest_state(damaged) is None  # not "another run is writing"
    assert "damaged" in warehouse.retire_unusable_build(damaged)
    assert not damaged.exists()
    locked = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(locked)!r}); "
            "print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(refresh_plan.BuildBusy):
            refresh_plan.read_ingest_state(locked)
        with pytest.raises(duckdb.IOException):
            warehouse.retire_unusable_build(locked)
        assert locked.exists()
    finally:
        holder.communicate("")


def test_a_run_killed_before_publishing_is_marked_so(tmp_path: Path):
    """A recorded run that never reached the swap is listed as not published by the
    next run; the published ones stay published (also when rolled back since)."""
    import datetime as dt

    build, published = tmp_path / "build.duckdb", tmp_path / "pub" / "k.duckdb"
    with warehouse.connect(build) as con:
        con.execute("create schema marts; create table marts.t as select 1 as v")

    def record(run_id: str) -> None:
        now = dt.datetime.now(dt.UTC)
        manifest = {
            "run_id": run_id,
            "started_at": now,
            "finished_at": now,
            "code_version": "x",
            "raw_fingerprint": "y",
            "input_files": [],
            "row_counts": {},
            "findings": {},
        }
        warehouse.record_run(build, manifest, warehouse.published_run_ids(published))

    record("aaaaaaaa-1")
    warehouse.publish(build, published, label="aaaaaaaa")
    record("kkkkkkkk-2")  # killed here: never published
    record("bbbbbbbb-3")
    warehouse.publish(build, published, label="bbbbbbbb")
    with duckdb.connect(str(published), read_only=True) as con:
        statuses = dict(con.execute("select run_id, status from meta.runs").fetchall())
    assert statuses == {
        "aaaaaaaa-1": "published",
        "kkkkkkkk-2": warehouse.NOT_PUBLISHED,
        "bbbbbbbb-3": "published",
    }


def _build(path: Path, marker: int) -> Path:
    path.unlink(missing_ok=True)
    with warehouse.connect(path) as con:
        con.execute("create schema meta")
        con.execute(f"create table meta.runs as select 'run{marker}' as run_id")
    return path


def test_kept_copies_are_real_copies_and_a_damaged_file_is_restored(tmp_path: Path):
    """Damage to the published file never reaches its kept copy (no shared inode); the
    damage is named with the rollback that restores the same publication."""
    published = tmp_path / "pub" / "kinerja.duckdb"
    for marker in (1, 2):
        warehouse.publish(_build(tmp_path / "build.duckdb", marker), published, f"run{marker}")
    current = warehouse.current_in_history(published)
    assert current is not None
    assert current.name.endswith("-run2.duckdb")
    assert current.stat().st_ino != published.stat().st_ino
    assert warehouse.damage(published) is None
    with published.open("r+b") as handle:  # damaged in place, as a faulty disk would
        handle.seek(0)
        handle.write(b"\0" * 8192)
    message = warehouse.damage(published)
    assert message == f"the published warehouse is damaged: kinerja rollback restores {current}"
    assert warehouse.damage(current) is None
    assert warehouse.published_run_ids(published) >= {"run1", "run2"}  # never raises
    assert warehouse.rollback(published) == current  # the same publication, whole again
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select run_id from meta.runs").fetchone() == ("run2",)
    warehouse.rollback(published)  # then, as before, one publication back
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select run_id from meta.runs").fetchone() == ("run1",)
    with pytest.raises(warehouse.PublishError, match="not a file of"):
        warehouse.rollback(published, tmp_path / "build.duckdb")
