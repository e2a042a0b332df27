"""Analyst commands: ``kinerja sql``, ``kinerja docs`` and ``kinerja report``.

All of them read the published warehouse and never write it: ``sql`` opens it read-only,
``docs`` builds the dbt catalog on a private copy.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipelines import paths
from pipelines.lib import warehouse as warehouse_db
from pipelines.lib.safe_csv import neutral_frame

SHELL_HELP = """kinerja sql: the published warehouse, read-only.
End a statement with ';'. Commands: .tables  .describe <table>  .quit"""


def _connect():
    """The published warehouse, read-only, on a connection that cannot touch files: no
    COPY … TO, EXPORT, ATTACH, INSTALL/LOAD or read of other files, and no SET (the
    configuration is locked, so external access cannot be turned back on)."""
    import duckdb

    published = _published_or_exit()
    try:
        con = warehouse_db.connect(published, read_only=True)
    except duckdb.Error as exc:
        raise SystemExit(
            warehouse_db.damage(published) or f"{published}: {_one_line(exc)}"
        ) from None
    con.execute("set enable_external_access = false")
    con.execute("set lock_configuration = true")
    return con


def _one_line(exc: Exception) -> str:
    """DuckDB's message without its trailing detail lines, for the terminal."""
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


MIN_COLUMN_WIDTH = 10  # below this a column's values cannot be read in a table


def print_result(relation, limit: int) -> None:
    """A query result as a table on the terminal (the first ``limit`` rows)."""
    from rich.console import Console
    from rich.table import Table

    if relation is None:  # a statement without rows (a read-only ATTACH, a pragma)
        print("ok")
        return
    columns = relation.columns
    rows = relation.limit(limit + 1).fetchall()
    console = Console()
    cells = [["NULL" if v is None else str(v) for v in row] for row in rows[:limit]]
    if len(columns) * MIN_COLUMN_WIDTH > console.width:
        # too many columns to read side by side: each row as "column  value" lines
        # (psql's expanded display), instead of every column squeezed to nothing
        label = max(len(name) for name in columns)
        for number, row in enumerate(cells, start=1):
            console.print(f"[bold]-[ row {number} ]-[/bold]")
            for name, value in zip(columns, row, strict=True):
                console.print(f"{name:<{label}}  {value}", markup=False, highlight=False)
    else:
        table = Table(show_lines=False)
        for name in columns:
            table.add_column(name, overflow="fold")
        for row in cells:
            table.add_row(*row)
        console.print(table)
    more = " (more not shown: use --csv or --parquet for all)" if len(rows) > limit else ""
    console.print(f"{min(len(rows), limit)} rows{more}")


def _protected(output: Path) -> bool:
    """Whether ``output`` lies where a result must never be written: the warehouse
    folder (the published file, its history, the build) or raw/ (delivered files)."""
    target = output.resolve()
    return any(
        target == root or target.is_relative_to(root)
        for root in (paths.WAREHOUSE_PATH.parent.resolve(), paths.RAW_DIR.resolve())
    )


def sql_command(args: argparse.Namespace) -> int:
    """Run one query (or open a shell) against the published warehouse, read-only."""
    import duckdb

    output = args.csv or args.parquet
    if output and _protected(Path(output)):
        print(
            f"refused: {output} is under {paths.WAREHOUSE_PATH.parent} or {paths.RAW_DIR}, "
            "which kinerja writes itself; write the result elsewhere",
            file=sys.stderr,
        )
        return 2
    with _connect() as con:
        if not args.query:
            return shell(con, args.limit)
        try:
            if output:
                # the connection writes no file: the result is written here, by polars
                result = con.sql(args.query).pl()
                if args.csv:
                    neutral_frame(result).write_csv(args.csv)
                else:
                    result.write_parquet(args.parquet)
                print(f"written {args.csv or args.parquet} ({result.height} rows)")
            else:
                print_result(con.sql(args.query), args.limit)
        except duckdb.Error as exc:
            print(f"error: {_one_line(exc)}", file=sys.stderr)
            return 1
    return 0


