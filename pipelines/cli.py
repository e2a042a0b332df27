"""``kinerja``: the command line of the planning office's warehouse.

kinerja refresh                 ingest raw/, build the models, publish the warehouse
kinerja template AGENCY YEAR    write the blank XLSX template for one agency-year
kinerja generate                (re)write the synthetic regency under raw/
kinerja sql ["select …"]        query the published warehouse read-only (or a shell)
kinerja docs                    dbt docs (lineage, every column) served offline
kinerja report [--open]         the office's HTML report and Excel workbooks
kinerja rollback                publish the previous warehouse again
kinerja serve                   Dagster UI + daemon (nightly schedule, raw/ sensor)
kinerja resident                keep the code loaded: later refreshes start in ~1 s
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import uuid
from pathlib import Path

# only what every command needs: `kinerja refresh` handed to the resident process
# starts in a fraction of a second (polars, DuckDB, Dagster are imported where used)
from pipelines import paths

STEP_LABELS = {
    "raw__agencies": "Daftar OPD (agency list)",
    "raw__deliveries": "Agency-year deliveries",
    "raw__agency_reports": "Ingest raw files (agency-year partitions)",
    "kinerja_dbt_models": "dbt build (models + tests)",
    "marts__dq_findings": "Data-quality suites (GX)",
    "check_contracts": "Contract checks (GX)",
    "check_consistency": "Consistency checks",
    "published_warehouse": "Publish warehouse",
    "office_outputs": "Exports, workbooks, report",
}


def _dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME") or paths.DAGSTER_HOME)


def _resident_socket() -> Path:
    from pipelines.lib.resident import SOCKET_NAME

    return _dagster_home() / SOCKET_NAME


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
    """Fail the refreshes whose process died (killed, power cut) and free their slots.

    A run killed with SIGKILL never reports its end: it would stay "started" and keep
    its claim on the "duckdb" pool, so every later run would wait for it forever.
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
            instance.report_run_failed(run, f"refresh process {pid} ended without finishing")
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            recovered.append(run.run_id)
    return recovered


