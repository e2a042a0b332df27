"""Writing a draft delivery to disk, and accepting a reviewed one into raw/.

A draft folder holds the contract's CSV files the document filled, ``review.csv``
(one line per value, and the unplaced figures) and ``draft.json`` (what was read,
from which file, for whom). Ingest never reads raw/draft/; accepting moves the CSV
files into ``raw/<tahun>/<kode_opd>/`` and leaves the review behind as the record
of how the delivery was made.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from pipelines.lib.contract import ENTITIES_BY_SHEET
from pipelines.lib.documents.extract import REVIEW_HEADERS, Draft

MANIFEST = "draft.json"
REVIEW = "review.csv"


class AcceptError(Exception):
    """A draft that cannot be accepted; the message says why."""


def write_draft(draft: Draft, out_dir: Path, source: Path) -> list[Path]:
    """Write the draft's files (replacing an earlier draft of the folder)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.csv"):
        old.unlink()
    written = []
    for sheet, rows in draft.sheets.items():
        path = out_dir / f"{sheet}.csv"
        headers = ENTITIES_BY_SHEET[sheet].headers
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows([row[h] for h in headers] for row in rows)
        written.append(path)
    # with a BOM: Excel, where the clerk reviews it, then reads it as UTF-8
    with (out_dir / REVIEW).open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(REVIEW_HEADERS)
        writer.writerows(line.as_row() for line in draft.review)
    manifest = {
        "tahun": draft.year,
        "kode_opd": draft.agency,
        "dokumen": source.name,
        "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "dibuat": datetime.now(UTC).isoformat(timespec="seconds"),
        "berkas": sorted(p.name for p in written),
        "nilai": sum(1 for line in draft.review if line.file),
        "perlu_cek": draft.needs_check,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return written


def accept(draft_dir: Path, raw_dir: Path) -> Path:
    """Move a reviewed draft's CSV files into raw/<tahun>/<kode_opd>/; refuse when that
    folder already holds a delivery (replacing one is a decision made by hand)."""
    manifest_path = draft_dir / MANIFEST
    if not manifest_path.is_file():
        raise AcceptError(f"{draft_dir}: no {MANIFEST}; not a folder kinerja extract wrote")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    files = [draft_dir / name for name in manifest["berkas"] if (draft_dir / name).is_file()]
    unknown = sorted(p.name for p in draft_dir.glob("*.csv") if p.name != REVIEW and p not in files)
    if unknown:
        raise AcceptError(f"{draft_dir}: {', '.join(unknown)} not written by the extractor")
    if not files:
        raise AcceptError(f"{draft_dir}: no delivery files left to accept")
    target = raw_dir / str(manifest["tahun"]) / manifest["kode_opd"]
    if target.exists() and any(target.iterdir()):
        raise AcceptError(
            f"{target} already holds a delivery; move it away first if the draft replaces it"
        )
    target.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.move(str(path), target / path.name)
    note = (
        f"# Drafted from {manifest['dokumen']}\n\n"
        f"Read by `kinerja extract` on {manifest['dibuat']} (sha256 {manifest['sha256']}), "
        f"{manifest['nilai']} values, {manifest['perlu_cek']} flagged for review; accepted "
        f"on {datetime.now(UTC).isoformat(timespec='seconds')}. The review is kept in "
        f"{draft_dir / REVIEW}.\n"
    )
    (target / "README.md").write_text(note, encoding="utf-8")
    manifest["diterima"] = str(target)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return target