def shell(con, limit: int, read_line=input) -> int:
    """The interactive shell on ``con``; ``read_line(prompt)`` gives each line typed."""
    import duckdb

    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history in input())
    print(SHELL_HELP)
    buffer: list[str] = []
    while True:
        try:
            line = read_line("kinerja> " if not buffer else "     ...> ")
        except EOFError:
            print()
            return 0
        stripped = line.strip()
        if not buffer and stripped in (".quit", ".exit"):
            return 0
        if not buffer and stripped == ".tables":
            print_result(
                con.sql(
                    "select schema_name, table_name, comment from duckdb_tables() "
                    "where schema_name in ('marts', 'raw', 'reference', 'meta') order by 1, 2"
                ),
                limit,
            )
            continue
        if not buffer and stripped.startswith(".describe "):
            name = stripped.split(maxsplit=1)[1]
            schema, _, table = name.rpartition(".")
            print_result(
                con.sql(
                    "select column_name, data_type, comment from duckdb_columns() "
                    "where table_name = ? and schema_name = ?",
                    params=[table, schema or "marts"],
                ),
                1000,
            )
            continue
        buffer.append(line)
        if stripped.endswith(";"):
            statement = "\n".join(buffer)
            buffer = []
            try:
                print_result(con.sql(statement), limit)
            except duckdb.Error as exc:
                print(f"error: {_one_line(exc)}")


WAREHOUSE_MD = paths.REPO_ROOT / "docs" / "warehouse.md"


def warehouse_markdown() -> str:
    """docs/warehouse.md as the dbt docs, the glossary and docs/queries/ make it now."""
    from pipelines.defs.transform.project import dbt_project
    from pipelines.lib.describe import glossary, mart_docs, read_queries, render_warehouse_md

    return render_warehouse_md(
        mart_docs(dbt_project.manifest_path),
        glossary(paths.SQL_DIR / "models" / "_glossary.md"),
        read_queries(paths.REPO_ROOT / "docs" / "queries"),
    )


DATA_QUALITY_MD = paths.REPO_ROOT / "docs" / "data-quality.md"


def data_quality_markdown() -> str:
    """docs/data-quality.md with the rules table the declarations make now."""
    from pipelines.lib.quality.suites import all_rules, with_rules_table

    return with_rules_table(DATA_QUALITY_MD.read_text(), all_rules())


def docs_command(args: argparse.Namespace) -> int:
    """dbt docs (lineage from raw tables to marts, every column) as one offline page;
    ``--markdown`` rewrites docs/warehouse.md and data-quality.md's rules table instead."""
    if args.markdown:
        WAREHOUSE_MD.write_text(warehouse_markdown())
        DATA_QUALITY_MD.write_text(data_quality_markdown())
        print(f"written {WAREHOUSE_MD} and {DATA_QUALITY_MD}")
        return 0
    target = paths.WAREHOUSE_PATH.parent / "docs"
    page = build_dbt_docs(target)
    print(f"dbt docs: {page}")
    if args.no_serve:
        return 0
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(target))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"serving on http://127.0.0.1:{args.port}/index.html (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


def build_dbt_docs(target: Path) -> Path:
    """``dbt docs generate --static`` against a copy of the published warehouse."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "kinerja.duckdb"
        shutil.copy(_published_or_exit(), copy)
        env = {
            **os.environ,
            "KINERJA_BUILD_PATH": str(copy),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        }
        dbt = Path(sys.executable).parent / "dbt"
        output = Path(tmp) / "target"
        subprocess.run(
            [str(dbt), "docs", "generate", "--static", "--target-path", str(output), "-q"],
            cwd=paths.SQL_DIR,
            env=env,
            check=True,
        )
        target.mkdir(parents=True, exist_ok=True)
        page = target / "index.html"
        shutil.copy(output / "static_index.html", page)
    return page


def _published_or_exit() -> Path:
    if not paths.WAREHOUSE_PATH.exists():
        raise SystemExit(f"{paths.WAREHOUSE_PATH} does not exist yet: run `make refresh` first")
    return paths.WAREHOUSE_PATH


def report_command(args: argparse.Namespace) -> int:
    """Print where the office's report and workbooks are; --open shows the report.

    --region CODE writes that region's report and workbooks from the published
    warehouse when the refresh did not (KINERJA_OFFICE_REGIONS leaves it out)."""
    reports = paths.WAREHOUSE_PATH.parent / "reports"
    if args.region and not list(reports.glob(f"laporan-kinerja-{args.region}.html")):
        written = _write_region(args.region, reports)
        if not written.reports:
            print(f"no region {args.region} in the published warehouse", file=sys.stderr)
            return 1
    pages = sorted(reports.glob("laporan-kinerja-*.html"))
    if not pages:
        print(f"no report in {reports} yet: run `make refresh` first", file=sys.stderr)
        return 1
    for path in pages + sorted(reports.glob("kinerja-*.xlsx")):
        print(path)
    if args.open:
        import webbrowser

        chosen = [p for p in pages if args.region and args.region in p.name] or pages[-1:]
        webbrowser.open(chosen[0].resolve().as_uri())
    return 0


def _write_region(region: str, reports: Path):
    from pipelines.lib.office.outputs import publication_stamp, write_region_outputs

    with _connect() as con:
        return write_region_outputs(
            con, reports, publication_stamp(con), lambda code: code == region
        )
