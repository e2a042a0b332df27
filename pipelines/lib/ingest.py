"""Stage every delivered table and type it: raw/ → one frame per warehouse table.

Nothing is lost: each data row of each file ends up in exactly one of the loaded
tables or in the quarantine (:mod:`pipelines.lib.file_log`). Which folders are
deliveries and which may be read is :mod:`pipelines.lib.deliveries`; reading a file
as text is :mod:`pipelines.lib.readers`; typing cells is :mod:`pipelines.lib.cleaning`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from pipelines.lib import conventions
from pipelines.lib.agency_files import Noted, Table, file_tables, readable_frames
from pipelines.lib.contract import (
    ENTITIES,
    Entity,
)
from pipelines.lib.conventions import ENGLISH_NOTE
from pipelines.lib.deliveries import (
    DATA_SUFFIXES,
    NOTE_SUFFIXES,
    Delivery,
    delivery_problem,
    discover,
    folder_mismatches,
    refusal,
)
from pipelines.lib.file_log import FileLog, raw_records
from pipelines.lib.finance.intake import FINANCE_SUBTOTALS, FinanceIntake
from pipelines.lib.headers import complete_columns, rename_headers
from pipelines.lib.raw_tables import empty_table
from pipelines.lib.readers import (
    FILE_NOTE,
    RAW_LINE,
    ROW_ERROR,
    SOURCE_ROW,
)
from pipelines.lib.template import without_template_rows
from pipelines.lib.typed_batch import type_batch

ROW_ID = "_row_id"
TEMPLATE_NOTE = "template: {} example or prefilled row(s) without data, not read"
LINEAGE_SCHEMA = {
    "delivery_key": pl.String,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "delivery_year": pl.Int16,
    "delivery_agency_id": pl.String,
    "delivery_is_bulk": pl.Boolean,
    "source_kind": pl.String,
    "reported_through": pl.Date,
}
AGENCY_REPORT, FINANCE_EXPORT = "agency_report", "finance_export"


class Loader:
    """Stages the tables of a batch of deliveries, then types each table in one go."""

    def __init__(
        self,
        raw_dir: Path,
        agencies: pl.DataFrame,
        known_accounts: frozenset[str],
        ingested_at: dt.datetime,
    ):
        self.file_log = FileLog(raw_dir, ingested_at)
        self.agencies = {row["agency_id"]: row for row in agencies.iter_rows(named=True)}
        self.agency_list = agencies
        self.agency_table = agencies.select("agency_id", "first_year", "last_year")
        self.known_accounts = known_accounts
        self.staged: dict[str, list[pl.DataFrame]] = {e.name: [] for e in ENTITIES}
        # (file, sheet, delivery) of each staged frame
        self.staged_from: dict[str, list[tuple[str, str | None, Delivery]]] = {
            e.name: [] for e in ENTITIES
        }
        self.next_row_id = 0  # a row's key while its table is typed
        self.finance = FinanceIntake(self)

    def reject(
        self,
        path: Path,
        reason: str,
        delivery: Delivery | None = None,
        sheet: str | None = None,
        entity: str | None = None,
        frames: dict[str | None, pl.DataFrame] | None = None,
    ) -> None:
        """Reject a whole file or sheet; quarantine its rows (``frames``, else those that
        can be read, never those of a link outside raw/)."""
        if refusal(path, self.file_log.raw_dir):  # never read: a link out, to nothing
            frames = {}
        elif frames is None:
            frames, unreadable = readable_frames(path)
            if unreadable and unreadable != reason:
                reason = f"{reason}; {unreadable}"
        self.file_log.reject(path, reason, delivery, sheet, entity, frames)

    def stage(
        self,
        path: Path,
        sheet: str | None,
        entity: Entity,
        delivery: Delivery,
        frame: pl.DataFrame,
        quarantined: int = 0,
    ) -> None:
        """Check one table's columns, then keep its rows for typing. Lineage is added in
        :meth:`finish` for all files of a table at once (a regency has ~1 500 files).
        ``quarantined``: rows of the table already quarantined by the caller."""
        note = (
            frame.get_column(FILE_NOTE)[0] if FILE_NOTE in frame.columns and frame.height else None
        )
        if sheet is not None:  # a template's example row and its prefilled, unused rows
            frame, unused = without_template_rows(frame)
            if unused:
                note = "; ".join(filter(None, [note, TEMPLATE_NOTE.format(unused)]))
        rows_in = frame.height + quarantined
        if ROW_ERROR in frame.columns:  # rows not readable as cells: quarantined alone
            unreadable = pl.col(ROW_ERROR).is_not_null()
            bad = frame.filter(unreadable).select(SOURCE_ROW, reason=ROW_ERROR, raw_record=RAW_LINE)
            self.file_log.quarantine_unreadable_rows(path, sheet, delivery, entity.name, bad)
            frame = frame.filter(~unreadable)
        frame = frame.drop(ROW_ERROR, RAW_LINE, FILE_NOTE, strict=False)
        frame, error = rename_headers(frame, entity)
        if error:
            self.reject(path, error, delivery, sheet, entity.name, {sheet: frame})
            return
        frame, english = self._in_one_convention(path, sheet, entity, delivery, frame)
        note = "; ".join(filter(None, [note, english and ENGLISH_NOTE]))
        self.staged[entity.name].append(frame)
        self.staged_from[entity.name].append((self.file_log.relative(path), sheet, delivery))
        self.file_log.log(
            path,
            "staged",
            delivery,
            sheet=sheet,
            entity=entity.name,
            rows_in=rows_in,
            message=note,
        )

    def _in_one_convention(
        self, path: Path, sheet: str | None, entity: Entity, delivery: Delivery, frame
    ) -> tuple[pl.DataFrame, bool]:
        """The table's numbers read in the file's convention; rows with a number of the
        other convention (or only ambiguous ones) are quarantined alone, naming the cell."""
        convention = conventions.detect(frame, entity)
        if convention.errors.height:
            bad = frame.join(convention.errors, on=SOURCE_ROW, how="semi")
            records = bad.select(SOURCE_ROW).with_columns(raw_record=raw_records(bad))
            self.file_log.quarantine_unreadable_rows(
                path,
                sheet,
                delivery,
                entity.name,
                convention.errors.join(records, on=SOURCE_ROW, how="left"),
            )
            frame = frame.join(convention.errors, on=SOURCE_ROW, how="anti")
        if convention.english:
            frame = conventions.as_indonesian(frame, entity)
        return frame, convention.english

    def delivery(self, delivery: Delivery, settle_seconds: float = 0.0) -> str | None:
        """Stage the files of one delivery, unless a file is younger than
        ``settle_seconds`` or changes while it is read (still being copied): then nothing
        of it is kept and the reason is returned, for the next run to read it whole."""
        before = delivery.file_states()
        newest = max((mtime for _, mtime in before.values()), default=0) / 1e9
        if time.time() - newest < settle_seconds:
            return f"a file changed {time.time() - newest:.0f} s ago: read once it settles"
        marks = (len(self.file_log.entries), len(self.file_log.quarantine))
        staged = {name: len(frames) for name, frames in self.staged.items()}
        self.stage_delivery(delivery)
        if delivery.file_states() == before:
            return None
        del self.file_log.entries[marks[0] :], self.file_log.quarantine[marks[1] :]
        for name, count in staged.items():
            del self.staged[name][count:], self.staged_from[name][count:]
        return "its files changed while they were read: read again next run"

    def stage_delivery(self, delivery: Delivery) -> None:
        if delivery.is_finance:
            self.finance.stage(delivery)
            return
        for path in delivery.subfolder_files():
            folder = path.relative_to(delivery.folder).parts[0]
            self.reject(
                path,
                f"in the subfolder {folder}/ of {delivery.key}: not read; "
                "move the files you mean into the delivery folder",
                delivery,
            )
        files = delivery.files()
        refused = {p: refusal(p, self.file_log.raw_dir) for p in files}
        for path, reason in refused.items():
            if reason:
                self.reject(path, reason, delivery)
        files = [p for p in files if not refused[p]]
        data = [p for p in files if p.suffix.lower() in DATA_SUFFIXES]
        for path in files:
            if path.suffix.lower() in NOTE_SUFFIXES:
                self.file_log.log(path, "note", delivery, message="notes, not data")
            elif path.suffix.lower() not in DATA_SUFFIXES:
                self.reject(
                    path, f"not a CSV or XLSX file ({path.suffix or 'no extension'})", delivery
                )
        problem = delivery_problem(delivery, data, self.agencies)
        if problem:
            for path in data:
                self.reject(path, problem, delivery)
            return
        logged_before = len(self.file_log.entries)
        for path in data:
            self._file(path, delivery)
        delivered = {entry["entity"] for entry in self.file_log.entries[logged_before:]}
        for entity in ENTITIES:
            if entity.required and entity.name not in delivered:
                self.file_log.log(
                    delivery.folder,
                    "missing",
                    delivery,
                    entity=entity.name,
                    message=f"{delivery.fiscal_year}/{delivery.agency_id} delivered no "
                    f"'{entity.sheet}' table",
                )

    def _file(self, path: Path, delivery: Delivery) -> None:
        for table in file_tables(path):
            if isinstance(table, Table):
                self.stage(path, table.sheet, table.entity, delivery, table.frame)
            elif isinstance(table, Noted):
                self.file_log.log(path, "note", delivery, sheet=table.sheet, message=table.message)
            else:
                self.reject(path, table.reason, delivery, table.sheet, table.entity, table.frames)

    def _staged_batch(self, entity: Entity) -> pl.DataFrame:
        """The staged files of ``entity`` in one frame, each row with its lineage."""
        frames = self.staged[entity.name]
        origins = self.staged_from[entity.name]
        lineage = pl.DataFrame(
            {
                "delivery_key": [d.key for _, _, d in origins],
                "source_file": [file for file, _, _ in origins],
                "source_sheet": [sheet for _, sheet, _ in origins],
                "delivery_year": [d.fiscal_year for _, _, d in origins],
                # a bulk extract's rows each name their agency (below; checked later)
                "delivery_agency_id": [d.agency_id for _, _, d in origins],
                "delivery_is_bulk": [d.is_bulk for _, _, d in origins],
                "source_kind": [
                    FINANCE_EXPORT if d.is_finance else AGENCY_REPORT for _, _, d in origins
                ],
                "reported_through": [self.finance.periods.get(d.key) for _, _, d in origins],
            },
            schema=LINEAGE_SCHEMA,
        )
        # lineage row i, once per row of staged file i (empty files give no row)
        heights = pl.Series([frame.height for frame in frames], dtype=pl.UInt32)
        rows = pl.select(
            pl.int_range(len(frames), dtype=pl.UInt32).repeat_by(heights).explode().drop_nulls()
        ).to_series()
        batch = complete_columns(pl.concat(frames, how="diagonal"), entity)
        first, self.next_row_id = self.next_row_id, self.next_row_id + batch.height
        row_ids = pl.int_range(first, self.next_row_id, dtype=pl.Int64).alias(ROW_ID)
        return pl.concat(
            [batch.with_columns(row_ids), lineage[rows]], how="horizontal"
        ).with_columns(
            delivery_agency_id=pl.when(pl.col("delivery_is_bulk"))
            .then(pl.col("kode_opd").str.strip_chars())
            .otherwise(pl.col("delivery_agency_id"))
        )

    def _drop_mismatched(self, batch: pl.DataFrame, entity: Entity) -> pl.DataFrame:
        """Reject whole files whose content names another year or agency than its folder."""
        mismatched = folder_mismatches(batch)
        if mismatched.is_empty():
            return batch
        keys = ["source_file", "source_sheet"]
        for file, sheet, reason in mismatched.iter_rows():
            rows = batch.filter(
                (pl.col("source_file") == file) & pl.col("source_sheet").eq_missing(sheet)
            )
            path = self.file_log.raw_dir / file
            delivery = Delivery(rows["delivery_year"][0], path.parent)
            self.file_log.quarantine_rows(
                path, sheet, delivery, entity.name, rows, f"file rejected: {reason}"
            )
            self.file_log.mark_rejected(file, sheet, reason)
        return batch.join(mismatched.select(keys), on=keys, how="anti", nulls_equal=True)

    def _type(self, entity: Entity) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Type the staged rows of ``entity``: its loaded table, and rows loaded per file.
        Rows of unknown agencies and rows that break a rule go to the quarantine."""
        batch = self._drop_mismatched(self._staged_batch(entity), entity)
        typed = type_batch(batch, entity, self.agency_table, self.known_accounts, ROW_ID)
        about = {"delivery_year": "fiscal_year", "delivery_agency_id": "agency_id"}
        if typed.problems.height:
            self.file_log.quarantine_problems(
                typed.problems.rename(about).with_columns(entity=pl.lit(entity.name))
            )
        if typed.nulled.height:
            self.file_log.null_cells(
                typed.nulled.rename(about).with_columns(entity=pl.lit(entity.name))
            )
        loaded = typed.loaded
        counts = (
            loaded.group_by("source_file", "source_sheet")
            .agg(loaded=pl.len())
            .with_columns(entity=pl.lit(entity.name))
        )
        return loaded, counts

    def finish(self) -> dict[str, pl.DataFrame]:
        """Type every staged table in one batch; return one frame per warehouse table."""
        out: dict[str, pl.DataFrame] = {}
        counts = []
        for entity in ENTITIES:
            if not self.staged[entity.name]:
                out[entity.name] = empty_table(entity)
                continue
            out[entity.name], loaded = self._type(entity)
            counts.append(loaded)
        out[FINANCE_SUBTOTALS] = subtotals = self.finance.subtotals_table()
        counts.append(
            subtotals.group_by("source_file", "source_sheet")
            .agg(loaded=pl.len())
            .with_columns(entity=pl.lit(FINANCE_SUBTOTALS))
        )
        quarantine = self.file_log.quarantine_table()
        out["quarantine"] = quarantine
        out["nulled_cells"] = nulled = self.file_log.nulled_table()
        out["ingest_files"] = self.file_log.table(counts, quarantine, nulled)
        return out


