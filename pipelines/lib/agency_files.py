"""The tables of one file in an agency's folder, known by file or sheet name.

Reading only: each file gives what to stage and what to reject or note, and
:class:`pipelines.lib.ingest.Loader` writes them to the file log.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.lib.contract import ENTITIES, ENTITIES_BY_SHEET, Entity
from pipelines.lib.readers import UnreadableFileError, read_csv_table
from pipelines.lib.template import TEMPLATE_SHEETS
from pipelines.lib.workbooks import EmptySheetError, read_workbook, sheet_rows

# sheets a clerk adds for remarks: logged as notes, not read as tables
NOTE_SHEETS = ("catatan", "keterangan", "notes", "note")


@dataclass(frozen=True)
class Table:
    """A table to stage: a CSV file (``sheet`` None) or a workbook sheet."""

    sheet: str | None
    entity: Entity
    frame: pl.DataFrame


@dataclass(frozen=True)
class Refused:
    """A file or sheet not used; ``frames`` its rows per sheet to quarantine, or None
    when they are still to be read (:func:`readable_frames`)."""

    reason: str
    sheet: str | None = None
    entity: str | None = None
    frames: dict[str | None, pl.DataFrame] | None = None


@dataclass(frozen=True)
class Noted:
    """A sheet that holds no data for the warehouse: remarks, or nothing."""

    sheet: str
    message: str


def file_tables(path: Path) -> Iterator[Table | Refused | Noted]:
    """What each table of the CSV or workbook at ``path`` becomes."""
    expected = [e.sheet for e in ENTITIES]
    if path.suffix.lower() == ".csv":
        entity = ENTITIES_BY_SHEET.get(path.stem.lower())
        if entity is None:
            csv_names = [name + ".csv" for name in expected]
            yield Refused(f"unknown table {path.name}; expected one of {csv_names}")
            return
        try:
            yield Table(None, entity, read_csv_table(path))
        except UnreadableFileError as exc:
            yield Refused(str(exc), entity=entity.name)
        return
    try:
        sheets = read_workbook(path)
    except UnreadableFileError as exc:
        yield Refused(str(exc))
        return
    for sheet, frame in sheets.items():
        name = sheet.strip().lower()
        entity = ENTITIES_BY_SHEET.get(name)
        if name in TEMPLATE_SHEETS:
            continue
        if name in NOTE_SHEETS:
            yield Noted(sheet, "notes, not data")
        elif isinstance(frame, EmptySheetError) and entity is None:
            yield Noted(sheet, "empty sheet")
        elif isinstance(frame, Exception):  # this sheet only: the others are read
            rows = sheet_rows(path, sheet)  # quarantined and counted, not lost
            frames = {sheet: rows} if rows.height else {}
            yield Refused(str(frame), sheet, entity.name if entity else None, frames)
        elif entity is None:
            yield Refused(
                f"unknown sheet {sheet!r}; expected {expected}", sheet, None, {sheet: frame}
            )
        else:
            yield Table(sheet, entity, frame)


def readable_frames(path: Path) -> tuple[dict[str | None, pl.DataFrame], str | None]:
    """The rows of a file that is rejected as a whole, per sheet, so they can be
    quarantined; or the reason they cannot be read."""
    try:
        if path.suffix.lower() == ".csv":
            return {None: read_csv_table(path)}, None
        if path.suffix.lower() == ".xlsx":
            sheets = read_workbook(path).items()
            return {
                name: frame
                for name, frame in sheets
                if not isinstance(frame, Exception) and name not in TEMPLATE_SHEETS
            }, None
    except UnreadableFileError as exc:
        return {}, str(exc)
    return {}, None
