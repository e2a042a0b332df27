"""Write tables into the build database and publish it atomically.

Analysts hold the published file open read-only; DuckDB then refuses any writer.
So a run never writes the published file: it builds into its own file, closes it
cleanly, copies it beside the published one and swaps it in with
``os.replace``. Readers of the old file keep their snapshot; a failed run
leaves the published file untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import duckdb
import polars as pl

# DuckDB's memory per process: this package's connections and dbt's (sql/profiles.yml
# reads the same variable). DuckDB's own default (most of the RAM) let dbt's threads take
# far more than a shared server can give; past the limit DuckDB spills to disk.
MEMORY_LIMIT_VARIABLE = "KINERJA_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "3GB"
# frames reach DuckDB as Arrow string views, as polars holds its strings: no copy
ARROW_LEVEL = pl.CompatLevel.newest()


# The storage format of the files this package creates: DuckDB writes its 1.0 format
# unless told otherwise; 1.3's is faster to write and smaller on disk.
# Readers need DuckDB 1.3 or later (docs/warehouse.md asks for 1.5.6).
STORAGE_VERSION = "v1.3.0"


def connect(database: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to ``database`` under the memory limit of this install; a new file is
    created in the storage format ``STORAGE_VERSION``."""
    limit = os.environ.get(MEMORY_LIMIT_VARIABLE, DEFAULT_MEMORY_LIMIT)
    config = {"memory_limit": limit, "storage_compatibility_version": STORAGE_VERSION}
    return duckdb.connect(str(database), read_only=read_only, config=config)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.strip("v+").split("."))


def storage_version(database: Path) -> str:
    """The storage format ``database`` was created in (``v1.0.0+``)."""
    with duckdb.connect(str(database), read_only=True) as con:
        (tags,) = con.execute(
            "select tags from duckdb_databases() where database_name = current_database()"
        ).fetchone()
    return tags["storage_version"]


def is_lock_error(exc: duckdb.Error) -> bool:
    """Whether DuckDB refused a file because another process holds its lock (every
    other I/O error on a build file means the file itself is damaged)."""
    return "Could not set lock" in str(exc)


def retire_unusable_build(database: Path) -> str | None:
    """Delete the build ``database`` when this run cannot continue it: created in an
    older storage format than ``STORAGE_VERSION`` (DuckDB keeps a file's format), or
    damaged (cut short, overwritten). The run then rebuilds it in full. The build is
    this package's own working file: the published warehouse is a copy, untouched.
    Returns why it was deleted, or None. A lock held by another run is raised."""
    if not database.exists():
        return None
    try:
        version = storage_version(database)
    except duckdb.IOException as exc:
        if is_lock_error(exc):
            raise
        reason = f"damaged ({str(exc).splitlines()[0]})"
    else:
        if _version(version) >= _version(STORAGE_VERSION):
            return None
        reason = f"older storage format {version}"
    for path in (database, database.with_name(database.name + ".wal")):
        path.unlink(missing_ok=True)
    return reason


class PublishError(Exception):
    """The build file is not in a state that may be published."""


def load_deliveries(
    database: Path,
    schema: str,
    batches: Iterable[dict[str, pl.DataFrame]],
    keys: set[str] | None,
) -> None:
    """Write the batches of one ingest, one transaction per batch. ``keys`` None: the
    tables are replaced by the batches; else the rows of the deliveries each batch read
    (``2022/muba-kesbangpol``, from its file log) and of no delivery (files outside any
    delivery folder) are replaced, the rest kept: a delivery left out of the read (still
    being copied) keeps its rows.

    One transaction per batch bounds memory: DuckDB holds an open transaction's appends
    in memory (0,35 GB per million rows, 9 GB for a national ingest in one). A run that
    fails half way leaves the build with some deliveries new and some gone; the ingest
    state is written only after the last batch, so the next run re-reads every one of
    them, and nothing is published from a failed run."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with connect(database) as con:
        # DuckDB tries FSST on every text column it writes, and on the raw tables keeps
        # dictionary compression anyway: the attempt only costs time (dbt's marts keep
        # FSST, which makes their line ids and names smaller)
        con.execute("set disabled_compression_methods = 'fsst'")
        con.execute(f"create schema if not exists {schema}")
        for number, frames in enumerate(batches):
            read = set(frames["ingest_files"]["delivery_key"].drop_nulls())
            con.execute("begin transaction")
            for name, frame in frames.items():
                con.register("incoming_frame", frame.to_arrow(compat_level=ARROW_LEVEL))
                if number == 0 and keys is None:
                    con.execute(
                        f"create or replace table {schema}.{name} as select * from incoming_frame"
                    )
                else:
                    if number == 0:
                        con.execute(f"delete from {schema}.{name} where delivery_key is null")
                    _delete_deliveries(con, f"{schema}.{name}", read)
                    con.execute(f"insert into {schema}.{name} by name select * from incoming_frame")
                con.unregister("incoming_frame")
            con.execute("commit")


def drop_deliveries(database: Path, schema: str, tables: list[str], keys: set[str]) -> None:
    """Delete the rows of the agency-years ``keys`` from ``tables``, in one transaction."""
    with connect(database) as con:
        con.execute("begin transaction")
        for name in tables:
            _delete_deliveries(con, f"{schema}.{name}", keys)
        con.execute("commit")


def _delete_deliveries(con: duckdb.DuckDBPyConnection, table: str, keys: set[str]) -> None:
    con.execute(
        f"delete from {table} where delivery_key in (select unnest(?))",
        [sorted(keys)],
    )


def replace_tables(database: Path, schema: str, frames: dict[str, pl.DataFrame]) -> None:
    """Replace ``schema.<name>`` for every frame, all in one transaction."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with connect(database) as con:
        con.execute("begin transaction")
        con.execute(f"create schema if not exists {schema}")
        for name, frame in frames.items():
            con.register("incoming_frame", frame.to_arrow(compat_level=ARROW_LEVEL))
            con.execute(f"create or replace table {schema}.{name} as select * from incoming_frame")
            con.unregister("incoming_frame")
        con.execute("commit")


