"""A finance export staged into the batch: its budget lines and leaf accounts like any
delivery's rows (each naming its agency), its subtotal and heading rows kept beside
them (``raw.finance_subtotals``), a file no shape or declaration reads rejected with
the rows it holds counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from pipelines.lib.contract import BUDGET_LINES, SPENDING_LINES
from pipelines.lib.deliveries import NOTE_SUFFIXES, Delivery, refusal
from pipelines.lib.finance.declared import LAYOUTS_FOLDER, DeclarationError, read_declarations
from pipelines.lib.finance.export import stated_fiscal_year
from pipelines.lib.finance.export_rows import SUBTOTAL_SCHEMA, finance_tables
from pipelines.lib.finance.grids import read_grids
from pipelines.lib.finance.rejected_rows import likely_data_rows
from pipelines.lib.finance.shapes import read_export
from pipelines.lib.readers import FILE_NOTE, NUMERIC_CELLS, SOURCE_ROW, UnreadableFileError
from pipelines.lib.reference import same_region

if TYPE_CHECKING:
    from pipelines.lib.ingest import Loader

FINANCE_SUBTOTALS = "finance_subtotals"


class FinanceIntake:
    """The finance exports of one batch, staged through ``loader``."""

    def __init__(self, loader: Loader):
        self.loader = loader
        self.periods: dict[str, dt.date | None] = {}  # finance export → its period's end
        self.subtotals: list[pl.DataFrame] = []
        self.declared: list | DeclarationError | None = None  # see layouts()

    def layouts(self) -> list:
        """The declared export layouts, read once a batch (DeclarationError for a file
        of them that cannot be read: each export then says so)."""
        if self.declared is None:
            try:
                self.declared = read_declarations(
                    self.loader.file_log.raw_dir / "reference" / LAYOUTS_FOLDER
                )
            except DeclarationError as exc:
                self.declared = exc
        if isinstance(self.declared, DeclarationError):
            raise self.declared
        return self.declared

    def _reject_export(self, path: Path, reason: str, delivery: Delivery, export) -> None:
        """Reject a whole finance export, every row it holds quarantined."""
        rows = export.rows.select(
            "source_sheet",
            SOURCE_ROW,
            "unit_code",
            "unit_name",
            "code",
            "name",
            "budget",
            "realized",
            "raw_line",
        )
        frames = {
            sheet: part.drop("source_sheet")
            for (sheet,), part in rows.group_by("source_sheet", maintain_order=True)
        }
        self.loader.file_log.reject(path, reason, delivery, None, None, frames)

    def stage(self, delivery: Delivery) -> None:
        """One finance export: its budget lines and leaf accounts staged like any
        delivery's (rows naming their agency), its subtotals kept as they are."""
        path = delivery.export
        if reason := refusal(path, self.loader.file_log.raw_dir):
            self.loader.reject(path, reason, delivery)
            return
        if path.suffix.lower() in NOTE_SUFFIXES:
            self.loader.file_log.log(path, "note", delivery, message="notes, not data")
            return
        try:
            export = read_export(path, self.layouts())
        except (UnreadableFileError, DeclarationError) as exc:
            self.loader.file_log.reject(path, str(exc), delivery, None, None, export_rows(path))
            return
        period = export.period_end
        if reason := _another_year(export, delivery.fiscal_year):
            self._reject_export(path, reason, delivery, export)
            return
        agencies = self._agencies_of(export)
        if isinstance(agencies, str):
            self._reject_export(path, agencies, delivery, export)
            return
        self.periods[delivery.key] = period
        tables = finance_tables(export, delivery.fiscal_year, agencies, self.loader.known_accounts)
        sheets = sorted(
            set(export.rows.get_column("source_sheet").unique().to_list()),
            key=lambda s: s or "",
        )
        note = "; ".join(filter(None, [export.shape, export.note]))
        for entity, rows in (
            (BUDGET_LINES, tables.budget_lines),
            (SPENDING_LINES, tables.spending_lines),
            (None, tables.subtotals),
        ):
            name = entity.name if entity else FINANCE_SUBTOTALS
            problems = tables.problems.filter(pl.col("entity") == name)
            for sheet in sheets:
                in_sheet = pl.col("source_sheet").eq_missing(sheet)
                bad = problems.filter(in_sheet).drop("source_sheet", "entity")
                if bad.height:
                    self.loader.file_log.quarantine_unreadable_rows(
                        path, sheet, delivery, name, bad
                    )
                good = rows.filter(in_sheet).drop("source_sheet")
                if entity is None:
                    self._keep_subtotals(path, sheet, delivery, good, bad.height, note)
                elif good.height or bad.height:
                    staged = good.with_columns(
                        pl.lit([], pl.List(pl.String)).alias(NUMERIC_CELLS),
                        pl.lit(note).alias(FILE_NOTE),  # the shape, in the file log
                    )
                    self.loader.stage(path, sheet, entity, delivery, staged, bad.height)

    def _agencies_of(self, export) -> pl.DataFrame | str:
        """The agencies an export's units are matched among: those of the region its
        title names, else all; or why it is not read (a region of no listed agency)."""
        agencies = self.loader.agency_list
        if not export.regions:
            return agencies
        listed = agencies.get_column("region_name").unique().to_list()
        ours = [n for n in listed if any(same_region(r, n) for r in export.regions)]
        if not ours:
            named = ", ".join(r.title() for r in export.regions)
            return (
                f"an export of {named}, a region of no agency in raw/reference/agencies*.csv: "
                "not read; it belongs to another region's office (or register that region's "
                "agencies first)"
            )
        return agencies.filter(pl.col("region_name").is_in(ours))

    def _keep_subtotals(self, path, sheet, delivery, rows, quarantined, note) -> None:
        if rows.height + quarantined == 0:
            return
        self.subtotals.append(
            rows.with_columns(
                delivery_key=pl.lit(delivery.key),
                source_file=pl.lit(self.loader.file_log.relative(path)),
                source_sheet=pl.lit(sheet, pl.String),
                fiscal_year=pl.lit(delivery.fiscal_year, pl.Int16),
                reported_through=pl.lit(self.periods[delivery.key], pl.Date),
            )
        )
        self.loader.file_log.log(
            path,
            "staged",
            delivery,
            sheet=sheet,
            entity=FINANCE_SUBTOTALS,
            rows_in=rows.height + quarantined,
            message=note,
        )

    def subtotals_table(self) -> pl.DataFrame:
        """raw.finance_subtotals: the subtotal and heading rows of the finance exports."""
        if not self.subtotals:
            return empty_subtotals()
        return pl.concat(self.subtotals, how="diagonal").select(list(SUBTOTALS_SCHEMA))


