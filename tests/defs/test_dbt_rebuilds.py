"""When the dbt step rebuilds incremental marts from scratch instead of appending."""

from pathlib import Path

import duckdb

from pipelines.defs.transform.dbt import (
    built_definitions,
    every_delivery_reread,
    record_built_definitions,
)


def _build(path: Path, reads: list[tuple[str | None, str]]) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        con.execute("create table raw.ingest_files (delivery_key varchar, ingested_at timestamptz)")
        con.executemany("insert into raw.ingest_files values (?, ?::timestamptz)", reads)
    return path


def test_a_rebuild_when_the_last_ingest_read_every_delivery(tmp_path):
    night, noon = "2026-11-27 01:00:00+00", "2026-11-27 12:00:00+00"
    assert every_delivery_reread(tmp_path / "none.duckdb")  # no build yet
    duckdb.connect(str(tmp_path / "empty.duckdb")).close()
    assert every_delivery_reread(tmp_path / "empty.duckdb")  # nothing ingested yet
    everything = _build(tmp_path / "a.duckdb", [("2023/a", noon), ("2024/a", noon)])
    assert every_delivery_reread(everything)
    # a stray file outside any delivery, read earlier, keeps nothing
    stray = _build(tmp_path / "b.duckdb", [("2023/a", noon), (None, night)])
    assert every_delivery_reread(stray)
    one = _build(tmp_path / "c.duckdb", [("2023/a", night), ("2024/a", noon)])
    assert not every_delivery_reread(one)


def test_definitions_are_recorded_per_model_and_replaced(tmp_path):
    database = tmp_path / "d.duckdb"
    assert built_definitions(database) == {}
    record_built_definitions(database, {})  # nothing built: the file is not even made
    assert not database.exists()
    record_built_definitions(database, {"model.kinerja.a": "1", "model.kinerja.b": "1"})
    record_built_definitions(database, {"model.kinerja.b": "2"})
    assert built_definitions(database) == {"model.kinerja.a": "1", "model.kinerja.b": "2"}