def refresh(args: argparse.Namespace) -> int:
    """Run refresh_all_job, showing each step as it runs.

    In a fork of the resident process when one runs for this environment (``kinerja
    resident``), otherwise in this process.
    """
    if not args.no_resident:
        from pipelines.lib.resident import delegate

        forwarded = ["refresh", "--no-resident"]
        forwarded += ["--timings", args.timings] if args.timings else []
        forwarded += ["--force"] if args.force else []
        code = delegate(_resident_socket(), forwarded)
        if code is not None:
            return code
    import dagster as dg
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table

    from pipelines.defs.ingest import partitions

    console = Console(stderr=True)
    instance = _instance()
    for abandoned in recover_abandoned_runs(instance):
        console.print(f"[yellow]run {abandoned[:8]} had died unfinished: marked failed")
    if args.force:
        plan = partitions.full_plan(instance, paths.RAW_DIR)
    else:
        try:
            plan = partitions.current_plan(instance, paths.RAW_DIR, paths.BUILD_PATH)
        except partitions.BuildBusy:
            console.print(f"[red]another run is writing {paths.BUILD_PATH}; try again after it")
            return 1
    partitions.apply_partition_changes(instance, plan)
    if not plan.has_work and partitions.published_is_current():
        console.print(
            f"{paths.WAREHOUSE_PATH} is up to date: raw/ and the code are what it was "
            "built from (kinerja refresh --force re-reads everything)"
        )
        if args.timings:
            Path(args.timings).write_text(
                json.dumps({"run_id": None, "steps": {}, "partitions_read": 0})
            )
        return 0
    console.print(
        f"agency-year partitions: {len(plan.partition_order)} "
        f"(+{len(plan.add)} new, -{len(plan.delete)} gone); to read: {len(plan.reread)}"
        + (f" (range of {len(plan.range_keys)})" if plan.range_keys else "")
        + (f"; withdrawn: {len(plan.withdrawn)}" if plan.withdrawn else "")
    )
    # the code location (GX, dbt, every asset: ~10 s of imports) only when there is work
    from pipelines.definitions import defs

    job = defs.resolve_job_def("refresh_all_job")
    target = partitions.run_target(plan, defs.assets or [])
    run_id = str(uuid.uuid4())
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = job.execute_in_process(
                instance=instance,
                run_id=run_id,
                raise_on_error=False,
                asset_selection=target.asset_selection,
                tags={
                    **target.tags,
                    "kinerja/launched_by": "cli",
                    "kinerja/pid": str(os.getpid()),
                },
                # the run log keeps everything; the terminal shows the progress table
                run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
            )
        except Exception as exc:  # reported below, with the run log
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    worker.start()
    steps: dict[str, list] = {}

    def table() -> Table:
        view = Table(title=f"kinerja refresh · run {run_id[:8]}", expand=False)
        view.add_column("step")
        view.add_column("status")
        view.add_column("seconds", justify="right")
        for key, (status, start, end) in steps.items():
            seconds = (end or time.time()) - start
            view.add_row(STEP_LABELS.get(key, key), status, f"{seconds:6.1f}")
        return view

    wanted = {
        dg.DagsterEventType.STEP_START,
        dg.DagsterEventType.STEP_SUCCESS,
        dg.DagsterEventType.STEP_FAILURE,
    }
    cursor = None  # read only the events stored since the last look
    # twice a second: each look takes the interpreter lock that the run's steps need
    try:
        with Live(table(), console=console, refresh_per_second=2) as live:
            while worker.is_alive():
                worker.join(0.5)
                connection = instance.get_records_for_run(run_id, cursor=cursor, of_type=wanted)
                cursor = connection.cursor
                for record in (record.event_log_entry for record in connection.records):
                    event = record.dagster_event
                    key = event.step_key
                    if event.event_type == dg.DagsterEventType.STEP_START:
                        steps.setdefault(key, ["running", record.timestamp, None])
                    else:
                        ok = event.event_type == dg.DagsterEventType.STEP_SUCCESS
                        steps[key] = [
                            ("done" if ok else "FAILED"),
                            steps.get(key, [None, record.timestamp])[1],
                            record.timestamp,
                        ]
                live.update(table())
    except KeyboardInterrupt:
        return _interrupted(console, instance, run_id, steps)
    elapsed = time.monotonic() - started
    if "error" in outcome:
        console.print(f"[red]refresh failed: {outcome['error']}")
        return 1
    result = outcome["result"]
    if not result.success:
        for event in result.all_events:
            if event.is_failure and event.step_key:
                console.print(f"[red]{event.step_key} failed:[/red] {event.message}")
        if steps.get("published_warehouse", [None])[0] == "done":
            console.print(
                f"[red]refresh published {paths.WAREHOUSE_PATH}, then failed after "
                f"{elapsed:.1f} s: exports, workbooks or report are not up to date."
            )
        else:
            console.print(
                f"[red]refresh failed after {elapsed:.1f} s; the published warehouse "
                f"({paths.WAREHOUSE_PATH}) was left as it was."
            )
        return 1
    _summary(console, elapsed)
    if args.timings:
        timings = {
            STEP_LABELS.get(k, k): round(end - start, 3)
            for k, (_, start, end) in steps.items()
            if end
        }
        Path(args.timings).write_text(
            json.dumps(
                {"run_id": run_id, "steps": timings, "partitions_read": len(plan.range_keys)}
            )
        )
    return 0


def _interrupted(console, instance, run_id: str, steps: dict) -> int:
    """Ctrl-C: record the run as failed now (not left "started") and free its slot.

    The run's thread dies with this process; what it wrote stays in the build file. The
    published file is only ever swapped whole, so it is the last one published.
    """
    run = instance.get_run_by_id(run_id)
    if run is not None and not run.is_finished:
        instance.report_run_failed(run, "interrupted (Ctrl-C) during the refresh")
        instance.event_log_storage.free_concurrency_slots_for_run(run_id)
    published = steps.get("published_warehouse", [None])[0] == "done"
    console.print(
        f"[red]interrupted: run {run_id[:8]} stopped; {paths.WAREHOUSE_PATH} "
        + ("was published by it before the interruption" if published else "is as it was")
    )
    return 130


