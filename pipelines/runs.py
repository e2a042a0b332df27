"""``kinerja refresh``: the refresh job run in this process, its live progress, Ctrl-C,
runs that died unfinished, and the closing summary in the office's words."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines import paths
from pipelines.lib.stages import StageLog
from pipelines.progress import StageDisplay, watch_run

if TYPE_CHECKING:
    from pipelines.lib.refresh_plan import RefreshPlan


def dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME") or paths.DAGSTER_HOME)


def dagster_instance():
    import dagster as dg

    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    paths.DAGSTER_HOME.mkdir(exist_ok=True)
    settings = paths.DAGSTER_HOME / "dagster.yaml"
    if not settings.exists():
        settings.symlink_to(paths.REPO_ROOT / "dagster.yaml")
    return dg.DagsterInstance.from_config(str(paths.DAGSTER_HOME))


STEP_LABELS = {
    "raw__agencies": "Daftar OPD (agency list)",
    "raw__deliveries": "Agency-year deliveries",
    "raw__agency_reports": "Ingest raw files (changed deliveries)",
    "kinerja_dbt_models": "dbt build (models + tests)",
    "marts__dq_findings": "Data-quality suites (GX)",
    "check_contracts": "Contract checks (GX)",
    "check_consistency": "Consistency checks",
    "published_warehouse": "Publish warehouse",
    "office_outputs": "Exports, workbooks, report",
}


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_abandoned_runs(instance) -> list[str]:
    """Remove the refreshes whose process died (killed, power cut) from the run list.

    A run killed with SIGKILL never reports its end: it would stay "started" and count
    against ``max_concurrent_runs``, so the daemon's queued runs would wait for it
    forever. Dagster offers no public way to mark another process's run failed; its run
    record is deleted (``DagsterInstance.delete_run``) and the CLI says so.
    """
    import dagster as dg

    recovered = []
    records = instance.get_run_records(
        dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING],
            tags={"kinerja/launched_by": "cli"},
        )
    )
    for record in records:
        run = record.dagster_run
        pid = int(run.tags.get("kinerja/pid", "0"))
        if pid and not _process_alive(pid):
            instance.delete_run(run.run_id)
            recovered.append(run.run_id)
    return recovered


def refresh(args: argparse.Namespace) -> int:
    """Run refresh_all_job in this process (Dagster's ``execute_in_process``): plan
    first, and start no run when the published warehouse is already current."""
    from pipelines.lib.warehouse import damage

    damaged = damage(paths.WAREHOUSE_PATH)
    if damaged:  # the run publishes from scratch without reading it
        print(f"{damaged}; this run publishes a new one", file=sys.stderr)
    instance = dagster_instance()
    for abandoned in recover_abandoned_runs(instance):
        print(f"run {abandoned[:8]} had died unfinished: taken off the run list", file=sys.stderr)
    plan = _plan(args)
    if isinstance(plan, int):  # nothing to run: the exit code
        return plan
    # the code location (GX, dbt, every asset) is imported only when there is work
    from pipelines.definitions import defs

    run_id = str(uuid.uuid4())
    started = time.monotonic()
    log_path = paths.WAREHOUSE_PATH.parent / "logs" / f"refresh-{run_id[:8]}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    stop_watching = watch_run(StageDisplay(STEP_LABELS))
    ctrl_c = CtrlCWatch()
    try:
        # what dbt prints goes to the run's log file, not over the stage display
        result = _execute(defs, instance, run_id, args.force, log_path)
    except KeyboardInterrupt:  # before the run's own handler was in place
        stop_watching()
        return _interrupted(instance, run_id)
    finally:
        interrupted = ctrl_c.seen()
    stages = stop_watching()
    if interrupted:
        return _interrupted(instance, run_id)
    steps = stages.seconds()
    if not result.success:
        _report_failure(result, stages, time.monotonic() - started)
        return 1
    _summary(time.monotonic() - started)
    print(f"  log of the run (dbt included): {log_path}")
    _write_timings(args.timings, run_id, steps, len(plan.reread))
    return 0


def _plan(args: argparse.Namespace) -> RefreshPlan | int:
    """The refresh plan, or an exit code when there is nothing to run: 1 when another
    run holds the build, 0 when the published warehouse is already what raw/ and the
    code would build."""
    from pipelines.lib import refresh_plan

    inputs = refresh_plan.inputs_fingerprint(
        paths.RAW_DIR, paths.REPO_ROOT, paths.ACCOUNT_TYPES_PATH
    )
    try:
        plan = refresh_plan.current_plan(paths.RAW_DIR, paths.BUILD_PATH, inputs, force=args.force)
    except refresh_plan.BuildBusy:
        print(f"another run is writing {paths.BUILD_PATH}; try again after it", file=sys.stderr)
        return 1
    if not plan.has_work and refresh_plan.published_is_current(
        paths.WAREHOUSE_PATH, paths.RAW_DIR, paths.REPO_ROOT
    ):
        print(
            f"{paths.WAREHOUSE_PATH} is up to date: raw/ and the code are what it was "
            "built from (kinerja refresh --force re-reads everything)"
        )
        _write_timings(args.timings, None, {}, 0)
        return 0
    print(
        f"deliveries: {len(plan.current)}; to read: {len(plan.reread)}"
        + (f"; withdrawn: {len(plan.withdrawn)}" if plan.withdrawn else ""),
        file=sys.stderr,
    )
    return plan


def _execute(defs, instance, run_id: str, force: bool, log_path: Path):
    """refresh_all_job in this process; what dbt prints goes to the run's log file,
    not over the stage display."""
    with log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        return defs.resolve_job_def("refresh_all_job").execute_in_process(
            instance=instance,
            run_id=run_id,
            raise_on_error=False,
            run_config={
                "ops": {"raw__agency_reports": {"config": {"reread_all": force}}},
                # every event stays in the run's log (Dagster UI); the terminal gets
                # failures, the summary gets the worst findings
                "loggers": {"console": {"config": {"log_level": "ERROR"}}},
            },
            tags={"kinerja/launched_by": "cli", "kinerja/pid": str(os.getpid())},
        )


def _report_failure(result, stages: StageLog, elapsed: float) -> None:
    failures = stages.failures()
    for failure in failures:
        print(f"{failure.key} failed: {failure.reason}", file=sys.stderr)
    if not failures:  # failed outside a stage (resources, Dagster itself)
        for event in result.all_events:
            if event.is_failure:
                print(event.message, file=sys.stderr)
    if "published_warehouse" in stages.seconds():
        outcome = f"{paths.WAREHOUSE_PATH} was published, but exports, workbooks or report "
        outcome += "are not up to date"
    else:
        outcome = f"the published warehouse ({paths.WAREHOUSE_PATH}) was left as it was"
    print(f"refresh failed after {elapsed:.1f} s; {outcome}", file=sys.stderr)


def _write_timings(path: str | None, run_id: str | None, steps: dict, read: int) -> None:
    if path:
        labelled = {STEP_LABELS.get(key, key): value for key, value in steps.items()}
        payload = {"run_id": run_id, "steps": labelled, "deliveries_read": read}
        Path(path).write_text(json.dumps(payload))


class CtrlCWatch:
    """Whether Ctrl-C (SIGINT) reached this process while a run went on. Dagster installs
    its own SIGINT handler during a run, and a step may turn the interrupt into its own
    failure (dbt's subprocess terminated), so the signal itself is watched: Python writes
    the number of every signal it receives to the wakeup file descriptor, whoever
    handles it."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        try:
            self._previous: int | None = signal.set_wakeup_fd(self._write)
        except ValueError:  # not the main thread (a caller's own thread): not watched
            self._previous = None

    def seen(self) -> bool:
        """Stop watching; True when a SIGINT arrived."""
        if self._previous is not None:
            signal.set_wakeup_fd(self._previous)
        try:
            received = os.read(self._read, 1024)
        except BlockingIOError:
            received = b""
        finally:
            os.close(self._read)
            os.close(self._write)
        return signal.SIGINT in received


def _interrupted(instance, run_id: str) -> int:
    """Ctrl-C: Dagster ends an interrupted run as failed; one it left "started" is
    removed from the run list. The published file is only ever swapped whole, so it is
    the last one published."""
    run = instance.get_run_by_id(run_id)
    if run is not None and not run.is_finished:
        instance.delete_run(run_id)
    print(
        f"interrupted: run {run_id[:8]} stopped; {paths.WAREHOUSE_PATH} is the last one published",
        file=sys.stderr,
    )
    return 130


def _summary(elapsed: float) -> None:
    from pipelines.lib.findings import refresh_summary, rejected_files
    from pipelines.lib.office.formats import SEVERITY_NAMES
    from pipelines.lib.quality.ingest_causes import cause_and_fix
    from pipelines.lib.quality.report import REPORT_NAME

    files, by_severity, worst = refresh_summary(paths.WAREHOUSE_PATH)
    print(f"published {paths.WAREHOUSE_PATH} in {elapsed:.1f} s")
    print(
        f"  files {files[0]} ({files[4]} rejected): rows in {files[1]}, "
        f"loaded {files[2]}, quarantined {files[3]}; cells nulled {files[5]}"
    )
    # what went wrong is said as the office and the sender read it, in Indonesian
    for name, why in rejected_files(paths.WAREHOUSE_PATH):  # each named: the sender must know
        cause, fix = cause_and_fix(why)
        print(f"  ditolak {name}: {cause}. {fix}")
    print(
        "  kualitas data: "
        + ", ".join(f"{by_severity.get(s, 0)} {SEVERITY_NAMES[s]}" for s in SEVERITY_NAMES)
    )
    for severity, where, message in worst:
        print(f"  {SEVERITY_NAMES.get(severity, severity)} {where}: {message}")
    reports = paths.WAREHOUSE_PATH.parent / "reports"
    print(f"  data-quality report: {reports / REPORT_NAME}")
    for page in sorted(reports.glob("laporan-kinerja-*.html")):
        print(f"  report: {page}")
    print(f"  workbooks: {len(list(reports.glob('kinerja-*.xlsx')))} in {reports}")
