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