def _summary(console, elapsed: float) -> None:
    from pipelines.defs.quality.assets import REPORT_NAME
    from pipelines.lib import warehouse as warehouse_db

    with warehouse_db.connect(paths.WAREHOUSE_PATH, read_only=True) as con:
        files = con.execute(
            "select count(*), sum(rows_in), sum(rows_loaded), sum(rows_quarantined), "
            "count(*) filter (where status = 'rejected') from raw.ingest_files "
            "where status <> 'note'"
        ).fetchone()
        by_severity = dict(
            con.execute("select severity, count(*) from marts.dq_findings group by 1").fetchall()
        )
        worst = con.execute(
            "select severity, coalesce(source_file, model), message from marts.dq_findings limit 5"
        ).fetchall()
    console.print(f"published {paths.WAREHOUSE_PATH} in {elapsed:.1f} s")
    console.print(
        f"  files {files[0]} ({files[4]} rejected): rows in {files[1]}, "
        f"loaded {files[2]}, quarantined {files[3]}"
    )
    console.print(
        "  data quality: "
        + ", ".join(f"{by_severity.get(s, 0)} {s}" for s in ("blocking", "warning", "info"))
    )
    for severity, where, message in worst:
        console.print(f"  [yellow]{severity}[/yellow] {where}: {message}")
    reports = paths.WAREHOUSE_PATH.parent / "reports"
    console.print(f"  data-quality report: {reports / REPORT_NAME}")
    for page in sorted(reports.glob("laporan-kinerja-*.html")):
        console.print(f"  report: {page}")
    console.print(f"  workbooks: {len(list(reports.glob('kinerja-*.xlsx')))} in {reports}")


def template(args: argparse.Namespace) -> int:
    """Write the blank template workbook for an agency and year."""
    from pipelines.lib.reference import read_agencies
    from pipelines.lib.template import write_workbook

    agencies = read_agencies(paths.REFERENCE_DIR)
    match = agencies.filter(agencies["agency_id"] == args.agency)
    if match.is_empty():
        print(f"unknown agency {args.agency!r}; see raw/reference/agencies*.csv", file=sys.stderr)
        return 2
    out = Path(args.out or f"template-{args.agency}-{args.year}.xlsx")
    write_workbook(out, args.agency, match["agency_name"][0], args.year)
    print(out)
    return 0


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
    from pipelines.lib.warehouse import PublishError, history_dir, rollback

    if args.list:
        for path in sorted(history_dir(paths.WAREHOUSE_PATH).glob("*.duckdb")):
            current = paths.WAREHOUSE_PATH.exists() and (
                path.stat().st_ino == paths.WAREHOUSE_PATH.stat().st_ino
            )
            print(("* " if current else "  ") + path.name)
        return 0
    try:
        restored = rollback(paths.WAREHOUSE_PATH, Path(args.to) if args.to else None)
    except PublishError as exc:
        print(f"rollback refused: {exc}", file=sys.stderr)
        return 1
    print(f"{paths.WAREHOUSE_PATH} is now {restored.name}")
    return 0


def serve(args: argparse.Namespace) -> int:
    """Run the Dagster webserver (127.0.0.1 by default) and daemon until Ctrl-C/SIGTERM."""
    import signal
    import subprocess

    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "DAGSTER_HOME": str(_dagster_home()),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    _instance()  # makes the Dagster home and links dagster.yaml when needed
    commands = [
        [
            str(bin_dir / "dagster-webserver"),
            "-m",
            "pipelines.definitions",
            "-h",
            args.host,
            "-p",
            str(args.port),
        ],
        [str(bin_dir / "dagster-daemon"), "run", "-m", "pipelines.definitions"],
    ]
    children = [
        subprocess.Popen(c, cwd=paths.REPO_ROOT, env=env, start_new_session=True) for c in commands
    ]
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"Dagster UI on http://{args.host}:{args.port} (Ctrl-C stops webserver and daemon)")
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.5)
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
    return 0 if stopping else 1


