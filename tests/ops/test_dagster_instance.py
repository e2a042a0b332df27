"""The instance of dagster.yaml: Dagster's sqlite files in its own home, connections kept open."""

import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipelines import paths
from pipelines.dagster_instance import OPEN_FILES, PooledSqliteEventLogStorage


@dg.asset(partitions_def=dg.StaticPartitionsDefinition([f"p{n}" for n in range(12)]))
def numbered(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"partition": context.partition_key})


@dg.asset_check(asset=numbered)
def numbered_is_fine() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(paths.REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    return home


def test_runs_and_events_live_under_the_instances_own_home(tmp_path: Path, monkeypatch):
    home = _home(tmp_path)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "elsewhere"))  # from_config ignores it
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, PooledSqliteEventLogStorage)
        assert Path(storage._base_dir) == home / "history" / "runs"
        for key in ("p0", "p1", "p2"):
            result = dg.materialize(
                [numbered, numbered_is_fine], instance=instance, partition_key=key
            )
            assert result.success
        assert len(storage._engines) <= OPEN_FILES
    assert not (tmp_path / "elsewhere").exists()

    # another process (the UI, the daemon, the next refresh) reads the same events
    script = (
        "import dagster as dg, sys\n"
        "with dg.DagsterInstance.from_config(sys.argv[1]) as i:\n"
        "    runs = [r.dagster_run.run_id for r in i.get_run_records()]\n"
        "    events = [e.dagster_event.event_type_value for r in runs for e in i.all_logs(r)]\n"
        "    key = dg.AssetKey('numbered')\n"
        "    done = i.get_materialized_partitions(key)\n"
        "    check = dg.AssetCheckKey(key, 'numbered_is_fine')\n"
        "    checked = i.event_log_storage.get_latest_asset_check_execution_by_key([check])\n"
        "    print(len(runs), events.count('ASSET_MATERIALIZATION'), sorted(done), len(checked))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(home)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "3 3 ['p0', 'p1', 'p2'] 1"


def test_more_runs_than_open_files_and_a_wipe(tmp_path: Path):
    home = _home(tmp_path)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for n in range(OPEN_FILES + 3):  # each run has its own file: old engines are closed
            dg.materialize([numbered], instance=instance, partition_key=f"p{n}")
        storage = instance.event_log_storage
        assert len(storage._engines) == OPEN_FILES
        assert len(instance.get_materialized_partitions(dg.AssetKey("numbered"))) == OPEN_FILES + 3
        instance.wipe()
        assert set(storage._engines) == {"index"}  # run files closed before their deletion
        assert not instance.get_materialized_partitions(dg.AssetKey("numbered"))
        dg.materialize([numbered], instance=instance, partition_key="p0")  # usable again
        assert instance.get_materialized_partitions(dg.AssetKey("numbered")) == {"p0"}
