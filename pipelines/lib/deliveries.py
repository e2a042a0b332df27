"""Deliveries: the folders ``raw/<fiscal_year>/<folder>/`` and the rules they obey.

A delivery is the files one agency delivered for one fiscal year, or a bulk extract
(``bulk-<name>``) holding many agencies' rows. These rules decide which files are
deliveries at all, whether a delivery may be read, and which of its rows belong to
another folder or to an agency that did not exist that year.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.lib.contract import BULK_FOLDER_PREFIX, DRAFT_FOLDER, FINANCE_FOLDER

NOTE_SUFFIXES = (".txt", ".md")
DATA_SUFFIXES = (".csv", ".xlsx")
MISPLACED = "files belong in raw/<fiscal_year>/<agency>/"
# not deliveries (yet): Office lock files, partial downloads and copies, hidden files;
# the sensor and the ingest both pass them by
IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".swp")


def is_ignored(path: Path) -> bool:
    """Temporary or hidden files and folders that are not (yet) deliveries."""
    name = path.name
    return name.startswith((".", "~$")) or name.lower().endswith(IGNORED_SUFFIXES)


LINK_OUTSIDE = "a link to {target}, outside raw/: refused, its content is not read"


def outside(path: Path, raw_dir: Path) -> bool:
    """Whether ``path`` (a link, or a path through one) resolves outside ``raw_dir``."""
    return not path.resolve().is_relative_to(raw_dir.resolve())


def link_refusal(path: Path) -> str:
    return LINK_OUTSIDE.format(target=path.resolve())


def refusal(path: Path, raw_dir: Path, *, folder: bool = False) -> str | None:
    """Why ``path`` (a delivered file, or with ``folder`` a delivery folder) is not
    read: a link outside raw/, a link to nothing, a file that is a folder (or the other
    way round), one this process may not read. None when it can be read."""
    if outside(path, raw_dir):
        return link_refusal(path)
    if path.is_symlink() and not path.exists():
        return f"a link to {path.readlink()}, which does not exist: refused"
    if folder != path.is_dir():
        what = "a folder" if path.is_dir() else "a file"
        if path.is_symlink():
            what = f"a link to {what} ({path.readlink()})"
        return f"{what} where a {'folder' if folder else 'file'} belongs: not read"
    if not os.access(path, os.R_OK | (os.X_OK if folder else 0)):
        return "cannot be read (no permission): not read; let the office's account read it"
    return None


@dataclass(frozen=True)
class Delivery:
    """One delivery folder ``raw/<year>/<folder>/``, or one finance export
    ``raw/<year>/keuangan/<file>`` (each export is read, replaced and withdrawn alone)."""

    fiscal_year: int
    folder: Path
    export: Path | None = None

    @property
    def key(self) -> str:
        """``2022/muba-kesbangpol`` or ``2022/keuangan/lra-2022.xlsx``: the unit of
        incremental ingestion."""
        if self.export is not None:
            return f"{self.fiscal_year}/{self.folder.name}/{self.export.name}"
        return f"{self.fiscal_year}/{self.folder.name}"

    @property
    def is_finance(self) -> bool:
        return self.export is not None

    @property
    def is_bulk(self) -> bool:
        """Whether its rows name their agency (a bulk extract or a finance export)."""
        return self.is_finance or self.folder.name.startswith(BULK_FOLDER_PREFIX)

    @property
    def agency_id(self) -> str | None:
        """The agency of a per-agency folder; None for a bulk extract (rows name theirs)."""
        return None if self.is_bulk else self.folder.name

    def files(self) -> list[Path]:
        """Its files, not the ignored ones; a link is listed (and refused by the ingest)."""
        if self.export is not None:
            return [self.export]
        return sorted(
            p
            for p in self.folder.iterdir()
            if not is_ignored(p) and (p.is_file() or p.is_symlink())
        )

    def all_files(self) -> list[Path]:
        """Its files and those of its subfolders: everything delivered in the folder."""
        return [*self.files(), *self.subfolder_files()]

    def file_states(self) -> dict[Path, tuple[int, int]]:
        """(size, modification time in ns) of every file: compared before and after a
        read, to tell a delivery still being copied."""
        states = {}
        for path in self.all_files():
            stat = path.lstat()
            states[path] = (stat.st_size, stat.st_mtime_ns)
        return states

    def subfolder_files(self) -> list[Path]:
        """Files in folders inside the delivery (``revisi/``): not read, each rejected."""
        if self.export is not None:
            return []  # those of keuangan/ are reported once, by :func:`discover`
        return sorted(
            p
            for folder in self.folder.iterdir()
            if folder.is_dir() and not folder.is_symlink() and not is_ignored(folder)
            for p in folder.rglob("*")
            if not is_ignored(p) and (p.is_file() or p.is_symlink())
        )


_DIGESTS: dict[tuple, str] = {}  # (path, inode, size, mtime, ctime) -> sha256


def sha256(path: Path) -> str:
    """The file's SHA-256, remembered for the life of the process under its size and
    times, so the planner and the ingest of one refresh hash each file once."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if key not in _DIGESTS:
        with path.open("rb") as file:
            _DIGESTS[key] = hashlib.file_digest(file, "sha256").hexdigest()
    return _DIGESTS[key]


