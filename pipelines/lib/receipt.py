"""A delivery checked on its own, before it reaches raw/: what would load, what would
not and why, said in Indonesian for the sender (``kinerja check``, ``kinerja extract``).

The delivery's files are copied into a scratch raw/ tree beside the agency list and read
by the ingest exactly as a refresh reads them (typing, number convention, the contract
across rows, the agency list); nothing of raw/ or the warehouse is touched.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.lib.contract import FINANCE_FOLDER
from pipelines.lib.ingest import ingest_raw_tree
from pipelines.lib.office.formats import STATUS_WORDS
from pipelines.lib.quality.indonesian import TABLES
from pipelines.lib.quality.ingest_causes import cause_and_fix
from pipelines.lib.reference import read_agencies


@dataclass(frozen=True)
class Receipt:
    """The outcome of checking one delivery."""

    delivery: str  # 2022/muba-kesbangpol or 2022/keuangan/lra.xlsx
    files: pl.DataFrame  # the file log: one row per file or sheet
    problems: pl.DataFrame  # rows held back and cells emptied, with cause and fix

    @property
    def rows_held_back(self) -> int:
        return int(self.files["rows_quarantined"].fill_null(0).sum())

    @property
    def passes(self) -> bool:
        """True when every row would load and no file is refused."""
        refused = self.files.filter(pl.col("status") == "rejected").height
        return self.rows_held_back == 0 and refused == 0


def check_delivery(
    files: list[Path], fiscal_year: int, folder: str, reference_dir: Path, known_accounts
) -> Receipt:
    """Read ``files`` as the delivery ``<fiscal_year>/<folder>`` (an agency's kode_opd, or
    ``keuangan`` for finance exports) against the agency list of ``reference_dir``."""
    with tempfile.TemporaryDirectory(prefix="kinerja-check-") as scratch:
        raw = Path(scratch) / "raw"
        shutil.copytree(reference_dir, raw / "reference")
        target = raw / str(fiscal_year) / folder
        target.mkdir(parents=True)
        for path in files:
            shutil.copyfile(path, target / path.name)  # a copy: the sender's file stays
        frames = ingest_raw_tree(raw, read_agencies(raw / "reference"), known_accounts)
    key = f"{fiscal_year}/{folder}"
    log = frames["ingest_files"].filter(
        pl.col("source_file").str.starts_with(key + "/") | (pl.col("delivery_key") == key)
    )
    return Receipt(key, log, _problems(frames))


def _problems(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    held = frames["quarantine"].select(
        "source_file", "source_sheet", "source_row", "column", "value", "reason",
        kind=pl.lit("tidak dimuat"),
    )  # fmt: skip
    emptied = frames["nulled_cells"].select(
        "source_file", "source_sheet", "source_row", "column", "value", "reason",
        kind=pl.lit("dikosongkan"),
    )  # fmt: skip
    # one line per cause in a file: a rejected file's rows are one problem, not 51
    problems = (
        pl.concat([held, emptied])
        .group_by("source_file", "source_sheet", "column", "reason", "kind", maintain_order=True)
        .agg(
            first_row=pl.col("source_row").min(),
            last_row=pl.col("source_row").max(),
            rows=pl.len(),
            value=pl.col("value").first(),
        )
        .sort("source_file", "first_row", nulls_last=True)
    )
    said = [cause_and_fix(reason or "") for reason in problems["reason"]]
    return problems.with_columns(
        cause=pl.Series([c for c, _ in said], dtype=pl.String),
        fix=pl.Series([f for _, f in said], dtype=pl.String),
    )


def receipt_text(receipt: Receipt, limit: int = 200) -> str:
    """The receipt as lines a clerk reads: files and counts, then each problem with
    file, sheet, row, column, value, the cause and the fix."""
    lines = [f"Tanda terima pemeriksaan {receipt.delivery}"]
    for row in receipt.files.sort("source_file").iter_rows(named=True):
        name = row["source_file"] + (
            f" lembar {row['source_sheet']}" if row["source_sheet"] else ""
        )
        table = TABLES.get(row.get("entity") or "", row.get("entity") or "")
        status = STATUS_WORDS.get(row["status"], row["status"])
        counts = (
            f"{row['rows_in'] or 0} baris, {row['rows_loaded'] or 0} dimuat, "
            f"{row['rows_quarantined'] or 0} tidak dimuat"
        )
        lines.append(f"  {name} ({table or 'berkas'}): {status}; {counts}")
    problems = receipt.problems
    if problems.height:
        lines.append(f"Perlu diperbaiki ({problems.height}):")
    for row in problems.head(limit).iter_rows(named=True):
        where = row["source_file"] or ""
        where += f" lembar {row['source_sheet']}" if row["source_sheet"] else ""
        if row["rows"] > 1:
            where += f" baris {row['first_row']}-{row['last_row']} ({row['rows']} baris)"
        elif row["first_row"]:
            where += f" baris {row['first_row']}"
        where += f" kolom {row['column']}" if row["column"] else ""
        value = f" '{row['value']}'" if row["value"] and row["rows"] == 1 else ""
        lines.append(f"  {where}{value} ({row['kind']}): {row['cause']}. {row['fix']}")
    if problems.height > limit:
        lines.append(f"  … dan {problems.height - limit} lagi")
    held = receipt.rows_held_back
    lines.append(
        "Hasil: semua baris dapat dimuat."
        if receipt.passes
        else f"Hasil: {held} baris tidak akan dimuat; perbaiki, lalu serahkan lagi."
    )
    return "\n".join(lines)


def delivery_of(path: Path) -> tuple[int | None, str | None]:
    """The fiscal year and folder a path names as ``…/<tahun>/<kode_opd or keuangan>/…``."""
    parts = path.resolve().parts
    for index in range(len(parts) - 1, 0, -1):
        if parts[index - 1].isdigit() and len(parts[index - 1]) == 4:
            folder = parts[index]
            if folder == FINANCE_FOLDER or path.is_dir() or index < len(parts) - 1:
                return int(parts[index - 1]), folder
    return None, None