HISTORY_DIR_NAME = "history"
KEEP_PUBLISHED = 5


def code_version(repo_root: Path) -> str:
    """The git commit of the code (with +dirty when the work tree differs), or unknown."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=repo_root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # the changes themselves (diffs, names of new files): each edit is another version
        dirty = subprocess.run(
            ["git", "diff", "HEAD", "--", "pipelines", "sql", "dagster.yaml"],
            cwd=repo_root,
            capture_output=True,
            check=True,
        ).stdout
        dirty += subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard", "pipelines", "sql"],
            cwd=repo_root,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    if not dirty:
        return commit
    return f"{commit}+dirty-{hashlib.sha256(dirty).hexdigest()[:8]}"


NOT_PUBLISHED = "not published: the run stopped before publishing"


def published_run_ids(published_path: Path) -> set[str]:
    """The runs that did publish: those the published file lists, and those whose label
    names a file kept in the history (published, then rolled back)."""
    ids: set[str] = set()
    if published_path.exists() and damage(published_path) is None:  # a damaged one: unread
        with connect(published_path, read_only=True) as con:
            ids |= {row[0] for row in con.execute("select run_id from meta.runs").fetchall()}
    labels = {p.stem.rsplit("-", 1)[-1] for p in history_dir(published_path).glob("*.duckdb")}
    return ids | labels


def record_run(database: Path, manifest: dict, published_ids: set[str]) -> None:
    """Append this run's manifest to ``meta.runs`` of the build file (status published:
    the published copy is taken right after). A row of an earlier run that never
    published (killed between this step and the swap) is marked as such; a run counts
    as published when ``published_ids`` holds its id or the first 8 characters of it."""
    with connect(database) as con:
        con.execute("create schema if not exists meta")
        con.execute("""
            create table if not exists meta.runs (
                run_id varchar primary key, started_at timestamptz, finished_at timestamptz,
                code_version varchar, raw_fingerprint varchar, input_files json,
                row_counts json, findings_blocking integer, findings_warning integer,
                findings_info integer)
        """)
        con.execute("alter table meta.runs add column if not exists status varchar")
        con.execute(
            "update meta.runs set status = ? where coalesce(status, 'published') = 'published' "
            "and run_id not in (select unnest(?)) and left(run_id, 8) not in (select unnest(?))",
            [NOT_PUBLISHED, sorted(published_ids), sorted(published_ids)],
        )
        con.execute("delete from meta.runs where run_id = ?", [manifest["run_id"]])
        con.execute(
            "insert into meta.runs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'published')",
            [
                manifest["run_id"],
                manifest["started_at"],
                manifest["finished_at"],
                manifest["code_version"],
                manifest["raw_fingerprint"],
                json.dumps(manifest["input_files"]),
                json.dumps(manifest["row_counts"]),
                manifest["findings"].get("blocking", 0),
                manifest["findings"].get("warning", 0),
                manifest["findings"].get("info", 0),
            ],
        )


def row_counts(database: Path, schemas: tuple[str, ...] = ("raw", "marts")) -> dict[str, int]:
    """Rows of every table of ``schemas``: what the numbers are based on."""
    with connect(database, read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name in "
            f"({', '.join('?' for _ in schemas)}) order by 1, 2",
            list(schemas),
        ).fetchall()
        return {
            f"{schema}.{table}": con.execute(
                f'select count(*) from "{schema}"."{table}"'
            ).fetchone()[0]
            for schema, table in tables
        }


def history_dir(published_path: Path) -> Path:
    """Where the previously published files are kept, for rollback."""
    return published_path.parent / HISTORY_DIR_NAME


CURRENT_NAME = "CURRENT"  # in history/: the name of the kept file now published


def current_in_history(published_path: Path) -> Path | None:
    """The history file the published warehouse is a copy of (None when unknown)."""
    marker = history_dir(published_path) / CURRENT_NAME
    if not marker.is_file():
        return None
    kept = history_dir(published_path) / marker.read_text(encoding="utf-8").strip()
    return kept if kept.parent == history_dir(published_path) and kept.is_file() else None


def _mark_current(published_path: Path, kept: Path) -> None:
    marker = history_dir(published_path) / CURRENT_NAME
    temporary = marker.with_name(f".{CURRENT_NAME}.{os.getpid()}.tmp")
    temporary.write_text(kept.name + "\n", encoding="utf-8")
    temporary.replace(marker)


def damage(published_path: Path) -> str | None:
    """Why the published warehouse cannot be read (a damaged file), or None when it
    reads or does not exist yet; the message names the rollback that restores it."""
    if not published_path.exists():
        return None
    try:
        with connect(published_path, read_only=True) as con:
            con.execute("select count(*) from meta.runs").fetchone()
    except duckdb.Error as exc:
        if is_lock_error(exc):
            return None
        restores = _restore_of_damaged(published_path)
        fix = (
            f"kinerja rollback restores {restores}"
            if restores
            else "the next refresh publishes a new one"
        )
        return f"the published warehouse is damaged: {fix}"
    return None


def _restore_of_damaged(published_path: Path) -> Path | None:
    """The kept copy of the publication a damaged file was (else the newest kept)."""
    kept = sorted(history_dir(published_path).glob(f"{published_path.stem}-*"))
    return current_in_history(published_path) or (kept[-1] if kept else None)


def _keep_in_history(staging: Path, published_path: Path, label: str) -> Path:
    folder = history_dir(published_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    kept = folder / f"{published_path.stem}-{stamp}-{label}{published_path.suffix}"
    # a real copy, not a hard link: damage to the published file must not reach it
    shutil.copyfile(staging, kept)
    for old in sorted(folder.glob(f"{published_path.stem}-*{published_path.suffix}"))[
        :-KEEP_PUBLISHED
    ]:
        old.unlink()
    return kept


def rollback(published_path: Path, to: Path | None = None) -> Path:
    """Publish again the file published before the current one (or ``to``), atomically.

    ``history/CURRENT`` names the kept file the published one is a copy of, so rolling
    back twice goes back twice; without it the newest kept file is restored. A damaged
    published file is replaced by the kept copy of the same publication.
    """
    kept = sorted(history_dir(published_path).glob(f"{published_path.stem}-*"))
    if to is None and damage(published_path):
        to = _restore_of_damaged(published_path)
        if to is None:
            raise PublishError(f"no published file kept in {history_dir(published_path)}")
    if to is None:
        current = current_in_history(published_path)
        position = next((i for i, k in enumerate(kept) if k == current), None)
        if position is None and kept:
            to = kept[-1]
        elif position:
            to = kept[position - 1]
        else:
            raise PublishError(f"no earlier published file in {history_dir(published_path)}")
    elif to.resolve().parent != history_dir(published_path).resolve() or not to.is_file():
        raise PublishError(f"{to} is not a file of {history_dir(published_path)}")
    staging = published_path.with_name(f".{published_path.name}.{os.getpid()}.rollback")
    staging.unlink(missing_ok=True)
    shutil.copyfile(to, staging)
    staging.replace(published_path)
    _mark_current(published_path, history_dir(published_path) / to.name)
    return to


def _remove_abandoned_copies(published_path: Path) -> None:
    """Delete half-written copies left by publishing processes that were killed."""
    for leftover in published_path.parent.glob(f".{published_path.name}.*.tmp"):
        pid = leftover.name.rsplit(".", 2)[-2]
        try:
            os.kill(int(pid), 0)
        except (ValueError, ProcessLookupError):
            leftover.unlink(missing_ok=True)
        except PermissionError:
            continue


def publish(build_path: Path, published_path: Path, label: str = "run") -> Path:
    """Checkpoint ``build_path`` and atomically make a copy of it the published file.

    The copy is also kept in ``history/`` (the newest five) for :func:`rollback`.
    """
    with connect(build_path) as con:
        con.execute("checkpoint")
    wal = build_path.with_name(build_path.name + ".wal")
    if wal.exists():
        raise PublishError(f"{wal} is left after checkpoint: the build was not closed cleanly")
    published_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_copies(published_path)
    staging = published_path.with_name(f".{published_path.name}.{os.getpid()}.tmp")
    shutil.copyfile(build_path, staging)
    with staging.open("rb") as handle:
        os.fsync(handle.fileno())
    kept = _keep_in_history(staging, published_path, label)
    staging.replace(published_path)  # atomic rename (os.replace) on one file system
    _mark_current(published_path, kept)
    return published_path
