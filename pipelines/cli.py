"""``kinerja``: the command line of the planning office's warehouse.

kinerja refresh                 ingest raw/, build the models, publish the warehouse
kinerja template AGENCY YEAR    write the blank XLSX template for one agency-year
kinerja agency add AGENCY …     register an agency (and its region) in raw/reference/
kinerja generate                (re)write the synthetic regency under raw/
kinerja sql ["select …"]        query the published warehouse read-only (or a shell)
kinerja docs                    dbt docs (lineage, every column) served offline
kinerja report [--open]         the office's HTML report and Excel workbooks
kinerja extract DOC             draft a delivery from an LKjIP (PDF, Word, text)
kinerja extract --accept DIR    move a reviewed draft into raw/
kinerja layout FILE             propose the declared layout of a finance export
kinerja check PATH              check a delivery on its own: a receipt in Indonesian
kinerja rollback                publish the previous warehouse again
kinerja serve                   Dagster UI + daemon (dagster dev: schedule, sensor)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

# only what every command needs: polars, DuckDB, Dagster are imported where used
from pipelines import paths, registry
from pipelines.lib.stages import StageLog
from pipelines.progress import StageDisplay, watch_run

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


def _dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME") or paths.DAGSTER_HOME)


def _instance():
    import dagster as dg

    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    paths.DAGSTER_HOME.mkdir(exist_ok=True)
    settings = paths.DAGSTER_HOME / "dagster.yaml"
    if not settings.exists():
        settings.symlink_to(paths.REPO_ROOT / "dagster.yaml")
    return dg.DagsterInstance.from_config(str(paths.DAGSTER_HOME))


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
    from pipelines.lib import refresh_plan
    from pipelines.lib.warehouse import damage

    damaged = damage(paths.WAREHOUSE_PATH)
    if damaged:  # the run publishes from scratch without reading it
        print(f"{damaged}; this run publishes a new one", file=sys.stderr)
    instance = _instance()
    for abandoned in recover_abandoned_runs(instance):
        print(f"run {abandoned[:8]} had died unfinished: taken off the run list", file=sys.stderr)
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
        with log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
            result = defs.resolve_job_def("refresh_all_job").execute_in_process(
                instance=instance,
                run_id=run_id,
                raise_on_error=False,
                run_config={
                    "ops": {"raw__agency_reports": {"config": {"reread_all": args.force}}},
                    # every event stays in the run's log (Dagster UI); the terminal gets
                    # failures, the summary gets the worst findings
                    "loggers": {"console": {"config": {"log_level": "ERROR"}}},
                },
                tags={"kinerja/launched_by": "cli", "kinerja/pid": str(os.getpid())},
            )
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


def generate(args: argparse.Namespace) -> int:
    """Rewrite the synthetic regency under raw/ from its seed."""
    from pipelines.lib.reference import read_account_types
    from pipelines.synthetic.generator import (
        generate_national,
        generate_province,
        generate_regency,
    )

    accounts = read_account_types(paths.ACCOUNT_TYPES_PATH)
    names = dict(zip(accounts["account_code"], accounts["account_name"], strict=True))
    if args.national:
        regencies = args.regencies or 548
        rows = generate_national(Path(args.out), args.seed, names, regencies)
        print(f"{regencies} synthetic regencies, bulk shape, {rows:,} rows written to {args.out}")
        return 0
    if args.regencies and args.regencies > 1:
        defects = generate_province(Path(args.out), args.seed, names, args.regencies)
        print(f"{args.regencies} synthetic regencies written to {args.out} (seed {args.seed})")
        return 0
    defects = generate_regency(Path(args.out), args.seed, names)
    print(f"synthetic regency written to {args.out} (seed {args.seed}); planted defects:")
    for defect in defects:
        print(f"  {defect.fiscal_year} {defect.agency_id}: {defect.defect} - {defect.detail}")
    return 0


def rollback_command(args: argparse.Namespace) -> int:
    """Publish again the warehouse published before the current one."""
    from pipelines.lib.warehouse import PublishError, current_in_history, history_dir, rollback

    if args.list:
        current = current_in_history(paths.WAREHOUSE_PATH)
        for path in sorted(history_dir(paths.WAREHOUSE_PATH).glob("*.duckdb")):
            print(("* " if path == current else "  ") + path.name)
        return 0
    try:
        restored = rollback(paths.WAREHOUSE_PATH, Path(args.to) if args.to else None)
    except PublishError as exc:
        print(f"rollback refused: {exc}", file=sys.stderr)
        return 1
    print(f"{paths.WAREHOUSE_PATH} is now {restored.name}")
    # the office's workbooks and report follow the file they describe
    from pipelines.defs.resources import WarehouseResource
    from pipelines.lib.findings import quality_report_of
    from pipelines.lib.office.outputs import write_outputs
    from pipelines.lib.office.page import write_page
    from pipelines.lib.quality.report import REPORT_NAME

    warehouse = WarehouseResource()
    outputs = write_outputs(
        warehouse.published,
        warehouse.exports_dir,
        warehouse.reports_dir,
        warehouse.office_regions,
    )
    quality = quality_report_of(warehouse.published, published=True)
    write_page(warehouse.reports_dir / REPORT_NAME, quality)
    print(
        f"written again from it: {len(outputs.workbooks)} workbooks, "
        f"{len(outputs.reports)} reports, {REPORT_NAME}, exports in {outputs.exports[0].parent}"
    )
    return 0


SERVE_STOP_SECONDS = 30  # dagster dev's own shutdown, before its processes are killed


def serve(args: argparse.Namespace) -> int:
    """``dagster dev``: the webserver and the daemon (nightly schedule, raw/ sensor).

    It runs as a child in a session of its own, and SIGTERM or SIGINT (Ctrl-C) here
    becomes one SIGINT there, the signal dagster dev shuts down on: a background job
    (whose SIGINT the shell ignores) and a service manager's SIGTERM stop it too, and
    what does not stop in time is killed with its process group."""
    _instance()  # makes the Dagster home and links dagster.yaml when needed
    dagster = str(Path(sys.executable).parent / "dagster")
    command = [dagster, "dev", "-m", "pipelines.definitions", "-h", args.host, "-p", str(args.port)]
    env = {**os.environ, "DAGSTER_HOME": str(_dagster_home()), "DAGSTER_DISABLE_TELEMETRY": "1"}
    signal.signal(signal.SIGINT, signal.default_int_handler)  # the child must not ignore it
    child = subprocess.Popen(command, cwd=paths.REPO_ROOT, env=env, start_new_session=True)
    stopping: list[float] = []  # when the stop was asked

    def stop(_signum: int, _frame) -> None:
        if not stopping:
            stopping.append(time.monotonic())
            child.send_signal(signal.SIGINT)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while child.poll() is None:
        try:
            child.wait(timeout=1)
        except subprocess.TimeoutExpired:
            if stopping and time.monotonic() - stopping[0] > SERVE_STOP_SECONDS:
                os.killpg(child.pid, signal.SIGKILL)
    if stopping:
        with contextlib.suppress(ProcessLookupError):  # what dagster dev left behind
            os.killpg(child.pid, signal.SIGKILL)
    return 0 if stopping else child.returncode


def _analyst(name: str):
    """A command of pipelines.analyst, imported when it runs."""

    def command(args: argparse.Namespace) -> int:
        from pipelines import analyst

        return getattr(analyst, name)(args)

    return command


def _intake(name: str):
    """A command of pipelines.intake (extract, layout, check), imported when it runs."""

    def command(args: argparse.Namespace) -> int:
        from pipelines import intake

        return getattr(intake, name)(args)

    return command


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kinerja`` command."""
    parser = argparse.ArgumentParser(
        prog="kinerja", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    ref = commands.add_parser("refresh", help="ingest, build and publish")
    ref.add_argument("--timings", help="write step durations as JSON to this path")
    ref.add_argument("--force", action="store_true", help="re-read every agency-year")
    ref.set_defaults(func=refresh)
    registry.add_parsers(commands)
    gen = commands.add_parser("generate", help="rewrite the synthetic regency")
    gen.add_argument("--seed", type=int, default=20261127)
    gen.add_argument("--out", default=str(paths.RAW_DIR))
    gen.add_argument(
        "--regencies",
        type=int,
        help="more than 1: a synthetic province of that many regencies (for benchmarks)",
    )
    gen.add_argument(
        "--national",
        action="store_true",
        help="national size in the bulk shape (one file per table per province and year; "
        "548 regencies unless --regencies says otherwise)",
    )
    gen.set_defaults(func=generate)
    ext = commands.add_parser(
        "extract", help="draft a delivery from an LKjIP document (.pdf, .docx, .txt)"
    )
    ext.add_argument("file", nargs="?", help="the LKjIP document")
    ext.add_argument("--agency", help="kode_opd of the agency the report is of")
    ext.add_argument("--year", type=int, help="the fiscal year it reports")
    ext.add_argument("--out", help="draft folder (default raw/draft/<tahun>/<kode_opd>/)")
    ext.add_argument("--accept", metavar="DIR", help="move a reviewed draft into raw/")
    ext.set_defaults(func=_intake("extract_command"))
    lay = commands.add_parser(
        "layout", help="propose the declared layout of a finance export (raw/reference/layouts/)"
    )
    lay.add_argument("file", help="the export (xlsx, xls, ods, HTML, CSV)")
    lay.add_argument("--name", help="the declaration's name (default: from the file name)")
    lay.set_defaults(func=_intake("layout_command"))
    chk = commands.add_parser(
        "check", help="check a delivery against the contract before sending it (receipt)"
    )
    chk.add_argument("path", help="a file, an agency-year folder, a finance export or a draft")
    chk.add_argument("--agency", help="kode_opd (or keuangan), when the path does not say")
    chk.add_argument("--year", type=int, help="the fiscal year, when the path does not say")
    chk.set_defaults(func=_intake("check_command"))
    back = commands.add_parser("rollback", help="publish the previous warehouse again")
    back.add_argument("--to", help="a file of warehouse/history/ to publish instead")
    back.add_argument("--list", action="store_true", help="list the kept warehouses")
    back.set_defaults(func=rollback_command)
    srv = commands.add_parser("serve", help="Dagster webserver + daemon (schedule, sensor)")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=3000)
    srv.set_defaults(func=serve)
    query = commands.add_parser("sql", help="query the published warehouse (read-only)")
    query.add_argument("query", nargs="?", help="SQL; without it, an interactive shell")
    query.add_argument("--csv", help="write the whole result to this CSV file")
    query.add_argument("--parquet", help="write the whole result to this Parquet file")
    query.add_argument("--limit", type=int, default=50, help="rows shown (default 50)")
    query.set_defaults(func=_analyst("sql_command"))
    docs = commands.add_parser("docs", help="dbt docs of the warehouse, offline")
    docs.add_argument("--port", type=int, default=8080)
    docs.add_argument("--no-serve", action="store_true", help="only write warehouse/docs/")
    docs.add_argument(
        "--markdown", action="store_true", help="rewrite docs/warehouse.md and data-quality.md"
    )
    docs.set_defaults(func=_analyst("docs_command"))
    rep = commands.add_parser("report", help="paths of the HTML report and the workbooks")
    rep.add_argument("--open", action="store_true", help="open the report in the browser")
    rep.add_argument("--region", help="region code of the report to open, e.g. 16.06")
    rep.set_defaults(func=_analyst("report_command"))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
