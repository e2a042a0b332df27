"""Row accounting of an ingest: the file log, the quarantine and the nulled cells.

Every file read gets a line per table in the file log (``raw.ingest_files``) with its
rows in, loaded and quarantined and its cells nulled; every row that is not loaded gets
a quarantine row (``raw.quarantine``) with file, sheet, row, column, value and reason;
every bad optional cell of a loaded row gets a line in ``raw.nulled_cells``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from pipelines.lib.deliveries import Delivery, refusal, sha256
from pipelines.lib.raw_tables import LINEAGE
from pipelines.lib.readers import SOURCE_ROW

QUARANTINE_SCHEMA = {
    "delivery_key": pl.String,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int32,
    "fiscal_year": pl.Int16,
    "agency_id": pl.String,
    "entity": pl.String,
    "column": pl.String,
    "value": pl.String,
    "reason": pl.String,
    "raw_record": pl.String,
}
NULLED_CELLS_SCHEMA = {k: v for k, v in QUARANTINE_SCHEMA.items() if k != "raw_record"}
FILE_LOG_SCHEMA = {
    "delivery_key": pl.String,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "fiscal_year": pl.Int16,
    "agency_id": pl.String,
    "entity": pl.String,
    "status": pl.String,
    "rows_in": pl.Int32,
    "rows_loaded": pl.Int32,
    "rows_quarantined": pl.Int32,
    "cells_nulled": pl.Int32,
    "message": pl.String,
    "sha256": pl.String,
    "size_bytes": pl.Int64,
    "ingested_at": pl.Datetime("us", "UTC"),  # one instant per ingest: marts rebuild by it
}


def raw_records(frame: pl.DataFrame) -> pl.Series:
    """Each row's delivered cells as JSON, kept with its quarantine row."""
    lineage = (*LINEAGE, "delivery_is_bulk")
    data = [c for c in frame.columns if not c.startswith("_") and c not in lineage]
    if not data:
        return pl.Series("raw_record", [None] * frame.height, dtype=pl.String)
    return pl.Series(
        "raw_record",
        [json.dumps(row, ensure_ascii=False) for row in frame.select(data).iter_rows(named=True)],
        dtype=pl.String,
    )


LOADED_COUNTS_SCHEMA = {
    "source_file": pl.String,
    "source_sheet": pl.String,
    "loaded": pl.UInt32,
    "entity": pl.String,
}


