"""The flat CSV of the finance system: one row per SKPD × code, one month a file."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.lib.finance.export import (
    FLAT,
    FLAT_HEADERS,
    MONTHS,
    ROW_SCHEMA,
    Export,
    month_end,
    not_a_shape,
)
from pipelines.lib.readers import UnreadableFileError, read_csv_table


def read_flat_csv(path: Path) -> Export:
    """One row per SKPD × code; ``kode_sub_kegiatan`` set on account rows (the sub
    kegiatan the account is spent under), ``bulan`` the month realisation runs to."""
    try:
        frame = read_csv_table(path)
    except UnreadableFileError as exc:
        raise not_a_shape(path, []) from exc
    headers = [c for c in frame.columns if not c.startswith("_") and c != "source_row"]
    normalised = [h.strip().lower() for h in headers]
    if normalised != list(FLAT_HEADERS):
        raise not_a_shape(path, headers)
    frame = frame.rename(dict(zip(headers, FLAT_HEADERS, strict=True)))
    months = frame.get_column("bulan").drop_nulls().unique().to_list()
    years = frame.get_column("tahun").drop_nulls().unique().to_list()
    period_end = None
    if len(months) == 1 and len(years) == 1:
        month = months[0].strip().lower()
        number = int(month) if month.isdigit() else MONTHS.get(month)
        if number and 1 <= number <= 12 and years[0].strip().isdigit():
            period_end = month_end(int(years[0]), number)
    cut = pl.col("_row_error") if "_row_error" in frame.columns else pl.lit(None, pl.String)
    rows = frame.select(
        source_sheet=pl.lit(None, pl.String),
        source_row="source_row",
        unit_code="kode_skpd",
        unit_name="nama_skpd",
        code_column=pl.when(pl.col("kode_sub_kegiatan").is_not_null())
        .then(pl.lit("account"))
        .when(pl.col("kode").is_not_null())
        .then(pl.lit("budget")),
        code="kode",
        name="uraian",
        sub_activity="kode_sub_kegiatan",
        budget="anggaran",
        realized="realisasi",
        budget_column=pl.lit("anggaran"),
        realized_column=pl.lit("realisasi"),
        row_error=pl.when(pl.lit(len(months) > 1))
        .then(pl.format("bulan {} in a file of several months: one snapshot a file", "bulan"))
        .otherwise(cut),
        raw_line=pl.col("_raw_line") if "_raw_line" in frame.columns else pl.lit(None, pl.String),
        printed_year="tahun",
    )
    return Export(FLAT.format(",".join(FLAT_HEADERS)), period_end, rows.cast(ROW_SCHEMA))
