"""dbt's per-build folders: few kept, the parse state carried to the next build."""

import os
from pathlib import Path

from pipelines.lib.dbt_artifacts import PARSE_STATE, keep_parse_state, prune_target_dirs


def test_only_the_newest_build_folders_are_kept(tmp_path: Path):
    for number in range(5):
        folder = tmp_path / f"build-{number}"
        folder.mkdir()
        os.utime(folder, (number, number))
    (tmp_path / "other").mkdir()
    deleted = prune_target_dirs(tmp_path, "build", 2)
    assert sorted(p.name for p in deleted) == ["build-0", "build-1", "build-2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build-3", "build-4", "other"]


def test_a_builds_parse_state_replaces_the_kept_one(tmp_path: Path):
    build = tmp_path / "build-1"
    build.mkdir()
    (tmp_path / PARSE_STATE).write_bytes(b"written by make")
    assert not keep_parse_state(build, tmp_path)  # a failed build wrote none: keep the old
    assert (tmp_path / PARSE_STATE).read_bytes() == b"written by make"
    (build / PARSE_STATE).write_bytes(b"written by the build")
    assert keep_parse_state(build, tmp_path)
    assert (tmp_path / PARSE_STATE).read_bytes() == b"written by the build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build-1", PARSE_STATE]
