"""The nightly schedule and the raw/ sensor: definitions, debounce, firing."""

import json
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.defs import automation
from pipelines.lib.refresh_plan import plan_refresh
from pipelines.lib.watch import decide, fingerprint, snapshot


def test_nightly_schedule_runs_refresh_at_01_00_jakarta():
    schedule = defs.resolve_schedule_def("nightly_refresh_all_job_schedule")
    assert schedule.cron_schedule == "0 1 * * *"
    assert schedule.execution_timezone == "Asia/Jakarta"
    assert schedule.job_name == "refresh_all_job"


def test_sensor_targets_refresh_job():
    sensor = defs.resolve_sensor_def("raw_files_sensor")
    assert sensor.job_name == "refresh_all_job"
    assert sensor.minimum_interval_seconds == 30


def test_decide_debounces_until_the_tree_settles():
    first = decide(None, "A", now=0, settle_seconds=60)
    assert not first.fire  # baseline only
    unchanged = decide(first.cursor, "A", now=10, settle_seconds=60)
    assert not unchanged.fire
    changed = decide(unchanged.cursor, "B", now=20, settle_seconds=60)
    assert not changed.fire
    assert "settle" in changed.reason
    still_copying = decide(changed.cursor, "C", now=50, settle_seconds=60)  # file still growing
    assert not still_copying.fire
    too_soon = decide(still_copying.cursor, "C", now=90, settle_seconds=60)
    assert not too_soon.fire
    settled = decide(too_soon.cursor, "C", now=111, settle_seconds=60)
    assert settled.fire
    again = decide(settled.cursor, "C", now=200, settle_seconds=60)
    assert not again.fire  # fired once per change
    assert json.loads(again.cursor)["triggered"] == "C"


def test_snapshot_ignores_temporary_files(tmp_path: Path):
    (tmp_path / "2024" / "syn-x").mkdir(parents=True)
    (tmp_path / "2024" / "syn-x" / "anggaran.csv").write_text("a")
    before = fingerprint(snapshot(tmp_path))
    (tmp_path / "2024" / "syn-x" / "~$laporan.xlsx").write_text("excel lock")
    (tmp_path / "2024" / "syn-x" / "belanja.csv.part").write_text("half copied")
    assert fingerprint(snapshot(tmp_path)) == before


@pytest.fixture
def watched_raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    raw = tmp_path / "raw"
    (raw / "2024" / "syn-x").mkdir(parents=True)
    (raw / "2024" / "syn-x" / "anggaran.csv").write_text("tahun\n2024\n")
    monkeypatch.setattr(automation.paths, "RAW_DIR", raw)
    monkeypatch.setattr(automation.paths, "WAREHOUSE_PATH", tmp_path / "none.duckdb")
    monkeypatch.setattr(automation.paths, "BUILD_PATH", tmp_path / "build.duckdb")
    monkeypatch.setattr(automation, "SETTLE_SECONDS", 0.2)
    return raw


def _tick(cursor: str | None):
    with (
        dg.instance_for_test() as instance,
        dg.build_sensor_context(cursor=cursor, instance=instance) as context,
    ):
        result = automation.raw_files_sensor(context)
        return result, context.cursor


def test_sensor_fires_for_a_new_file_and_not_for_an_unchanged_tree(watched_raw: Path):
    result, cursor = _tick(None)
    assert isinstance(result, dg.SkipReason)
    result, cursor = _tick(cursor)
    assert isinstance(result, dg.SkipReason)  # unchanged tree: nothing
    (watched_raw / "2024" / "syn-x" / "belanja.csv").write_text("tahun\n2024\n")
    result, cursor = _tick(cursor)
    assert isinstance(result, dg.SkipReason)  # changed, not settled yet
    time.sleep(0.3)
    result, cursor = _tick(cursor)
    assert isinstance(result, dg.RunRequest)  # no build yet: everything is read
    request = result
    assert request.tags["kinerja/trigger"] == "raw_files_sensor"
    result, cursor = _tick(cursor)
    assert isinstance(result, dg.SkipReason)


def test_schedule_skips_when_raw_matches_the_published_warehouse(
    watched_raw: Path, monkeypatch: pytest.MonkeyPatch
):
    nothing_to_do = plan_refresh({}, {})
    with dg.instance_for_test() as instance, dg.build_schedule_context(instance) as context:
        monkeypatch.setattr(automation.refresh_plan, "current_plan", lambda *_: nothing_to_do)
        monkeypatch.setattr(automation.refresh_plan, "published_is_current", lambda *_: True)
        assert isinstance(automation.nightly_refresh_all_job_schedule(context), dg.SkipReason)
        monkeypatch.setattr(automation.refresh_plan, "published_is_current", lambda *_: False)
        request = automation.nightly_refresh_all_job_schedule(context)
        assert isinstance(request, dg.RunRequest)
        assert request.tags["kinerja/trigger"] == "nightly"


def test_schedule_runs_when_a_delivery_has_no_build_yet(watched_raw: Path):
    with dg.instance_for_test() as instance, dg.build_schedule_context(instance) as context:
        request = automation.nightly_refresh_all_job_schedule(context)
        assert isinstance(request, dg.RunRequest)
