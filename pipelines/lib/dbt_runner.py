"""dbt commands run in this process, through dbt's programmatic runner (``dbtRunner``).

A ``dbt build`` in a subprocess pays for a new interpreter before its first model: it
imports dbt (~3,5 s) and loads the project (~2 s, with partial parsing). Here dbt runs in
the caller's process: the project is parsed once per process and its manifest reused by
every later command, as dbt documents for programmatic invocations ("reusing objects").

``DbtInvocation`` runs one command in a thread and hands its structured events (the same
dictionaries ``--log-format json`` prints) to the caller as they happen, so a Dagster step
can report each model while dbt is still building the next. ``cancel`` is dbt's own
Ctrl-C: the open queries are interrupted and dbt's scheduler stops.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import queue
import shutil
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.lib.watch import source_fingerprint

# dbt's events that carry a node's result (what dagster-dbt turns into Dagster events)
RESULT_EVENTS = frozenset({"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"})
PARTIAL_PARSE_FILE = "partial_parse.msgpack"
_DONE = object()

_manifests: dict[str, Any] = {}
_manifests_lock = threading.Lock()


class DbtCommandError(RuntimeError):
    """A dbt command that did not succeed, with dbt's error messages."""


def project_fingerprint(project_dir: Path, profiles_dir: Path) -> str:
    """What a parsed manifest depends on: the project's files and the environment.

    Files are compared by size and modification time (a stat per file); ``env_var()``
    in the profile and models reads the environment, so the ``KINERJA_*`` and ``DBT_*``
    variables are part of it.
    """
    digest = hashlib.sha256(source_fingerprint([project_dir]).encode())
    profiles = profiles_dir / "profiles.yml"
    if profiles.exists() and profiles.parent != project_dir:
        digest.update(profiles.read_bytes())
    for key in sorted(os.environ):
        if key.startswith(("KINERJA_", "DBT_")):
            digest.update(f"{key}={os.environ[key]}\n".encode())
    return digest.hexdigest()


def parsed_manifest(project_dir: Path, profiles_dir: Path):
    """dbt's parsed project (``dbt parse``, partial parsing on), once per process.

    Parsed again when a file of the project or the environment changed since. Its
    artifacts go to ``target/in-process/``: ``target/manifest.json`` is the one the Dagster
    definitions were made from, and stays as ``dbt parse`` wrote it.
    """
    from dbt.cli.main import dbtRunner

    key = f"{project_dir}|{profiles_dir}|{project_fingerprint(project_dir, profiles_dir)}"
    with _manifests_lock:
        if key not in _manifests:
            target = project_dir / "target" / "in-process"
            seeded = target / PARTIAL_PARSE_FILE
            partial = project_dir / "target" / PARTIAL_PARSE_FILE
            if partial.exists() and (
                not seeded.exists() or partial.stat().st_mtime > seeded.stat().st_mtime
            ):
                # start from the partial parse `dbt parse` left when it is the newer one
                # (`make setup` on a fresh clone, or a parse for other paths since)
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(partial, seeded)
            result = dbtRunner().invoke(
                [
                    "parse",
                    "--quiet",
                    *_location_args(project_dir, profiles_dir),
                    "--target-path",
                    str(target),
                    "--log-path",
                    str(target),
                ]
            )
            if not result.success:
                raise DbtCommandError(f"dbt parse failed: {result.exception}")
            _manifests.clear()
            _manifests[key] = result.result
        return _manifests[key]


def incremental_definitions(manifest) -> dict[str, str]:
    """A digest of each incremental model's definition, by unique id.

    An incremental model appends to the table an earlier build left; when its SQL, its
    config, a macro it calls or a model upstream of it changed since, that table may have
    other columns or hold rows computed another way, and must be rebuilt from scratch
    (``--full-refresh``). The digest covers all of them.
    """
    nodes, macros = manifest.nodes, manifest.macros

    def macro_closure(ids, seen: set[str]) -> None:
        for macro_id in ids:
            if macro_id not in seen and macro_id in macros:
                seen.add(macro_id)
                macro_closure(macros[macro_id].depends_on.macros, seen)

    definitions = {}
    for unique_id, node in nodes.items():
        if node.resource_type != "model" or node.config.materialized != "incremental":
            continue
        upstream, pending = set(), [unique_id]
        while pending:
            current = nodes.get(pending.pop())
            for parent in current.depends_on.nodes if current is not None else ():
                if parent not in upstream:
                    upstream.add(parent)
                    pending.append(parent)
        used_macros: set[str] = set()
        for member in [unique_id, *upstream]:
            if member in nodes:
                macro_closure(nodes[member].depends_on.macros, used_macros)
        digest = hashlib.sha256(repr(sorted(node.config.to_dict().items())).encode())
        for member in sorted({unique_id, *upstream}):
            if member in nodes:
                digest.update(f"{member}={nodes[member].checksum.checksum}\n".encode())
        for macro_id in sorted(used_macros):
            digest.update(f"{macro_id}={macros[macro_id].macro_sql}\n".encode())
        definitions[unique_id] = digest.hexdigest()
    return definitions