def discover(raw_dir: Path) -> tuple[list[Delivery], list[tuple[Path, str]]]:
    """The delivery folders, and the files that are not where the contract says (with
    the reason)."""
    deliveries: list[Delivery] = []
    misplaced: list[tuple[Path, str]] = []
    for year_dir in sorted(raw_dir.iterdir()):
        if year_dir.name in ("reference", DRAFT_FOLDER, ".gitkeep") or is_ignored(year_dir):
            continue
        if outside(year_dir, raw_dir) or (year_dir.is_symlink() and not year_dir.exists()):
            misplaced.append((year_dir, refusal(year_dir, raw_dir, folder=True)))
            continue
        if year_dir.is_file():
            if year_dir.suffix.lower() not in NOTE_SUFFIXES:
                misplaced.append((year_dir, MISPLACED))
            continue
        if not (year_dir.name.isdigit() and len(year_dir.name) == 4):
            not_a_year = f"folder {year_dir.name!r} is not a fiscal year"
            for path in sorted(year_dir.rglob("*")):
                if is_ignored(path):
                    continue
                refused = refusal(path, raw_dir) if path.is_symlink() else None
                if refused or path.is_file():
                    misplaced.append((path, refused or not_a_year))
            continue
        for agency_dir in sorted(p for p in year_dir.iterdir() if not is_ignored(p)):
            if agency_dir.is_file() and not agency_dir.is_symlink():
                misplaced.append((agency_dir, MISPLACED))
            elif reason := refusal(agency_dir, raw_dir, folder=True):
                misplaced.append((agency_dir, reason))
            elif agency_dir.name == FINANCE_FOLDER:
                exports, nested = finance_exports(agency_dir)
                deliveries += [Delivery(int(year_dir.name), agency_dir, p) for p in exports]
                misplaced += [(p, FINANCE_NESTED) for p in nested]
            else:
                deliveries.append(Delivery(int(year_dir.name), agency_dir))
    return deliveries, misplaced


FINANCE_NESTED = f"finance exports go directly in raw/<fiscal_year>/{FINANCE_FOLDER}/"


def finance_exports(folder: Path) -> tuple[list[Path], list[Path]]:
    """The exports of a ``keuangan/`` folder, and the files in folders inside it."""
    delivery = Delivery(0, folder)
    return delivery.files(), delivery.subfolder_files()


def delivery_key_parts(key: str) -> tuple[int, str | None]:
    """(fiscal year, agency) of a delivery key; no agency for bulk and finance ones."""
    year, folder = key.split("/")[:2]
    is_bulk = folder.startswith(BULK_FOLDER_PREFIX) or folder == FINANCE_FOLDER
    return int(year), None if is_bulk else folder