def _warm_up() -> None:
    """Import and parse in this process what every refresh needs, computing nothing.

    The code location and the dbt project; then a throwaway Dagster instance in a
    temporary home, so the storage classes dagster.yaml names and the sqlite schema
    migrations are imported too, as each refresh would at its start. Its files are
    closed and deleted before any fork.
    """
    import shutil
    import tempfile

    import dagster as dg

    from pipelines.definitions import defs

    defs.resources["dbt"].manifest()
    with tempfile.TemporaryDirectory() as home:
        shutil.copy(paths.REPO_ROOT / "dagster.yaml", Path(home) / "dagster.yaml")
        with dg.DagsterInstance.from_config(home) as instance:
            instance.get_run_records(limit=1)


def resident(args: argparse.Namespace) -> int:
    """Load the code location and the dbt project once; fork a warm child per refresh."""
    from pipelines.lib import resident as server

    environment = dict(os.environ)  # before warming up (the dbt resource sets a default)
    started = time.monotonic()
    _warm_up()
    socket_path = _resident_socket()
    print(
        f"code location and dbt project loaded in {time.monotonic() - started:.1f} s; "
        f"kinerja refresh now runs in a fork of process {os.getpid()} "
        f"({socket_path}; Ctrl-C stops). It reloads itself when pipelines/ or sql/ change.",
        flush=True,
    )
    try:
        return server.serve(
            socket_path,
            run=main,
            environment=environment,
            code_roots=[paths.REPO_ROOT / "pipelines", paths.SQL_DIR],
            restart_argv=[sys.executable, "-m", "pipelines.cli", "resident"],
        )
    except server.ServerBusy as exc:
        print(exc, file=sys.stderr)
        return 1


def _analyst(name: str):
    """A command of pipelines.analyst, imported when it runs."""

    def command(args: argparse.Namespace) -> int:
        from pipelines import analyst

        return getattr(analyst, name)(args)

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
    ref.add_argument(
        "--no-resident", action="store_true", help="run here even if `kinerja resident` runs"
    )
    ref.set_defaults(func=refresh)
    tpl = commands.add_parser("template", help="write the blank XLSX template")
    tpl.add_argument("agency", help="kode_opd, e.g. muba-kesbangpol")
    tpl.add_argument("year", type=int, help="fiscal year, e.g. 2023")
    tpl.add_argument("--out", help="output path (default template-<agency>-<year>.xlsx)")
    tpl.set_defaults(func=template)
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
    back = commands.add_parser("rollback", help="publish the previous warehouse again")
    back.add_argument("--to", help="a file of warehouse/history/ to publish instead")
    back.add_argument("--list", action="store_true", help="list the kept warehouses")
    back.set_defaults(func=rollback_command)
    srv = commands.add_parser("serve", help="Dagster webserver + daemon (schedule, sensor)")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=3000)
    srv.set_defaults(func=serve)
    res = commands.add_parser("resident", help="keep the code loaded for fast refreshes")
    res.set_defaults(func=resident)
    query = commands.add_parser("sql", help="query the published warehouse (read-only)")
    query.add_argument("query", nargs="?", help="SQL; without it, an interactive shell")
    query.add_argument("--csv", help="write the whole result to this CSV file")
    query.add_argument("--parquet", help="write the whole result to this Parquet file")
    query.add_argument("--limit", type=int, default=50, help="rows shown (default 50)")
    query.set_defaults(func=_analyst("sql_command"))
    docs = commands.add_parser("docs", help="dbt docs of the warehouse, offline")
    docs.add_argument("--port", type=int, default=8080)
    docs.add_argument("--no-serve", action="store_true", help="only write warehouse/docs/")
    docs.add_argument("--markdown", action="store_true", help="rewrite docs/warehouse.md")
    docs.set_defaults(func=_analyst("docs_command"))
    rep = commands.add_parser("report", help="paths of the HTML report and the workbooks")
    rep.add_argument("--open", action="store_true", help="open the report in the browser")
    rep.add_argument("--region", help="region code of the report to open, e.g. 16.06")
    rep.set_defaults(func=_analyst("report_command"))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