def prune_target_dirs(target_dir: Path, prefix: str, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest folders ``<prefix>-*`` of dbt's target folder.

    Each build writes its compiled SQL, run results and log into a folder of its
    own; one a night would fill the disk in time. Returns the folders deleted.
    """
    folders = sorted(
        (p for p in target_dir.glob(f"{prefix}-*") if p.is_dir()), key=lambda p: p.stat().st_mtime
    )
    stale = folders[: max(len(folders) - keep, 0)]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


def _location_args(project_dir: Path, profiles_dir: Path) -> list[str]:
    return [
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(profiles_dir),
        "--no-send-anonymous-usage-stats",
    ]


@dataclass
class DbtInvocation:
    """One dbt command running in a thread of this process.

    Iterate ``events()`` to receive dbt's node results as they happen; after it ends,
    ``raise_on_failure()`` raises ``DbtCommandError`` with dbt's error messages if the
    command failed.
    """

    args: Sequence[str]
    manifest: Any  # parsed_manifest(project_dir, profiles_dir)
    project_dir: Path
    profiles_dir: Path
    target_path: Path
    errors: list[str] = field(default_factory=list)
    _events: queue.Queue = field(default_factory=queue.Queue, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    _outcome: Any = field(default=None, repr=False)

    def start(self) -> DbtInvocation:
        argv = [
            *self.args,
            *_location_args(self.project_dir, self.profiles_dir),
            "--target-path",
            str(self.target_path),
            "--log-path",
            str(self.target_path),
            # dbt.log without its debug lines (every statement, every adapter call): they
            # cost ~9 % of a regency build, a stat() of the log file each, and the SQL
            # is in target/compiled and target/run anyway
            "--log-level-file",
            "info",
        ]
        self._thread = threading.Thread(
            target=self._run, args=(self.manifest, argv), name="dbt", daemon=True
        )
        self._thread.start()
        return self

    def _run(self, manifest, argv: list[str]) -> None:
        from dbt.cli.main import dbtRunner

        try:
            self._outcome = dbtRunner(manifest=manifest, callbacks=[self._on_event]).invoke(argv)
        except BaseException as exc:  # reported by raise_on_failure
            self._outcome = exc
        finally:
            close_duckdb()
            self._events.put(_DONE)

    def _on_event(self, message) -> None:
        # called from dbt's threads for each of its ~30 events per node: keep it cheap
        from dbt_common.events.functions import msg_to_dict

        if message.info.level == "error":
            self.errors.append(message.info.msg)
        if message.info.name in RESULT_EVENTS:
            self._events.put(msg_to_dict(message))

    def events(self) -> Iterator[dict[str, Any]]:
        """dbt's node results as they happen, until the command ends (cancels it if left)."""
        try:
            while (event := self._events.get()) is not _DONE:
                yield event
        except BaseException:
            # interrupted (Dagster's termination, Ctrl-C) or the consumer stopped: stop dbt
            self.cancel()
            raise

    def cancel(self, timeout: float = 120.0) -> None:
        """Stop the command as dbt's Ctrl-C does: interrupt the queries, stop scheduling."""
        from dbt.adapters.factory import FACTORY

        thread = self._thread
        if thread is None or not thread.is_alive():
            return
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(thread.ident), ctypes.py_object(KeyboardInterrupt)
        )
        for adapter in list(FACTORY.adapters.values()):
            adapter.cancel_open_connections()
        thread.join(timeout)

    def raise_on_failure(self) -> None:
        outcome = self._outcome
        if isinstance(outcome, BaseException):
            raise DbtCommandError(f"dbt {self.args[0]} crashed: {outcome!r}") from outcome
        if outcome is None or not outcome.success:
            detail = "\n".join(self.errors) or repr(getattr(outcome, "exception", None))
            raise DbtCommandError(
                f"dbt {' '.join(self.args)} failed; its log: {self.target_path / 'dbt.log'}"
                f"\n{detail}"
            )


def close_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open after a command.

    dbt-duckdb holds its database for the life of the process; the next step opens the
    same file with its own settings, which DuckDB refuses while another instance has it.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        environment, DuckDBConnectionManager._ENV = DuckDBConnectionManager._ENV, None
        if environment is not None:
            environment.close()
