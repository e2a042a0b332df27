"""The repository stands alone: nothing in it points outside it."""

from __future__ import annotations

import subprocess

from pipelines import paths


def test_nothing_refers_to_files_outside_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=paths.REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    outside = "../" + "shared/"  # spelled apart so this file does not name it
    found = []
    for name in tracked:
        path = paths.REPO_ROOT / name
        if path.suffix in {".xlsx", ".duckdb", ".png", ".pdf", ".parquet"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [f"{name}:{n}" for n, line in enumerate(text.splitlines(), 1) if outside in line]
    assert found == []