class FileLog:
    """The file log and the quarantine of one batch of deliveries."""

    def __init__(self, raw_dir: Path, ingested_at: dt.datetime):
        self.raw_dir = raw_dir
        self.ingested_at = ingested_at
        self.entries: list[dict] = []
        self.quarantine: list[pl.DataFrame] = []
        self.nulled: list[pl.DataFrame] = []

    def relative(self, path: Path) -> str:
        return path.relative_to(self.raw_dir).as_posix()

    def log(
        self,
        path: Path,
        status: str,
        delivery: Delivery | None = None,
        *,
        sheet: str | None = None,
        entity: str | None = None,
        rows_in: int = 0,
        message: str | None = None,
    ) -> None:
        """One line of the file log; a rejected file's rows count as quarantined."""
        is_file = refusal(path, self.raw_dir) is None  # never hash a link out, or to nothing
        self.entries.append(
            {
                "delivery_key": delivery.key if delivery else None,
                "source_file": self.relative(path),
                "source_sheet": sheet,
                "fiscal_year": delivery.fiscal_year if delivery else None,
                "agency_id": delivery.agency_id if delivery else None,
                "entity": entity,
                "status": status,
                "rows_in": rows_in,
                "rows_loaded": 0,
                "rows_quarantined": rows_in if status == "rejected" else 0,
                "cells_nulled": 0,
                "message": message,
                "sha256": sha256(path) if is_file else None,
                "size_bytes": path.stat().st_size if is_file else None,
                "ingested_at": self.ingested_at,
            }
        )

    def quarantine_rows(
        self,
        path: Path,
        sheet: str | None,
        delivery: Delivery | None,
        entity: str | None,
        frame: pl.DataFrame,
        reason: str,
    ) -> None:
        """Quarantine every row of ``frame`` (one file or sheet) for one reason."""
        self.quarantine.append(
            frame.select(SOURCE_ROW)
            .with_columns(
                delivery_key=pl.lit(delivery.key if delivery else None, pl.String),
                source_file=pl.lit(self.relative(path)),
                source_sheet=pl.lit(sheet, pl.String),
                fiscal_year=pl.lit(delivery.fiscal_year if delivery else None, pl.Int16),
                agency_id=pl.lit(delivery.agency_id if delivery else None, pl.String),
                entity=pl.lit(entity, pl.String),
                column=pl.lit(None, pl.String),
                value=pl.lit(None, pl.String),
                reason=pl.lit(reason),
                raw_record=raw_records(frame),
            )
            .select(list(QUARANTINE_SCHEMA))
            .cast(QUARANTINE_SCHEMA)
        )

    def quarantine_unreadable_rows(
        self,
        path: Path,
        sheet: str | None,
        delivery: Delivery,
        entity: str,
        rows: pl.DataFrame,
    ) -> None:
        """Quarantine rows that could not be typed, each with its own reason and its line
        as delivered (``rows``: source row, reason, raw_record, and column and value
        where one cell is to blame)."""
        self.quarantine.append(
            rows.with_columns(
                delivery_key=pl.lit(delivery.key),
                source_file=pl.lit(self.relative(path)),
                source_sheet=pl.lit(sheet, pl.String),
                fiscal_year=pl.lit(delivery.fiscal_year, pl.Int16),
                agency_id=pl.lit(delivery.agency_id, pl.String),
                entity=pl.lit(entity),
                **{
                    name: pl.lit(None, pl.String)
                    for name in ("column", "value")
                    if name not in rows.columns
                },
            )
            .select(list(QUARANTINE_SCHEMA))
            .cast(QUARANTINE_SCHEMA)
        )

    def quarantine_problems(self, problems: pl.DataFrame) -> None:
        """Quarantine typed rows' problems (lineage, column, value, reason, raw_record)."""
        self.quarantine.append(problems.select(list(QUARANTINE_SCHEMA)).cast(QUARANTINE_SCHEMA))

    def null_cells(self, cells: pl.DataFrame) -> None:
        """Record bad optional cells, nulled in rows that are loaded (lineage, column,
        value, reason)."""
        self.nulled.append(cells.select(list(NULLED_CELLS_SCHEMA)).cast(NULLED_CELLS_SCHEMA))

    def reject(
        self,
        path: Path,
        reason: str,
        delivery: Delivery | None,
        sheet: str | None,
        entity: str | None,
        frames: dict[str | None, pl.DataFrame],
    ) -> None:
        """Reject a whole file or sheet; ``frames`` are its rows per sheet, if readable."""
        if not frames:
            empty = pl.DataFrame({SOURCE_ROW: [None]}, schema={SOURCE_ROW: pl.Int32})
            self.quarantine_rows(path, sheet, delivery, entity, empty, f"file rejected: {reason}")
            self.log(path, "rejected", delivery, sheet=sheet, entity=entity, message=reason)
            return
        for name, rows in frames.items():
            self.quarantine_rows(path, name, delivery, entity, rows, f"file rejected: {reason}")
            self.log(
                path,
                "rejected",
                delivery,
                sheet=name,
                entity=entity,
                rows_in=rows.height,
                message=reason,
            )

    def mark_rejected(self, file: str, sheet: str | None, reason: str) -> None:
        """A staged file found unusable after all: every row of it is quarantined."""
        for entry in self.entries:
            if (entry["source_file"], entry["source_sheet"]) == (file, sheet):
                entry.update(status="rejected", rows_quarantined=entry["rows_in"], message=reason)

    def quarantine_table(self) -> pl.DataFrame:
        if not self.quarantine:
            return pl.DataFrame(schema=QUARANTINE_SCHEMA)
        return pl.concat(self.quarantine, how="vertical")

    def nulled_table(self) -> pl.DataFrame:
        if not self.nulled:
            return pl.DataFrame(schema=NULLED_CELLS_SCHEMA)
        return pl.concat(self.nulled, how="vertical")

    def table(
        self, counts: list[pl.DataFrame], quarantine: pl.DataFrame, nulled: pl.DataFrame
    ) -> pl.DataFrame:
        """The file log with each staged file's loaded and quarantined rows and nulled
        cells counted; ``counts``: rows loaded per file, sheet and table
        (:data:`LOADED_COUNTS_SCHEMA`)."""
        log = pl.DataFrame(self.entries, schema=FILE_LOG_SCHEMA)
        # a finance export stages several tables from one file and sheet
        keys = ["source_file", "source_sheet", "entity"]
        loaded = pl.concat(counts) if counts else pl.DataFrame(schema=LOADED_COUNTS_SCHEMA)
        bad = (
            quarantine.filter(pl.col(SOURCE_ROW).is_not_null())
            .group_by(keys)
            .agg(bad=pl.col(SOURCE_ROW).n_unique())
        )
        cells = nulled.group_by(keys).agg(cells=pl.len())
        staged = pl.col("status") == "staged"
        partly = staged & (pl.col("rows_quarantined") > 0)
        return (
            log.join(loaded, on=keys, how="left", nulls_equal=True)
            .join(bad, on=keys, how="left", nulls_equal=True)
            .join(cells, on=keys, how="left", nulls_equal=True)
            .with_columns(
                cells_nulled=pl.col("cells").fill_null(0).cast(pl.Int32),
                rows_loaded=pl.when(staged)
                .then(pl.col("loaded").fill_null(0))
                .otherwise(pl.col("rows_loaded"))
                .cast(pl.Int32),
                rows_quarantined=pl.when(staged)
                .then(pl.col("bad").fill_null(0))
                .otherwise(pl.col("rows_quarantined"))
                .cast(pl.Int32),
            )
            .with_columns(
                status=pl.when(partly)
                .then(pl.lit("partially_loaded"))
                .when(staged)
                .then(pl.lit("loaded"))
                .otherwise(pl.col("status")),
                message=pl.concat_str(
                    pl.col("message"),
                    pl.when(partly).then(
                        pl.format("{} rows quarantined", pl.col("rows_quarantined"))
                    ),
                    pl.when(pl.col("cells_nulled") > 0).then(
                        pl.format("{} cells nulled", pl.col("cells_nulled"))
                    ),
                    separator="; ",
                    ignore_nulls=True,
                ),
            )
            .select(list(FILE_LOG_SCHEMA))
        )
