"""Write tables into the build database and publish it atomically.

Analysts hold the published file open read-only; DuckDB then refuses any writer.
So a run never writes the published file: it builds into its own file, closes it
cleanly, copies it beside the published one and swaps it in with
``os.replace``. Readers of the old file keep their snapshot; a failed run
leaves the published file untouched.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import polars as pl


class PublishError(Exception):
    """The build file is not in a state that may be published."""


def replace_tables(database: Path, schema: str, frames: dict[str, pl.DataFrame]) -> None:
    """Replace ``schema.<name>`` for every frame, all in one transaction."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database)) as con:
        con.execute("begin transaction")
        con.execute(f"create schema if not exists {schema}")
        for name, frame in frames.items():
            con.register("incoming_frame", frame.to_arrow())
            con.execute(f"create or replace table {schema}.{name} as select * from incoming_frame")
            con.unregister("incoming_frame")
        con.execute("commit")


def publish(build_path: Path, published_path: Path) -> Path:
    """Checkpoint ``build_path`` and atomically make a copy of it the published file."""
    with duckdb.connect(str(build_path)) as con:
        con.execute("checkpoint")
    wal = build_path.with_name(build_path.name + ".wal")
    if wal.exists():
        raise PublishError(f"{wal} is left after checkpoint: the build was not closed cleanly")
    published_path.parent.mkdir(parents=True, exist_ok=True)
    staging = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
    shutil.copyfile(build_path, staging)
    with staging.open("rb") as handle:
        os.fsync(handle.fileno())
    staging.replace(published_path)  # atomic rename (os.replace) on one file system
    return published_path
