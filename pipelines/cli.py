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
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

# only what every command needs: polars, DuckDB, Dagster are imported where used
from pipelines import paths, registry


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
    from pipelines.runs import dagster_home, dagster_instance

    dagster_instance()  # makes the Dagster home and links dagster.yaml when needed
    dagster = str(Path(sys.executable).parent / "dagster")
    command = [dagster, "dev", "-m", "pipelines.definitions", "-h", args.host, "-p", str(args.port)]
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home()), "DAGSTER_DISABLE_TELEMETRY": "1"}
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


def _runs(name: str):
    """A command of pipelines.runs (refresh), imported when it runs."""

    def command(args: argparse.Namespace) -> int:
        from pipelines import runs

        return getattr(runs, name)(args)

    return command


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
    _add_run_commands(commands)
    _add_intake_commands(commands)
    _add_analyst_commands(commands)
    args = parser.parse_args(argv)
    return args.func(args)


def _add_run_commands(commands) -> None:
    """Refresh, the registry, the synthetic data, rollback and the Dagster server."""
    ref = commands.add_parser("refresh", help="ingest, build and publish")
    ref.add_argument("--timings", help="write step durations as JSON to this path")
    ref.add_argument("--force", action="store_true", help="re-read every agency-year")
    ref.set_defaults(func=_runs("refresh"))
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
    back = commands.add_parser("rollback", help="publish the previous warehouse again")
    back.add_argument("--to", help="a file of warehouse/history/ to publish instead")
    back.add_argument("--list", action="store_true", help="list the kept warehouses")
    back.set_defaults(func=rollback_command)
    srv = commands.add_parser("serve", help="Dagster webserver + daemon (schedule, sensor)")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=3000)
    srv.set_defaults(func=serve)


def _add_intake_commands(commands) -> None:
    """What a sender or the clerk runs on one delivery: extract, layout, check."""
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


def _add_analyst_commands(commands) -> None:
    """What an analyst runs on the published warehouse: sql, docs, report."""
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


if __name__ == "__main__":
    sys.exit(main())
