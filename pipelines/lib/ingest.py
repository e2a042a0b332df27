"""Walk ``raw/<fiscal_year>/<agency>/`` and type every delivered table.

Nothing is lost: each data row of each file ends up in exactly one of the
loaded tables or in the quarantine, with file, sheet, row, column, value and
reason. A file that cannot be used at all is recorded in the file log with a
clear message, its rows (when they can be read) quarantined, and the load goes
on with the other files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import queue
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import polars as pl

from pipelines.lib.cleaning import LINEAGE, type_table
from pipelines.lib.contract import BULK_FOLDER_PREFIX, ENTITIES, ENTITIES_BY_SHEET, Entity
from pipelines.lib.readers import (
    NUMERIC_CELLS,
    SOURCE_ROW,
    UnreadableFileError,
    read_csv_table,
    read_workbook,
)
from pipelines.lib.template import INSTRUCTIONS_SHEET

NOTE_SUFFIXES = (".txt", ".md")
DATA_SUFFIXES = (".csv", ".xlsx")

ROW_ID = "_row_id"
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
    "message": pl.String,
    "sha256": pl.String,
    "size_bytes": pl.Int64,
    "ingested_at": pl.Datetime("us", "UTC"),  # one instant per ingest: marts rebuild by it
}


def empty_table(entity: Entity) -> pl.DataFrame:
    """The loaded table of ``entity`` with no rows, typed as a loaded one would be."""
    text = {h: pl.String for h in entity.headers}
    frame = pl.DataFrame(
        schema=text
        | {SOURCE_ROW: pl.Int32, NUMERIC_CELLS: pl.List(pl.String)}
        | {"delivery_key": pl.String, "source_file": pl.String, "source_sheet": pl.String}
    )
    return type_table(frame, entity).loaded


@dataclass(frozen=True)
class Delivery:
    """One delivery folder ``raw/<year>/<folder>/``: the files one agency delivered for
    one fiscal year, or a bulk extract (``bulk-<name>``) holding many agencies' rows."""

    fiscal_year: int
    folder: Path

    @property
    def key(self) -> str:
        """``2022/muba-kesbangpol``: the unit of incremental ingestion."""
        return f"{self.fiscal_year}/{self.folder.name}"

    @property
    def is_bulk(self) -> bool:
        return self.folder.name.startswith(BULK_FOLDER_PREFIX)

    @property
    def agency_id(self) -> str | None:
        """The agency of a per-agency folder; None for a bulk extract (rows name theirs)."""
        return None if self.is_bulk else self.folder.name


_DIGESTS: dict[tuple, str] = {}  # (path, inode, size, mtime, ctime) -> sha256


def _sha256(path: Path) -> str:
    """The file's SHA-256. Remembered for the life of the process under its size and
    modification time, so the planner, the deliveries and the ingest of one refresh
    hash each file once (4 GiB at national size)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if key not in _DIGESTS:
        with path.open("rb") as file:
            _DIGESTS[key] = hashlib.file_digest(file, "sha256").hexdigest()
    return _DIGESTS[key]


def normalise_header(header: str) -> str:
    """``Realisasi Keuangan `` → ``realisasi_keuangan``."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def _rename_headers(frame: pl.DataFrame, entity: Entity) -> tuple[pl.DataFrame, str | None]:
    """Rename headers to the contract's; an error when columns are wrong. Missing
    optional columns stay missing (``complete_columns`` adds them)."""
    data_columns = [c for c in frame.columns if c not in (SOURCE_ROW, NUMERIC_CELLS)]
    renamed = {c: normalise_header(c) for c in data_columns}
    changed = {k: v for k, v in renamed.items() if k != v}
    if changed:
        frame = frame.rename(changed)
    present = set(renamed.values())
    unknown = sorted(present - set(entity.headers))
    missing_required = [c.header for c in entity.columns if c.required and c.header not in present]
    if unknown or missing_required:
        parts = []
        if missing_required:
            parts.append(f"missing required columns {missing_required}")
        if unknown:
            parts.append(f"unknown columns {unknown}")
        return frame, "; ".join(parts) + f" (expected {list(entity.headers)})"
    if NUMERIC_CELLS in frame.columns and changed:
        # the numeric-cell list speaks of the file's own headers; speak the contract's
        frame = frame.with_columns(pl.col(NUMERIC_CELLS).list.eval(pl.element().replace(changed)))
    return frame, None