def failed_files(file_log: pl.DataFrame) -> list[dict]:
    """The file log's lines of files not (wholly) loaded: rejected, missing, partial."""
    return file_log.filter(~pl.col("status").is_in(["loaded", "note"])).to_dicts()


BATCH_BYTES = 64 * 2**20  # raw file bytes typed at once: bounds memory at national size


def ingest_batches(
    raw_dir: Path,
    agencies: pl.DataFrame,
    known_accounts: frozenset[str],
    only: set[str] | None = None,
    batch_bytes: int = BATCH_BYTES,
    settle_seconds: float = 0.0,
    deferred: dict[str, str] | None = None,
) -> Iterator[dict[str, pl.DataFrame]]:
    """Load the deliveries under ``raw_dir`` (all, or the keys in ``only``) in batches of
    whole deliveries of about ``batch_bytes`` of files each; yield one frame per
    warehouse table per batch. Files outside any delivery folder are always reported
    (in the first batch). Deliveries still being copied are left out, with the reason
    in ``deferred`` (see :meth:`Loader.delivery`)."""
    ingested_at = dt.datetime.now(dt.UTC)
    loader = Loader(raw_dir, agencies, known_accounts, ingested_at)
    deliveries, misplaced = discover(raw_dir)
    for path, reason in misplaced:
        loader.reject(path, reason)
    pending = 0
    for delivery in deliveries:
        if only is not None and delivery.key not in only:
            continue
        if pending >= batch_bytes:
            yield loader.finish()
            loader, pending = Loader(raw_dir, agencies, known_accounts, ingested_at), 0
        reason = loader.delivery(delivery, settle_seconds)
        if reason and deferred is not None:
            deferred[delivery.key] = reason
        pending += sum(p.lstat().st_size for p in delivery.files())
    yield loader.finish()


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
