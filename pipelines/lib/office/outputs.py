"""Everything the office and the analysts get besides the DuckDB file, written from the
published warehouse after each publication: Parquet exports of every mart, one Excel
workbook per region and fiscal year, one HTML report per region."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.lib import warehouse as warehouse_db
from pipelines.lib.office.data import all_years, region_years, trends, year_view
from pipelines.lib.office.formats import wib
from pipelines.lib.office.page import write_page
from pipelines.lib.office.receipts import write_receipts
from pipelines.lib.office.report import render_report, report_name
from pipelines.lib.office.workbook import workbook_name, write_workbook
from pipelines.lib.safe_csv import neutral_sql, sql_literal

KEEP_EXPORTS = 5


@dataclass(frozen=True)
class Stamp:
    """Which publication an output shows: the run that published the file, when it read
    raw/ (the data's cut-off) and when it published."""

    run_id: str
    data_as_of: dt.datetime
    published_at: dt.datetime

    @property
    def text(self) -> str:
        return (
            f"run {self.run_id[:8]} · data per {wib(self.data_as_of)} · "
            f"diterbitkan {wib(self.published_at)}"
        )

    @property
    def text_en(self) -> str:
        return (
            f"run {self.run_id[:8]} · data as of {wib(self.data_as_of)} · "
            f"published {wib(self.published_at)}"
        )


def publication_stamp(con: duckdb.DuckDBPyConnection) -> Stamp:
    """The stamp of the file ``con`` reads: its last published run in ``meta.runs``
    (a file rolled back to is stamped with the run that published it)."""
    row = con.execute(
        "select run_id, started_at, finished_at from meta.runs "
        "where coalesce(status, 'published') = 'published' order by finished_at desc limit 1"
    ).fetchone()
    if row is None:
        now = dt.datetime.now(dt.UTC)
        return Stamp("unknown", now, now)
    return Stamp(row[0], row[1], row[2])


@dataclass(frozen=True)
class Outputs:
    exports: list[Path]
    workbooks: list[Path]
    reports: list[Path]


def export_marts(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """One Parquet file (zstd) and one CSV file per mart, written to a temporary folder
    and renamed."""
    tables = [
        row[0]
        for row in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
        ).fetchall()
    ]
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for table in tables:
        target = tmp / f"{table}.parquet"
        con.execute(
            f"copy marts.{table} to {sql_literal(str(target))} (format parquet, compression zstd)"
        )
        # the same as CSV, for tools and people without a Parquet reader; text cells a
        # spreadsheet would run as formulas are written as text
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() "
            "where schema_name = 'marts' and table_name = ? order by column_index",
            [table],
        ).fetchall()
        select = ", ".join(
            f"{neutral_sql(quoted)} as {quoted}" if kind == "VARCHAR" else quoted
            for quoted, kind in ((f'"{name}"', kind) for name, kind in columns)
        )
        csv_path = sql_literal(str(target.with_suffix(".csv")))
        con.execute(f"copy (select {select} from marts.{table}) to {csv_path} (header)")
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir)
    return [out_dir / f"{table}{suffix}" for table in tables for suffix in (".parquet", ".csv")]


def prune_exports(exports_root: Path, keep: int = KEEP_EXPORTS) -> None:
    """Keep the newest ``keep`` export folders (their names sort by time)."""
    folders = sorted(
        p for p in exports_root.iterdir() if p.is_dir() and not p.name.endswith(".tmp")
    )
    for old in folders[:-keep]:
        shutil.rmtree(old)


def selects_region(selection: str, region_code: str) -> bool:
    """``*``: every region; ``none``: none; else a comma-separated list of regency
    (16.06) or province (16) codes. At national size (548 regions) workbooks and reports
    are written for the offices that read them; the rest on demand (`kinerja report`)."""
    selection = selection.strip()
    if selection == "*":
        return True
    wanted = {part.strip() for part in selection.split(",") if part.strip()} - {"none"}
    return region_code in wanted or region_code.split(".")[0] in wanted


def write_outputs(
    published: Path,
    exports_root: Path,
    reports_dir: Path,
    office_regions: str = "*",
) -> Outputs:
    """Exports under ``exports_root/<time>-<run>/``; workbooks and reports in
    ``reports_dir`` for the regions ``office_regions`` selects (see
    :func:`selects_region`). Everything is stamped with the publication of the file, so
    after a rollback the outputs written again say which one they show."""
    with warehouse_db.connect(published, read_only=True) as con:
        stamp = publication_stamp(con)
        label = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{stamp.run_id[:8]}"
        exports = export_marts(con, exports_root / label)
        (exports_root / label / "terbitan.txt").write_text(
            f"{stamp.text}\n{stamp.text_en}\n", encoding="utf-8"
        )
        written = write_region_outputs(
            con, reports_dir, stamp, lambda code: selects_region(office_regions, code)
        )
    prune_exports(exports_root)
    return Outputs(exports, written.workbooks, written.reports)


def write_region_outputs(
    con: duckdb.DuckDBPyConnection,
    reports_dir: Path,
    stamp: Stamp,
    wanted: Callable[[str], bool],
) -> Outputs:
    """A workbook per fiscal year, an HTML report and a receipt per agency-year
    (tanda terima) for every region ``wanted`` accepts."""
    workbooks, reports = [], []
    regions: dict[tuple[str, str], list[int]] = {}
    for code, name, year in region_years(con):
        if wanted(code):
            regions.setdefault((code, name), []).append(year)
    for (code, name), years in regions.items():
        views = [year_view(con, code, name, year) for year in years]
        history = all_years(con, code)
        for view in views:
            path = reports_dir / workbook_name(view)
            workbooks.append(write_workbook(view, path, stamp.text, history))
            write_receipts(view, reports_dir, stamp.text)
        document = render_report(views, trends(con, code), stamp.text, stamp.text_en)
        reports.append(write_page(reports_dir / report_name(code), document))
    return Outputs([], workbooks, reports)