def complete_columns(frame: pl.DataFrame, entity: Entity) -> pl.DataFrame:
    """The contract's columns in order (missing optional ones empty), then the row's
    source row and numeric cells."""
    missing = [h for h in entity.headers if h not in frame.columns]
    if missing:
        frame = frame.with_columns(pl.lit(None, pl.String).alias(h) for h in missing)
    return frame.select(*entity.headers, SOURCE_ROW, NUMERIC_CELLS)


def _raw_records(frame: pl.DataFrame) -> pl.Series:
    lineage = (*LINEAGE, "delivery_is_bulk")
    data = [c for c in frame.columns if not c.startswith("_") and c not in lineage]
    if not data:
        return pl.Series("raw_record", [None] * frame.height, dtype=pl.String)
    return pl.Series(
        "raw_record",
        [json.dumps(row, ensure_ascii=False) for row in frame.select(data).iter_rows(named=True)],
        dtype=pl.String,
    )


def folder_mismatches(batch: pl.DataFrame) -> pl.DataFrame:
    """Files whose ``tahun`` or ``kode_opd`` disagree with their folder, with the reason."""
    year = pl.col("tahun").str.strip_chars()
    agency = pl.col("kode_opd").str.strip_chars()
    wrong_year = year.is_not_null() & (year != pl.col("delivery_year").cast(pl.String))
    wrong_agency = agency.is_not_null() & (agency != pl.col("delivery_agency_id"))
    return (
        batch.group_by("source_file", "source_sheet")
        .agg(
            years=year.filter(wrong_year).unique().sort(),
            agencies=agency.filter(wrong_agency).unique().sort(),
            folder_year=pl.col("delivery_year").first(),
            folder_agency=pl.col("delivery_agency_id").first(),
        )
        .filter((pl.col("years").list.len() > 0) | (pl.col("agencies").list.len() > 0))
        .with_columns(
            reason=pl.when(pl.col("years").list.len() > 0)
            .then(
                pl.format(
                    "tahun {} in the file disagrees with the folder {}/",
                    pl.col("years").list.join(", "),
                    pl.col("folder_year"),
                )
            )
            .otherwise(
                pl.format(
                    "kode_opd {} in the file disagrees with the folder {}/",
                    pl.col("agencies").list.join(", "),
                    pl.col("folder_agency"),
                )
            )
        )
        .select("source_file", "source_sheet", "reason")
    )


def unknown_agency_rows(batch: pl.DataFrame, agencies: pl.DataFrame) -> pl.DataFrame:
    """Rows of bulk extracts whose ``kode_opd`` is not an agency of the reference list in
    that year, as problems (lineage, column, value, reason). A per-agency folder is
    checked as a whole instead (see ``_delivery_problem``)."""
    carried = [ROW_ID, *(c for c in LINEAGE if c in batch.columns)]
    agency, year = pl.col("delivery_agency_id"), pl.col("delivery_year")
    first, last = pl.col("first_year"), pl.col("last_year")
    reason = (
        pl.when(first.is_null())
        .then(pl.format("unknown agency '{}': not in raw/reference/agencies*.csv", agency))
        .when((year < first) | (last.is_not_null() & (year > last)))
        .then(
            pl.format(
                "agency '{}' existed {}-{}, not in {}",
                agency,
                first,
                last.cast(pl.String).fill_null("now"),
                year,
            )
        )
    )
    return (
        batch.filter(pl.col("delivery_is_bulk") & agency.is_not_null())
        .join(agencies, left_on="delivery_agency_id", right_on="agency_id", how="left")
        .with_columns(reason=reason)
        .filter(pl.col("reason").is_not_null())
        .select(
            *carried,
            column=pl.lit("kode_opd"),
            value=pl.col("kode_opd"),
            reason=pl.col("reason"),
        )
    )


