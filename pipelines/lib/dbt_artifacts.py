"""dbt's per-build artifact folders (compiled SQL, run results, log), kept few."""

from __future__ import annotations

import shutil
from pathlib import Path


def prune_target_dirs(target_dir: Path, prefix: str, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest folders ``<prefix>-*`` of dbt's target folder.

    Each build writes into a folder of its own; one a night would fill the disk in
    time. Returns the folders deleted.
    """
    folders = sorted(
        (p for p in target_dir.glob(f"{prefix}-*") if p.is_dir()), key=lambda p: p.stat().st_mtime
    )
    stale = folders[: max(len(folders) - keep, 0)]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


PARSE_STATE = "partial_parse.msgpack"


def keep_parse_state(build_target: Path, target_dir: Path) -> bool:
    """Keep a finished build's parse state where the next build starts from it.

    dagster-dbt seeds each build folder with ``<target_dir>/partial_parse.msgpack``;
    dbt parses the whole project again (~2,5 s) when that state was written under
    another profile: ``make`` parses for the default build path, and a refresh building
    elsewhere (``KINERJA_BUILD_PATH``: tests, a second warehouse) re-parsed on every
    build. Replaced atomically: a reader never sees half a file.
    """
    state = build_target / PARSE_STATE
    if not state.is_file():
        return False
    incoming = target_dir / f"{PARSE_STATE}.incoming"
    shutil.copyfile(state, incoming)
    incoming.replace(target_dir / PARSE_STATE)
    return True
