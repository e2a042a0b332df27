"""Delivered column headers matched to the contract's: normalised, renamed, completed."""

from __future__ import annotations

import difflib

import polars as pl

from pipelines.lib.contract import Entity
from pipelines.lib.readers import NUMERIC_CELLS, SOURCE_ROW


def normalise_header(header: str) -> str:
    """``Realisasi Keuangan `` → ``realisasi_keuangan``."""
    return "_".join(header.strip().lower().replace("-", " ").split())


def close_headers(unknown: list[str], known: tuple[str, ...]) -> dict[str, str]:
    """The template header each unknown one is most likely a misspelling of
    (``realisasi_keuangn`` → ``realisasi_keuangan``)."""
    found = {}
    for header in unknown:
        match = difflib.get_close_matches(header, known, n=1, cutoff=0.75)
        if match:
            found[header] = match[0]
    return found


def rename_headers(frame: pl.DataFrame, entity: Entity) -> tuple[pl.DataFrame, str | None]:
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
            meant = close_headers(unknown, entity.headers)
            hint = ", ".join(f"{wrong!r} → {right!r}" for wrong, right in meant.items())
            parts.append(
                f"unknown columns {unknown}" + (f" (did you mean {hint}?)" if hint else "")
            )
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
