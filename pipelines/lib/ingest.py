"""Walk ``raw/<fiscal_year>/<agency>/`` and type every delivered table.

Nothing is lost: each data row of each file ends up in exactly one of the
loaded tables or in the quarantine, with file, sheet, row, column, value and
reason. A file that cannot be used at all is recorded in the file log with a
clear message, its rows (when they can be read) quarantined, and the load goes
on with the other files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipelines.lib.cleaning import PROBLEM_SCHEMA, type_table
from pipelines.lib.contract import ENTITIES, ENTITIES_BY_SHEET, Entity
from pipelines.lib.readers import (
    NUMERIC_CELLS,
    SOURCE_ROW,
    UnreadableFileError,
    list_sheets,
    read_csv_table,
    read_xlsx_sheet,
)

NOTE_SUFFIXES = (".txt", ".md")
DATA_SUFFIXES = (".csv", ".xlsx")

QUARANTINE_SCHEMA = {
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
}


@dataclass
class IngestResult:
    """Everything one load produced, ready to be written to the warehouse."""

    tables: dict[str, list[pl.DataFrame]] = field(
        default_factory=lambda: {e.name: [] for e in ENTITIES}
    )
    quarantine: list[pl.DataFrame] = field(default_factory=list)
    file_log: list[dict] = field(default_factory=list)

    def frames(self) -> dict[str, pl.DataFrame]:
        """Concatenate the pieces into one frame per table (empty but typed if none)."""
        out = {
            entity.name: pl.concat(self.tables[entity.name], how="vertical")
            if self.tables[entity.name]
            else empty_table(entity)
            for entity in ENTITIES
        }
        out["quarantine"] = (
            pl.concat(self.quarantine, how="vertical")
            if self.quarantine
            else pl.DataFrame(schema=QUARANTINE_SCHEMA)
        )
        out["ingest_files"] = pl.DataFrame(self.file_log, schema=FILE_LOG_SCHEMA)
        return out


def empty_table(entity: Entity) -> pl.DataFrame:
    """The loaded table of ``entity`` with no rows, typed as a loaded one would be."""
    text = {h: pl.String for h in entity.headers}
    frame = pl.DataFrame(schema=text | {SOURCE_ROW: pl.Int32, NUMERIC_CELLS: pl.List(pl.String)})
    loaded = type_table(frame, entity).loaded
    return loaded.select(
        pl.lit(None, pl.String).alias("source_file"),
        pl.lit(None, pl.String).alias("source_sheet"),
        pl.all(),
    )


@dataclass(frozen=True)
class Delivery:
    """The files one agency delivered for one fiscal year."""

    fiscal_year: int
    agency_id: str
    folder: Path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def normalise_header(header: str) -> str:
    """``Realisasi Keuangan `` → ``realisasi_keuangan``."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def match_headers(frame: pl.DataFrame, entity: Entity) -> tuple[pl.DataFrame, str | None]:
    """Rename headers to the contract's; return an error when columns are wrong.

    Missing optional columns are added empty; missing required or unknown
    columns make the whole table unusable.
    """
    data_columns = [c for c in frame.columns if c not in (SOURCE_ROW, NUMERIC_CELLS)]
    renamed = {c: normalise_header(c) for c in data_columns}
    frame = frame.rename(renamed)
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
    frame = frame.with_columns(
        pl.lit(None, pl.String).alias(h) for h in entity.headers if h not in present
    )
    if NUMERIC_CELLS in frame.columns:
        # the numeric-cell list speaks of the file's own headers; speak the contract's
        frame = frame.with_columns(
            pl.col(NUMERIC_CELLS).list.eval(
                pl.element().replace(renamed)
            )
        )
    return frame, None


def _raw_records(frame: pl.DataFrame) -> pl.Series:
    data = [c for c in frame.columns if c not in (SOURCE_ROW, NUMERIC_CELLS)]
    return pl.Series(
        "raw_record",
        [json.dumps(row, ensure_ascii=False) for row in frame.select(data).iter_rows(named=True)],
        dtype=pl.String,
    )


def _folder_mismatch(frame: pl.DataFrame, delivery: Delivery) -> str | None:
    years = frame.get_column("tahun").drop_nulls().str.strip_chars().unique().to_list()
    agencies = frame.get_column("kode_opd").drop_nulls().str.strip_chars().unique().to_list()
    if any(y != str(delivery.fiscal_year) for y in years):
        return (
            f"tahun {sorted(years)} in the file disagrees with the folder "
            f"{delivery.fiscal_year}/"
        )
    if any(a != delivery.agency_id for a in agencies):
        return (
            f"kode_opd {sorted(agencies)} in the file disagrees with the folder "
            f"{delivery.agency_id}/"
        )
    return None