def export_rows(path: Path) -> dict[str | None, pl.DataFrame]:
    """The rows that look like data in an export that could not be read, per sheet."""
    try:
        grids = read_grids(path)
    except UnreadableFileError:
        return {}
    return {
        sheet: pl.DataFrame(rows, schema={SOURCE_ROW: pl.Int32, "raw_line": pl.String})
        for sheet, rows in likely_data_rows(grids).items()
    }


def empty_subtotals() -> pl.DataFrame:
    return pl.DataFrame(schema=SUBTOTALS_SCHEMA)


SUBTOTALS_SCHEMA = {
    "delivery_key": pl.String,
    "source_file": pl.String,
    **SUBTOTAL_SCHEMA,
    "fiscal_year": pl.Int16,
    "reported_through": pl.Date,
}


def _another_year(export, fiscal_year: int) -> str | None:
    """Why an export is of another year than its folder's: the period it runs to, else
    the tahun anggaran its title states; None when it is of the folder's year."""
    period = export.period_end
    if period is not None and period.year != fiscal_year:
        return (
            f"its period runs to {period:%d-%m-%Y}, not in the fiscal year {fiscal_year} "
            "of its folder"
        )
    stated = stated_fiscal_year(export.title)
    if period is None and stated is not None and stated != fiscal_year:
        return (
            f"its title states tahun anggaran {stated}, not the fiscal year {fiscal_year} "
            "of its folder"
        )
    return None
