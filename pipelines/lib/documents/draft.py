"""Writing a draft delivery to disk, and accepting a reviewed one into raw/.

A draft folder holds the contract's CSV files the document filled, ``review.csv``
and ``review.xlsx`` (one line per value, the ones to check first, and the unplaced
figures) and ``draft.json`` (what was read, from which file, for whom). Ingest never
reads raw/draft/; accepting moves the CSV files into ``raw/<tahun>/<kode_opd>/`` and
leaves the review behind as the record of how the delivery was made.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pipelines.lib.contract import DRAFT_FOLDER, ENTITIES_BY_SHEET
from pipelines.lib.deliveries import agency_year_problem
from pipelines.lib.documents.drafting import REVIEW_HEADERS, Draft
from pipelines.lib.safe_csv import write_csv

MANIFEST = "draft.json"
REVIEW = "review.csv"
REVIEW_WORKBOOK = "review.xlsx"


class AcceptError(Exception):
    """A draft that cannot be accepted; the message says why."""


class DraftError(Exception):
    """A draft that cannot be written where it was asked; the message says why."""


# the only names a draft folder may hold: the contract's sheets, the review, the manifest
DELIVERY_NAMES = frozenset(f"{sheet}.csv" for sheet in ENTITIES_BY_SHEET)
DRAFT_NAMES = DELIVERY_NAMES | {REVIEW, REVIEW_WORKBOOK, MANIFEST}
# a kode_opd as a folder name: what `kinerja agency add` accepts, nothing that climbs
SAFE_AGENCY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def check_out_dir(out_dir: Path, raw_dir: Path) -> Path:
    """The draft folder resolved (links followed); refused inside raw/ but outside
    raw/draft/, where it would sit among delivered files."""
    resolved = out_dir.resolve()
    raw = raw_dir.resolve()
    if resolved.is_relative_to(raw) and not resolved.is_relative_to(raw / DRAFT_FOLDER):
        raise DraftError(
            f"{out_dir} is inside {raw_dir} (resolved: {resolved}): a draft goes into "
            f"{raw_dir / DRAFT_FOLDER} or outside raw/; delivered files are only ever "
            "written by kinerja extract --accept"
        )
    return resolved


def _earlier_draft(folder: Path, sha: str) -> list[Path]:
    """The files of an earlier draft of the same document in ``folder`` (to replace);
    refused when the folder holds anything else."""
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise DraftError(f"{folder} is not a folder")
    present = sorted(folder.iterdir())
    if not present:
        return []
    try:
        manifest = _read_manifest(folder) if (folder / MANIFEST).is_file() else None
    except AcceptError as exc:  # a damaged draft.json: not ours to write over
        raise DraftError(f"{exc}: nothing was written; give --out a new folder") from exc
    foreign = [p.name for p in present if p.name not in DRAFT_NAMES or p.is_symlink()]
    if manifest is None or foreign:
        names = ", ".join((foreign or [p.name for p in present])[:5])
        raise DraftError(
            f"{folder} holds files not written by kinerja extract ({names}): nothing was "
            "written; give --out a new or empty folder"
        )
    if manifest.get("sha256") != sha:
        raise DraftError(
            f"{folder} holds the draft of another document ({manifest.get('dokumen')}): "
            "nothing was written; give --out a new or empty folder"
        )
    return [p for p in present if p.name in DRAFT_NAMES]


def _replace_file(folder: Path, name: str, write) -> Path:
    """Write ``name`` in ``folder`` through a new file renamed over it: a link of that
    name is replaced, never written through."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temporary))
        Path(temporary).replace(folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return folder / name


def write_review_workbook(path: Path, rows: list[list[str]]) -> None:
    """review.csv as a workbook a clerk reviews in Excel: Indonesian headers, the values
    to check first and coloured, page and printed text beside each value, filters."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("Periksa")
    header = book.add_format({"bold": True, "bg_color": "#f6f8fa", "text_wrap": True})
    check = book.add_format({"bg_color": "#fff2cc", "text_wrap": True, "valign": "top"})
    unplaced = book.add_format({"bg_color": "#ffc7ce", "text_wrap": True, "valign": "top"})
    plain = book.add_format({"text_wrap": True, "valign": "top"})
    widths = {"teks_tercetak": 48, "sumber": 30, "catatan": 48, "letak": 16}
    for column, name in enumerate(REVIEW_HEADERS):
        sheet.write_string(0, column, name, header)
        sheet.set_column(column, column, widths.get(name, 14))
    flagged = REVIEW_HEADERS.index("perlu_cek")
    for number, row in enumerate(rows, start=1):
        style = unplaced if not row[0] else check if row[flagged] else plain
        for column, value in enumerate(row):
            sheet.write_string(number, column, value or "", style)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(REVIEW_HEADERS) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    book.close()


def write_draft(draft: Draft, out_dir: Path, source: Path, raw_dir: Path) -> list[Path]:
    """Write the draft's files into ``out_dir``: a new or empty folder, or one holding
    an earlier draft of the same document (whose files alone are replaced)."""
    folder = check_out_dir(out_dir, raw_dir)
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    earlier = _earlier_draft(folder, sha)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet, rows in draft.sheets.items():
        headers = ENTITIES_BY_SHEET[sheet].headers
        lines = [[row[h] for h in headers] for row in rows]
        written.append(
            _replace_file(folder, f"{sheet}.csv", lambda p, h=headers, r=lines: write_csv(p, h, r))
        )
    # with a BOM: Excel, where the clerk reviews it, then reads it as UTF-8
    # the values to check first, then the rest in document order
    review = [line.as_row() for line in sorted(draft.review, key=lambda line: not line.check)]
    _replace_file(
        folder, REVIEW, lambda p: write_csv(p, REVIEW_HEADERS, review, encoding="utf-8-sig")
    )
    _replace_file(folder, REVIEW_WORKBOOK, lambda p: write_review_workbook(p, review))
    for stale in earlier:  # the earlier draft's sheets this document no longer fills
        if stale.name in DELIVERY_NAMES and stale not in written:
            stale.unlink()
    manifest = {
        "tahun": draft.year,
        "kode_opd": draft.agency,
        "dokumen": source.name,
        "sha256": sha,
        "dibuat": datetime.now(UTC).isoformat(timespec="seconds"),
        "berkas": sorted(p.name for p in written),
        "nilai": sum(1 for line in draft.review if line.file),
        "perlu_cek": draft.needs_check,
    }
    text = json.dumps(manifest, indent=2) + "\n"
    _replace_file(folder, MANIFEST, lambda p: p.write_text(text, encoding="utf-8"))
    return written


def _read_manifest(folder: Path) -> dict:
    """draft.json as a dict; AcceptError when it is not one (unreadable, not JSON)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AcceptError(f"{folder / MANIFEST} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict):
        raise AcceptError(f"{folder / MANIFEST} is not a kinerja extract manifest")
    return manifest


def _agency_year(
    manifest: dict, where: Path, agencies: dict[str, dict], latest_year: int
) -> tuple[int, dict]:
    """The draft's year and its agency's row of the list, checked: a year the agency
    existed in, an agency the list knows under a plain id."""
    year, agency_id = manifest.get("tahun"), manifest.get("kode_opd")
    if not isinstance(year, int) or isinstance(year, bool):
        raise AcceptError(f"{where}: tahun {year!r} is not a year")
    agency = agencies.get(agency_id) if isinstance(agency_id, str) else None
    if agency is None or not SAFE_AGENCY_ID.match(agency["agency_id"]):
        raise AcceptError(f"{where}: kode_opd {agency_id!r} is not in raw/reference/agencies*.csv")
    problem = agency_year_problem(agency, agency["agency_id"], year, latest_year)
    if problem:
        raise AcceptError(f"{where}: {problem}")
    return year, agency


def accept(draft_dir: Path, raw_dir: Path, agencies: dict[str, dict], latest_year: int) -> Path:
    """Move a reviewed draft's CSV files into raw/<tahun>/<kode_opd>/; refuse when that
    folder already holds a delivery (replacing one is a decision made by hand).

    The target is built from the agency list and a checked year, never from paths in
    ``draft.json``; the files moved are the contract's sheet files directly in the
    draft folder, nothing else. ``agencies``: agency_id → its row of the list."""
    folder = draft_dir.resolve()
    if not (folder / MANIFEST).is_file():
        raise AcceptError(f"{draft_dir}: no {MANIFEST}; not a folder kinerja extract wrote")
    if folder.is_relative_to(raw_dir.resolve()) and not folder.is_relative_to(
        (raw_dir / DRAFT_FOLDER).resolve()
    ):
        raise AcceptError(f"{draft_dir} is a delivery folder, not a draft")
    manifest = _read_manifest(folder)
    year, agency = _agency_year(manifest, draft_dir / MANIFEST, agencies, latest_year)
    named = manifest.get("berkas")
    if not isinstance(named, list) or any(
        not isinstance(n, str) or n not in DELIVERY_NAMES for n in named
    ):
        raise AcceptError(
            f"{draft_dir / MANIFEST}: berkas {named!r} names files kinerja extract never writes"
        )
    files = [folder / n for n in sorted(set(named)) if (folder / n).is_file()]
    links = [p.name for p in files if p.is_symlink()]
    # anything but the manifest, the review and the sheets it names
    kept = {*named, REVIEW, REVIEW_WORKBOOK, MANIFEST}
    unknown = sorted(p.name for p in folder.iterdir() if p.name not in kept)
    if links or unknown:
        names = ", ".join(links + unknown)
        raise AcceptError(f"{draft_dir}: {names} not written by the extractor")
    if not files:
        raise AcceptError(f"{draft_dir}: no delivery files left to accept")
    target = raw_dir / str(year) / agency["agency_id"]
    if target.is_symlink() or (target.exists() and any(target.iterdir())):
        raise AcceptError(
            f"{target} already holds a delivery; move it away first if the draft replaces it"
        )
    target.mkdir(parents=True, exist_ok=True)
    for path in files:  # the draft's own files (another file system: copied, removed)
        shutil.move(path, target / path.name)
    note = (
        f"# Drafted from {manifest.get('dokumen')}\n\n"
        f"Read by `kinerja extract` on {manifest.get('dibuat')} (sha256 {manifest.get('sha256')}), "
        f"{manifest.get('nilai')} values, {manifest.get('perlu_cek')} flagged for review; accepted "
        f"on {datetime.now(UTC).isoformat(timespec='seconds')}. The review is kept in "
        f"{folder / REVIEW}.\n"
    )
    (target / "README.md").write_text(note, encoding="utf-8")
    manifest["diterima"] = str(target)
    text = json.dumps(manifest, indent=2) + "\n"
    _replace_file(folder, MANIFEST, lambda p: p.write_text(text, encoding="utf-8"))
    return target