class _Loader:
    """Accumulates the outcome of every file of one load."""

    def __init__(self, raw_dir: Path, agencies: pl.DataFrame, known_accounts: frozenset[str]):
        self.raw_dir = raw_dir
        self.agencies = {row["agency_id"]: row for row in agencies.iter_rows(named=True)}
        self.known_accounts = known_accounts
        self.result = IngestResult()

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.raw_dir).as_posix()

    def _log(self, path: Path, status: str, *, delivery: Delivery | None = None,
             sheet: str | None = None, entity: str | None = None, rows_in: int = 0,
             rows_loaded: int = 0, rows_quarantined: int = 0, message: str | None = None,
             ) -> None:
        is_file = path.is_file()
        self.result.file_log.append({
            "source_file": self._relative(path),
            "source_sheet": sheet,
            "fiscal_year": delivery.fiscal_year if delivery else None,
            "agency_id": delivery.agency_id if delivery else None,
            "entity": entity,
            "status": status,
            "rows_in": rows_in,
            "rows_loaded": rows_loaded,
            "rows_quarantined": rows_quarantined,
            "message": message,
            "sha256": _sha256(path) if is_file else None,
            "size_bytes": path.stat().st_size if is_file else None,
        })

    def _quarantine(self, path: Path, sheet: str | None, delivery: Delivery | None,
                    entity: str | None, problems: pl.DataFrame) -> None:
        self.result.quarantine.append(
            problems.with_columns(
                source_file=pl.lit(self._relative(path)),
                source_sheet=pl.lit(sheet, pl.String),
                fiscal_year=pl.lit(delivery.fiscal_year if delivery else None, pl.Int16),
                agency_id=pl.lit(delivery.agency_id if delivery else None, pl.String),
                entity=pl.lit(entity, pl.String),
            ).select(list(QUARANTINE_SCHEMA)).cast(QUARANTINE_SCHEMA)
        )

    def _read(self, path: Path, sheet: str | None) -> pl.DataFrame:
        return read_csv_table(path) if sheet is None else read_xlsx_sheet(path, sheet)

    def reject(self, path: Path, reason: str, delivery: Delivery | None = None,
               sheet: str | None = None, entity: str | None = None) -> None:
        """Reject a whole file or sheet: quarantine its rows if they can be read."""
        frame = None
        if path.suffix.lower() in DATA_SUFFIXES:
            try:
                sheets = [sheet] if sheet or path.suffix.lower() == ".csv" else list_sheets(path)
                for one_sheet in sheets:
                    frame = self._read(path, one_sheet)
                    self._reject_rows(path, one_sheet, delivery, entity, frame, reason)
            except UnreadableFileError as exc:
                frame = None
                reason = f"{reason}; {exc}"
        if frame is None:
            self._quarantine(path, sheet, delivery, entity, pl.DataFrame(
                {"source_row": [None], "column": [None], "value": [None],
                 "reason": [reason], "raw_record": [None]},
                schema=PROBLEM_SCHEMA | {"raw_record": pl.String},
            ))
            self._log(path, "rejected", delivery=delivery, sheet=sheet, entity=entity,
                      message=reason)

    def _reject_rows(self, path: Path, sheet: str | None, delivery: Delivery | None,
                     entity: str | None, frame: pl.DataFrame, reason: str) -> None:
        problems = frame.select(SOURCE_ROW).with_columns(
            column=pl.lit(None, pl.String),
            value=pl.lit(None, pl.String),
            reason=pl.lit(f"file rejected: {reason}"),
            raw_record=_raw_records(frame),
        )
        self._quarantine(path, sheet, delivery, entity, problems)
        self._log(path, "rejected", delivery=delivery, sheet=sheet, entity=entity,
                  rows_in=frame.height, rows_quarantined=frame.height, message=reason)

    def table(self, path: Path, sheet: str | None, entity: Entity, delivery: Delivery) -> None:
        """Read, check and type one table; record loaded rows and problems."""
        try:
            frame = self._read(path, sheet)
        except UnreadableFileError as exc:
            self.reject(path, str(exc), delivery, sheet, entity.name)
            return
        frame, error = match_headers(frame, entity)
        error = error or _folder_mismatch(frame, delivery)
        if error:
            self._reject_rows(path, sheet, delivery, entity.name, frame, error)
            return
        typed = type_table(frame, entity, self.known_accounts)
        records = frame.select(SOURCE_ROW).with_columns(raw_record=_raw_records(frame))
        problems = typed.problems.join(records, on=SOURCE_ROW, how="left")
        self._quarantine(path, sheet, delivery, entity.name, problems)
        loaded = typed.loaded.with_columns(
            source_file=pl.lit(self._relative(path)),
            source_sheet=pl.lit(sheet, pl.String),
        )
        lineage = ["source_file", "source_sheet", SOURCE_ROW]
        self.result.tables[entity.name].append(
            loaded.select(*lineage, pl.exclude(lineage))
        )
        bad_rows = problems.get_column(SOURCE_ROW).n_unique() if problems.height else 0
        self._log(
            path, "loaded" if bad_rows == 0 else "partially_loaded", delivery=delivery,
            sheet=sheet, entity=entity.name, rows_in=typed.rows_in,
            rows_loaded=loaded.height, rows_quarantined=bad_rows,
            message=None if bad_rows == 0 else f"{bad_rows} rows quarantined",
        )

    def delivery(self, delivery: Delivery) -> None:
        """Load the files of one agency-year, after the checks that apply to all of them."""
        files = sorted(p for p in delivery.folder.iterdir() if p.is_file())
        data = [p for p in files if p.suffix.lower() in DATA_SUFFIXES]
        for path in files:
            if path.suffix.lower() in NOTE_SUFFIXES:
                self._log(path, "note", delivery=delivery, message="notes, not data")
            elif path.suffix.lower() not in DATA_SUFFIXES:
                self.reject(path, f"not a CSV or XLSX file ({path.suffix or 'no extension'})",
                            delivery)
        problem = self._delivery_problem(delivery, data)
        if problem:
            for path in data:
                self.reject(path, problem, delivery)
            return
        delivered: set[str] = set()
        for path in data:
            if path.suffix.lower() == ".csv":
                entity = ENTITIES_BY_SHEET.get(path.stem.lower())
                if entity is None:
                    self.reject(path, f"unknown table {path.name}; expected one of "
                                f"{[e.sheet + '.csv' for e in ENTITIES]}", delivery)
                    continue
                delivered.add(entity.name)
                self.table(path, None, entity, delivery)
                continue
            try:
                sheets = list_sheets(path)
            except UnreadableFileError as exc:
                self.reject(path, str(exc), delivery)
                continue
            for sheet in sheets:
                entity = ENTITIES_BY_SHEET.get(sheet.strip().lower())
                if entity is None:
                    self.reject(path, f"unknown sheet {sheet!r}; expected "
                                f"{[e.sheet for e in ENTITIES]}", delivery, sheet)
                    continue
                delivered.add(entity.name)
                self.table(path, sheet, entity, delivery)
        for entity in ENTITIES:
            if entity.required and entity.name not in delivered:
                self._log(delivery.folder, "missing", delivery=delivery, entity=entity.name,
                          message=f"{delivery.fiscal_year}/{delivery.agency_id} delivered no "
                          f"'{entity.sheet}' table")

    def _delivery_problem(self, delivery: Delivery, data: list[Path]) -> str | None:
        agency = self.agencies.get(delivery.agency_id)
        if agency is None:
            return f"unknown agency {delivery.agency_id!r}: not in raw/reference/agencies*.csv"
        first, last = agency["first_year"], agency["last_year"]
        if delivery.fiscal_year < first or (last is not None and delivery.fiscal_year > last):
            successor = agency["successor_agency_id"]
            hint = f"; from {last + 1} it reports as {successor!r}" if successor else ""
            return (f"agency {delivery.agency_id!r} existed {first}-{last or 'now'}, not in "
                    f"{delivery.fiscal_year}{hint}")
        kinds = {p.suffix.lower() for p in data}
        workbooks = [p for p in data if p.suffix.lower() == ".xlsx"]
        if len(kinds) > 1 or len(workbooks) > 1:
            return (f"{delivery.fiscal_year}/{delivery.agency_id} is delivered twice: "
                    f"{[p.name for p in data]}; deliver either CSV files or one workbook")
        return None


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
            deliveries.append(Delivery(int(year_dir.name), agency_dir.name, agency_dir))
    return deliveries


def ingest_raw_tree(
    raw_dir: Path, agencies: pl.DataFrame, known_accounts: frozenset[str]
) -> dict[str, pl.DataFrame]:
    """Load every delivery under ``raw_dir``; return one frame per warehouse table."""
    loader = _Loader(raw_dir, agencies, known_accounts)
    for delivery in discover(raw_dir, loader):
        loader.delivery(delivery)
    return loader.result.frames()
