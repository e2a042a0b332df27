"""Watching raw/ for deliveries: a snapshot of the tree and the debounce decision.

A delivery is copied into raw/ file by file, sometimes over a slow share. The sensor
fires only when the tree differs from what the last refresh saw *and* has not changed
between two looks at least ``settle_seconds`` apart, so a half-copied file is never
read. Office temp files (``~$...``, ``*.tmp``, ``*.part``, ``*.crdownload``) and hidden
files are ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.contract import DRAFT_FOLDER
from pipelines.lib.deliveries import is_ignored


def snapshot(raw_dir: Path) -> dict[str, tuple[int, int]]:
    """Relative path → (size, mtime in ns) of every file of the raw tree but the drafts
    (``raw/draft/``); a link is seen as itself (never followed: what it points to
    outside raw/ is not looked at)."""
    files: dict[str, tuple[int, int]] = {}
    for folder, dirs, names in os.walk(raw_dir):
        # drafts of kinerja extract are no deliveries: writing one triggers nothing
        top = Path(folder) == raw_dir
        dirs[:] = [d for d in dirs if not is_ignored(Path(d)) and not (top and d == DRAFT_FOLDER)]
        for name in names:
            path = Path(folder, name)
            if not is_ignored(path):
                stat = path.lstat()
                files[path.relative_to(raw_dir).as_posix()] = (stat.st_size, stat.st_mtime_ns)
        for name in dirs:  # a linked folder is listed, not walked
            path = Path(folder, name)
            if path.is_symlink():
                stat = path.lstat()
                files[path.relative_to(raw_dir).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return files


def fingerprint(files: dict[str, tuple[int, int]]) -> str:
    """One hash for a snapshot: equal when no file was added, removed or touched."""
    return hashlib.sha256(json.dumps(sorted(files.items())).encode()).hexdigest()


@dataclass(frozen=True)
class Decision:
    """What the sensor does this tick, and the cursor it keeps."""

    fire: bool
    cursor: str
    reason: str


def decide(cursor: str | None, current: str, now: float, settle_seconds: float) -> Decision:
    """Debounce: fire once the tree differs from the last trigger and has settled."""
    state = json.loads(cursor) if cursor else None
    if state is None:  # first look: remember the tree, the nightly schedule covers it
        baseline = {"triggered": current, "pending": None, "since": None}
        return Decision(False, json.dumps(baseline), "first look at raw/: baseline recorded")
    if current == state["triggered"]:
        settled = {**state, "pending": None, "since": None}
        return Decision(False, json.dumps(settled), "raw/ unchanged since the last refresh")
    if current != state["pending"]:
        waiting = {**state, "pending": current, "since": now}
        return Decision(False, json.dumps(waiting), "raw/ changed; waiting for files to settle")
    if now - state["since"] < settle_seconds:
        return Decision(False, json.dumps(state), "raw/ changed; still settling")
    fired = {"triggered": current, "pending": None, "since": None}
    return Decision(True, json.dumps(fired), "raw/ changed and settled")