def delivery_hashes(raw_dir: Path) -> dict[str, str]:
    """Delivery key → one hash of the names and contents of all its files."""
    folders = [
        f
        for f in sorted(raw_dir.glob("[0-9][0-9][0-9][0-9]/*"))
        if not is_ignored(f) and refusal(f, raw_dir, folder=True) is None
    ]
    files = {folder: Delivery(0, folder).all_files() for folder in folders}
    # a finance export is a delivery of its own: keyed, and hashed, alone
    for folder in [f for f in folders if f.name == FINANCE_FOLDER]:
        del files[folder]
        folders.remove(folder)
        for path in finance_exports(folder)[0]:
            folders.append(path)
            files[path] = [path]
    folders.sort()
    # hashlib releases the interpreter lock while it hashes: one file per core; a file
    # that is not read (a link out of raw/ or to nothing, a folder, no permission)
    # counts by why it is refused (its content is never read)
    refused = {p: refusal(p, raw_dir) for folder in folders for p in files[folder]}
    every_file = [p for p, reason in refused.items() if reason is None]
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        digests = dict(zip(every_file, pool.map(sha256, every_file), strict=True))
    digests |= {p: f"refused:{reason}" for p, reason in refused.items() if reason}
    hashes: dict[str, str] = {}
    for folder in folders:
        digest = hashlib.sha256()
        for path in files[folder]:
            name = path.name if path == folder else path.relative_to(folder).as_posix()
            digest.update(name.encode() + b"\0" + digests[path].encode())
        hashes[folder.relative_to(raw_dir).as_posix()] = digest.hexdigest()
    return hashes


def delivery_problem(delivery: Delivery, data: list[Path], agencies: dict[str, dict]) -> str | None:
    """Why none of a delivery's data files may be read (delivered twice, unknown agency,
    agency not existing that year), or None."""
    kinds = {p.suffix.lower() for p in data}
    workbooks = [p for p in data if p.suffix.lower() == ".xlsx"]
    if len(kinds) > 1 or len(workbooks) > 1:
        return (
            f"{delivery.key} is delivered twice: "
            f"{[p.name for p in data]}; deliver either CSV files or one workbook"
        )
    if delivery.is_bulk:
        return None  # each row's agency is checked by unknown_agency_rows
    agency = agencies.get(delivery.agency_id)
    return agency_year_problem(agency, delivery.agency_id, delivery.fiscal_year)


def agency_year_problem(
    agency: dict | None, agency_id: str, year: int, latest_year: int | None = None
) -> str | None:
    """Why ``agency_id`` cannot report ``year`` (unknown, not existing that year, a year
    after ``latest_year``), or None. ``agency`` is its row of the agency list."""
    if agency is None:
        return f"unknown agency {agency_id!r}: not in raw/reference/agencies*.csv"
    first, last = agency["first_year"], agency["last_year"]
    if year < first or (last is not None and year > last):
        successor = agency["successor_agency_id"]
        hint = f"; from {last + 1} it reports as {successor!r}" if successor and last else ""
        return f"agency {agency_id!r} existed {first}-{last or 'now'}, not in {year}{hint}"
    if latest_year is not None and year > latest_year:
        return f"{year} is a fiscal year still to come (the latest is {latest_year})"
    return None


def folder_mismatches(batch: pl.DataFrame) -> pl.DataFrame:
    """Files whose ``tahun`` or ``kode_opd`` disagree with their folder, with the reason."""
    year = pl.col("tahun").str.strip_chars()
    agency = pl.col("kode_opd").str.strip_chars()
    wrong_year = year.is_not_null() & (year != pl.col("delivery_year").cast(pl.String))
    wrong_agency = agency.is_not_null() & (agency != pl.col("delivery_agency_id"))
    disagrees = "{} {} in the file disagrees with the folder {}/"
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
                    disagrees, pl.lit("tahun"), pl.col("years").list.join(", "), "folder_year"
                )
            )
            .otherwise(
                pl.format(
                    disagrees,
                    pl.lit("kode_opd"),
                    pl.col("agencies").list.join(", "),
                    "folder_agency",
                )
            )
        )
        .select("source_file", "source_sheet", "reason")
    )


def unknown_agency_rows(
    batch: pl.DataFrame, agencies: pl.DataFrame, carried: list[str]
) -> pl.DataFrame:
    """Rows of bulk extracts whose ``kode_opd`` is not an agency of the reference list in
    that year, as problems (``carried`` columns, column, value, reason). A per-agency
    folder is checked as a whole instead (see :func:`delivery_problem`)."""
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
        .select(*carried, column=pl.lit("kode_opd"), value=pl.col("kode_opd"), reason="reason")
    )