class _Loader:
    """Checks every file, stages its rows, then types each table in one batch."""

    def __init__(
        self,
        raw_dir: Path,
        agencies: pl.DataFrame,
        known_accounts: frozenset[str],
        ingested_at: dt.datetime | None = None,
    ):
        self.raw_dir = raw_dir
        self.ingested_at = ingested_at or dt.datetime.now(dt.UTC)
        self.agencies = {row["agency_id"]: row for row in agencies.iter_rows(named=True)}
        self.agency_table = agencies.select("agency_id", "first_year", "last_year")
        self.known_accounts = known_accounts
        self.staged: dict[str, list[pl.DataFrame]] = {e.name: [] for e in ENTITIES}
        # (file, sheet, delivery) of each staged frame
        self.staged_from: dict[str, list[tuple[str, str | None, Delivery]]] = {
            e.name: [] for e in ENTITIES
        }
        self.quarantine: list[pl.DataFrame] = []
        self.file_log: list[dict] = []
        self._hashes: dict[Path, tuple[str, int]] = {}
        self._next_row_id = 0

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.raw_dir).as_posix()

    def _log(
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
        digest, size = None, None
        if path.is_file():
            if path not in self._hashes:
                self._hashes[path] = (_sha256(path), path.stat().st_size)
            digest, size = self._hashes[path]
        self.file_log.append(
            {
                "delivery_key": delivery.key if delivery else None,
                "source_file": self._relative(path),
                "source_sheet": sheet,
                "fiscal_year": delivery.fiscal_year if delivery else None,
                "agency_id": delivery.agency_id if delivery else None,
                "entity": entity,
                "status": status,
                "rows_in": rows_in,
                "rows_loaded": 0,
                "rows_quarantined": rows_in if status == "rejected" else 0,
                "message": message,
                "sha256": digest,
                "size_bytes": size,
                "ingested_at": self.ingested_at,
            }
        )

    def _quarantine_rows(
        self,
        path: Path,
        sheet: str | None,
        delivery: Delivery | None,
        entity: str | None,
        frame: pl.DataFrame,
        reason: str,
    ) -> None:
        self.quarantine.append(
            frame.select(SOURCE_ROW)
            .with_columns(
                delivery_key=pl.lit(delivery.key if delivery else None, pl.String),
                source_file=pl.lit(self._relative(path)),
                source_sheet=pl.lit(sheet, pl.String),
                fiscal_year=pl.lit(delivery.fiscal_year if delivery else None, pl.Int16),
                agency_id=pl.lit(delivery.agency_id if delivery else None, pl.String),
                entity=pl.lit(entity, pl.String),
                column=pl.lit(None, pl.String),
                value=pl.lit(None, pl.String),
                reason=pl.lit(reason),
                raw_record=_raw_records(frame),
            )
            .select(list(QUARANTINE_SCHEMA))
            .cast(QUARANTINE_SCHEMA)
        )

    def reject(
        self,
        path: Path,
        reason: str,
        delivery: Delivery | None = None,
        sheet: str | None = None,
        entity: str | None = None,
        frame: pl.DataFrame | None = None,
    ) -> None:
        """Reject a whole file or sheet; quarantine its rows when they can be read."""
        frames: dict[str | None, pl.DataFrame] = {}
        if frame is not None:
            frames[sheet] = frame
        elif path.suffix.lower() == ".csv":
            try:
                frames[None] = read_csv_table(path)
            except UnreadableFileError as exc:
                reason = f"{reason}; {exc}"
        elif path.suffix.lower() == ".xlsx":
            try:
                frames = {
                    name: f
                    for name, f in read_workbook(path).items()
                    if not isinstance(f, Exception) and name != INSTRUCTIONS_SHEET
                }
            except UnreadableFileError as exc:
                reason = f"{reason}; {exc}"
        if not frames:
            empty = pl.DataFrame({SOURCE_ROW: [None]}, schema={SOURCE_ROW: pl.Int32})
            self._quarantine_rows(path, sheet, delivery, entity, empty, f"file rejected: {reason}")
            self._log(path, "rejected", delivery, sheet=sheet, entity=entity, message=reason)
            return
        for name, rows in frames.items():
            self._quarantine_rows(path, name, delivery, entity, rows, f"file rejected: {reason}")
            self._log(
                path,
                "rejected",
                delivery,
                sheet=name,
                entity=entity,
                rows_in=rows.height,
                message=reason,
            )

    def stage(
        self, path: Path, sheet: str | None, entity: Entity, delivery: Delivery, frame: pl.DataFrame
    ) -> None:
        """Check one table's columns and folder, then keep its rows for typing.

        Where each row came from is added in ``finish``, for all files of a table at
        once: a polars operation costs ~0,5 ms however small the frame, and a regency
        has ~1 500 small files."""
        frame, error = _rename_headers(frame, entity)
        if error:
            self.reject(path, error, delivery, sheet, entity.name, frame)
            return
        self.staged[entity.name].append(frame)
        self.staged_from[entity.name].append((self._relative(path), sheet, delivery))
        self._log(path, "staged", delivery, sheet=sheet, entity=entity.name, rows_in=frame.height)

    def _staged_batch(self, entity: Entity) -> pl.DataFrame:
        """The staged files of ``entity`` in one frame, each row with its lineage."""
        frames = self.staged[entity.name]
        origins = self.staged_from[entity.name]
        heights = [frame.height for frame in frames]
        lineage = pl.DataFrame(
            {
                "delivery_key": [d.key for _, _, d in origins],
                "source_file": [file for file, _, _ in origins],
                "source_sheet": [sheet for _, sheet, _ in origins],
                "delivery_year": [d.fiscal_year for _, _, d in origins],
                # a bulk extract's rows each name their agency (below; checked later)
                "delivery_agency_id": [None if d.is_bulk else d.agency_id for _, _, d in origins],
                "delivery_is_bulk": [d.is_bulk for _, _, d in origins],
            },
            schema={
                "delivery_key": pl.String,
                "source_file": pl.String,
                "source_sheet": pl.String,
                "delivery_year": pl.Int16,
                "delivery_agency_id": pl.String,
                "delivery_is_bulk": pl.Boolean,
            },
        )
        # lineage row i, once per row of staged file i (empty files give no row)
        rows = pl.select(
            pl.int_range(len(frames), dtype=pl.UInt32)
            .repeat_by(pl.Series(heights, dtype=pl.UInt32))
            .explode()
            .drop_nulls()
        ).to_series()
        batch = complete_columns(pl.concat(frames, how="diagonal"), entity)
        first = self._next_row_id
        self._next_row_id += batch.height
        return pl.concat(
            [
                batch.with_columns(
                    pl.int_range(first, self._next_row_id, dtype=pl.Int64).alias(ROW_ID)
                ),
                lineage[rows],
            ],
            how="horizontal",
        ).with_columns(
            delivery_agency_id=pl.when(pl.col("delivery_is_bulk"))
            .then(pl.col("kode_opd").str.strip_chars())
            .otherwise(pl.col("delivery_agency_id"))
        )

    def delivery(self, delivery: Delivery) -> None:
        """Stage the files of one agency-year, after the checks that apply to all of them."""
        files = sorted(p for p in delivery.folder.iterdir() if p.is_file())
        data = [p for p in files if p.suffix.lower() in DATA_SUFFIXES]
        for path in files:
            if path.suffix.lower() in NOTE_SUFFIXES:
                self._log(path, "note", delivery, message="notes, not data")
            elif path.suffix.lower() not in DATA_SUFFIXES:
                self.reject(
                    path, f"not a CSV or XLSX file ({path.suffix or 'no extension'})", delivery
                )
        problem = self._delivery_problem(delivery, data)
        if problem:
            for path in data:
                self.reject(path, problem, delivery)
            return
        logged_before = len(self.file_log)
        for path in data:
            for sheet, entity, frame in self._tables(path, delivery):
                self.stage(path, sheet, entity, delivery, frame)
        delivered = {entry["entity"] for entry in self.file_log[logged_before:]}
        for entity in ENTITIES:
            if entity.required and entity.name not in delivered:
                self._log(
                    delivery.folder,
                    "missing",
                    delivery,
                    entity=entity.name,
                    message=f"{delivery.fiscal_year}/{delivery.agency_id} delivered no "
                    f"'{entity.sheet}' table",
                )

    def _tables(self, path: Path, delivery: Delivery):
        """Yield (sheet, entity, frame) of a file; reject what cannot be used."""
        expected = [e.sheet for e in ENTITIES]
        if path.suffix.lower() == ".csv":
            entity = ENTITIES_BY_SHEET.get(path.stem.lower())
            if entity is None:
                self.reject(
                    path,
                    f"unknown table {path.name}; expected one of "
                    f"{[name + '.csv' for name in expected]}",
                    delivery,
                )
                return
            try:
                yield None, entity, read_csv_table(path)
            except UnreadableFileError as exc:
                self.reject(path, str(exc), delivery, entity=entity.name)
            return
        try:
            sheets = read_workbook(path)
        except UnreadableFileError as exc:
            self.reject(path, str(exc), delivery)
            return
        for sheet, frame in sheets.items():
            if sheet.strip().lower() == INSTRUCTIONS_SHEET:
                continue
            entity = ENTITIES_BY_SHEET.get(sheet.strip().lower())
            if isinstance(frame, Exception):
                self.reject(path, str(frame), delivery, sheet, entity.name if entity else None)
            elif entity is None:
                self.reject(
                    path,
                    f"unknown sheet {sheet!r}; expected {expected}",
                    delivery,
                    sheet,
                    frame=frame,
                )
            else:
                yield sheet, entity, frame

    def _delivery_problem(self, delivery: Delivery, data: list[Path]) -> str | None:
        kinds = {p.suffix.lower() for p in data}
        workbooks = [p for p in data if p.suffix.lower() == ".xlsx"]
        if len(kinds) > 1 or len(workbooks) > 1:
            return (
                f"{delivery.key} is delivered twice: "
                f"{[p.name for p in data]}; deliver either CSV files or one workbook"
            )
        if delivery.is_bulk:
            return None  # each row's agency is checked in finish
        agency = self.agencies.get(delivery.agency_id)
        if agency is None:
            return f"unknown agency {delivery.agency_id!r}: not in raw/reference/agencies*.csv"
        first, last = agency["first_year"], agency["last_year"]
        if delivery.fiscal_year < first or (last is not None and delivery.fiscal_year > last):
            successor = agency["successor_agency_id"]
            hint = f"; from {last + 1} it reports as {successor!r}" if successor else ""
            return (
                f"agency {delivery.agency_id!r} existed {first}-{last or 'now'}, not in "
                f"{delivery.fiscal_year}{hint}"
            )
        return None

    def finish(self) -> dict[str, pl.DataFrame]:
        """Type every staged table in one batch; return one frame per warehouse table."""
        out: dict[str, pl.DataFrame] = {}
        counts = []
        for entity in ENTITIES:
            if not self.staged[entity.name]:
                out[entity.name] = empty_table(entity)
                continue
            batch = self._drop_mismatched(self._staged_batch(entity), entity)
            unknown = unknown_agency_rows(batch, self.agency_table)
            typed = type_table(
                batch.join(unknown.select(ROW_ID), on=ROW_ID, how="anti"),
                entity,
                self.known_accounts,
                key=ROW_ID,
            )
            out[entity.name] = typed.loaded.drop(ROW_ID, "delivery_year", "delivery_agency_id")
            problems = pl.concat([unknown, typed.problems.select(unknown.columns)])
            if problems.height:
                records = batch.filter(pl.col(ROW_ID).is_in(problems[ROW_ID].implode()))
                records = records.select(ROW_ID).with_columns(raw_record=_raw_records(records))
                self.quarantine.append(
                    problems.join(records, on=ROW_ID, how="left")
                    .rename({"delivery_year": "fiscal_year", "delivery_agency_id": "agency_id"})
                    .with_columns(entity=pl.lit(entity.name))
                    .select(list(QUARANTINE_SCHEMA))
                    .cast(QUARANTINE_SCHEMA)
                )
            counts.append(typed.loaded.group_by("source_file", "source_sheet").agg(loaded=pl.len()))
        quarantine = (
            pl.concat(self.quarantine, how="vertical")
            if self.quarantine
            else pl.DataFrame(schema=QUARANTINE_SCHEMA)
        )
        out["quarantine"] = quarantine
        out["ingest_files"] = self._file_log(counts, quarantine)
        return out

    def _drop_mismatched(self, batch: pl.DataFrame, entity: Entity) -> pl.DataFrame:
        """Reject whole files whose content names another year or agency than its folder."""
        mismatched = folder_mismatches(batch)
        keys = ["source_file", "source_sheet"]
        for file, sheet, reason in mismatched.iter_rows():
            rows = batch.filter(
                (pl.col("source_file") == file) & pl.col("source_sheet").eq_missing(sheet)
            )
            path = self.raw_dir / file
            delivery = Delivery(rows["delivery_year"][0], path.parent)
            self._quarantine_rows(
                path, sheet, delivery, entity.name, rows, f"file rejected: {reason}"
            )
            for entry in self.file_log:
                if (entry["source_file"], entry["source_sheet"]) == (file, sheet):
                    entry.update(
                        status="rejected", rows_quarantined=entry["rows_in"], message=reason
                    )
        if mismatched.is_empty():
            return batch
        return batch.join(mismatched.select(keys), on=keys, how="anti", nulls_equal=True)

    def _file_log(self, counts: list[pl.DataFrame], quarantine: pl.DataFrame) -> pl.DataFrame:
        log = pl.DataFrame(self.file_log, schema=FILE_LOG_SCHEMA)
        keys = ["source_file", "source_sheet"]
        loaded = (
            pl.concat(counts)
            if counts
            else pl.DataFrame(
                schema={"source_file": pl.String, "source_sheet": pl.String, "loaded": pl.UInt32}
            )
        )
        bad = (
            quarantine.filter(pl.col(SOURCE_ROW).is_not_null())
            .group_by(keys)
            .agg(bad=pl.col(SOURCE_ROW).n_unique())
        )
        staged = pl.col("status") == "staged"
        return (
            log.join(loaded, on=keys, how="left", nulls_equal=True)
            .join(bad, on=keys, how="left", nulls_equal=True)
            .with_columns(
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
                status=pl.when(staged & (pl.col("rows_quarantined") > 0))
                .then(pl.lit("partially_loaded"))
                .when(staged)
                .then(pl.lit("loaded"))
                .otherwise(pl.col("status")),
                message=pl.when(staged & (pl.col("rows_quarantined") > 0))
                .then(pl.format("{} rows quarantined", pl.col("rows_quarantined")))
                .otherwise(pl.col("message")),
            )
            .select(list(FILE_LOG_SCHEMA))
        )


def discover(raw_dir: Path, loader: _Loader) -> list[Delivery]:
    """List agency-year folders; reject files that are not where the contract says."""
    deliveries = []
    for year_dir in sorted(raw_dir.iterdir()):
        if year_dir.name in ("reference", ".gitkeep") or year_dir.name.startswith("."):
            continue
        if year_dir.is_file():
            if year_dir.suffix.lower() not in NOTE_SUFFIXES:
                loader.reject(year_dir, "files belong in raw/<fiscal_year>/<agency>/")
            continue
        if not (year_dir.name.isdigit() and len(year_dir.name) == 4):
            for path in sorted(p for p in year_dir.rglob("*") if p.is_file()):
                loader.reject(path, f"folder {year_dir.name!r} is not a fiscal year")
            continue
        for agency_dir in sorted(year_dir.iterdir()):
            if agency_dir.is_file():
                loader.reject(agency_dir, "files belong in raw/<fiscal_year>/<agency>/")
                continue
            deliveries.append(Delivery(int(year_dir.name), agency_dir))
    return deliveries


def delivery_hashes(raw_dir: Path) -> dict[str, str]:
    """Agency-year → one hash of the names and contents of all its files."""
    folders = [f for f in sorted(raw_dir.glob("[0-9][0-9][0-9][0-9]/*")) if f.is_dir()]
    files = {folder: sorted(p for p in folder.iterdir() if p.is_file()) for folder in folders}
    # hashlib lets go of the interpreter while it hashes: one file per core (4 GiB at
    # national size in 1,8 s instead of 3,4 s on 2 cores)
    every_file = [path for folder in folders for path in files[folder]]
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        digests = dict(zip(every_file, pool.map(_sha256, every_file), strict=True))
    hashes: dict[str, str] = {}
    for folder in folders:
        digest = hashlib.sha256()
        for path in files[folder]:
            digest.update(path.name.encode() + b"\0" + digests[path].encode())
        hashes[f"{folder.parent.name}/{folder.name}"] = digest.hexdigest()
    return hashes


def changed_deliveries(previous: dict[str, str] | None, current: dict[str, str]) -> set[str] | None:
    """Agency-years delivered, replaced or withdrawn since ``previous`` (None = all)."""
    if previous is None:
        return None
    return {
        key for key in previous.keys() | current.keys() if previous.get(key) != current.get(key)
    }


T = TypeVar("T")
BATCH_BYTES = 64 * 2**20  # raw file bytes typed at once: bounds memory at national size


def ingest_batches(
    raw_dir: Path,
    agencies: pl.DataFrame,
    known_accounts: frozenset[str],
    only: set[str] | None = None,
    batch_bytes: int = BATCH_BYTES,
) -> Iterator[dict[str, pl.DataFrame]]:
    """Load the deliveries under ``raw_dir`` (all, or the keys in ``only``) in batches of
    whole deliveries of about ``batch_bytes`` of files each; yield one frame per
    warehouse table per batch. Files outside any delivery folder are always reported
    (in the first batch)."""
    ingested_at = dt.datetime.now(dt.UTC)
    loader = _Loader(raw_dir, agencies, known_accounts, ingested_at)
    pending = 0
    for delivery in discover(raw_dir, loader):
        if only is not None and delivery.key not in only:
            continue
        if pending >= batch_bytes:
            yield loader.finish()
            loader, pending = _Loader(raw_dir, agencies, known_accounts, ingested_at), 0
        loader.delivery(delivery)
        pending += sum(p.stat().st_size for p in delivery.folder.iterdir() if p.is_file())
    yield loader.finish()


def read_ahead(items: Iterable[T], depth: int = 1) -> Iterator[T]:
    """``items``, produced in a thread up to ``depth`` ahead of the consumer.

    The ingest reads and types the next batch (polars) while DuckDB writes the last one:
    both release the interpreter lock for their work. At most ``depth`` batches wait in
    memory besides the one being written and the one being read. An error in the
    producer is raised in the consumer; a consumer that stops early stops the producer.
    """
    waiting: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                waiting.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
        except BaseException as exc:  # handed to the consumer
            offer(_Raised(exc))
            return
        offer(done)

    producer = threading.Thread(target=produce, name="ingest-read-ahead", daemon=True)
    producer.start()
    try:
        while (item := waiting.get()) is not done:
            if isinstance(item, _Raised):
                raise item.error
            yield item
    finally:
        stop.set()
        producer.join()


@dataclass(frozen=True)
class _Raised:
    error: BaseException


def ingest_raw_tree(
    raw_dir: Path,
    agencies: pl.DataFrame,
    known_accounts: frozenset[str],
    only: set[str] | None = None,
) -> dict[str, pl.DataFrame]:
    """Load the deliveries under ``raw_dir`` (all, or the keys in ``only``) in one go;
    one frame per warehouse table."""
    batches = list(ingest_batches(raw_dir, agencies, known_accounts, only))
    return {name: pl.concat([b[name] for b in batches]) for name in batches[0]}
