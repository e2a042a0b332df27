"""Reference lists the ingestion validates against: agencies and spending types.

``raw/reference/agencies*.csv`` lists every agency (OPD) of every region with the
years it existed and, when it was renamed or merged, its successor. It is hand
kept by the planning office (the synthetic regency's list is written by the
generator), so a malformed list stops the load with a precise message instead
of quarantining rows.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import polars as pl

from pipelines.lib.contract import AGENCY_TYPES

AGENCY_HEADERS = {
    "kode_opd": "agency_id",
    "kode_wilayah": "region_code",
    "nama_wilayah": "region_name",
    "nama_opd": "agency_name",
    "singkatan": "short_name",
    "jenis_opd": "agency_type",
    "tahun_mulai": "first_year",
    "tahun_akhir": "last_year",
    "kode_opd_pengganti": "successor_agency_id",
    "sintetis": "is_synthetic",
    "kode_skpd": "finance_unit_code",
}
# columns a list may leave out (added later to the list's format)
OPTIONAL_HEADERS = ("kode_skpd",)
AGENCY_SCHEMA = {
    "agency_id": pl.String,
    "region_code": pl.String,
    "region_name": pl.String,
    "agency_name": pl.String,
    "short_name": pl.String,
    "agency_type": pl.String,
    "first_year": pl.Int16,
    "last_year": pl.Int16,
    "successor_agency_id": pl.String,
    "is_synthetic": pl.Boolean,
    "finance_unit_code": pl.String,
    "source_file": pl.String,
}


# columns every agency row fills (tahun_akhir and kode_opd_pengganti only when it ended)
REQUIRED_COLUMNS = ("kode_opd", "kode_wilayah", "nama_opd", "singkatan", "jenis_opd", "tahun_mulai")


class ReferenceError(Exception):
    """The reference list itself is broken; nothing can be validated against it."""


def _first_bad_row(frame: pl.DataFrame, bad: pl.Expr) -> tuple[int, dict] | None:
    """The spreadsheet row number (header = 1) and cells of the first row where ``bad``."""
    rows = frame.with_row_index("row", offset=2).filter(bad)
    return None if rows.is_empty() else (rows["row"][0], rows.row(0, named=True))


def _read_agency_file(path: Path) -> pl.DataFrame:
    """One agency list, checked cell by cell: every problem names file, row and column."""
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        reason = str(exc).splitlines()[0]
        raise ReferenceError(f"{path.name}: not a readable CSV file ({reason})") from exc
    unknown = sorted(set(frame.columns) - set(AGENCY_HEADERS))
    missing = sorted(set(AGENCY_HEADERS) - set(frame.columns) - set(OPTIONAL_HEADERS))
    if unknown or missing:
        raise ReferenceError(f"{path.name}: missing columns {missing}, unknown columns {unknown}")
    frame = frame.with_columns(
        pl.lit(None, pl.String).alias(h) for h in OPTIONAL_HEADERS if h not in frame.columns
    )
    stripped = pl.all().str.strip_chars()
    frame = frame.with_columns(pl.when(stripped != "").then(stripped))  # blank: null
    checks = [
        (column, pl.col(column).is_null() | (pl.col(column) == ""), "is empty")
        for column in REQUIRED_COLUMNS
    ] + [
        ("sintetis", ~pl.col("sintetis").is_in(["ya", "tidak"]), "must be 'ya' or 'tidak'"),
        *[
            (column, ~pl.col(column).str.contains(r"^[0-9]{4}$"), "is not a year (4 digits)")
            for column in ("tahun_mulai", "tahun_akhir")
        ],
    ]
    for column, bad, reason in checks:
        found = _first_bad_row(frame, bad.fill_null(False))
        if found:
            row, cells = found
            raise ReferenceError(
                f"{path.name} row {row} column {column}: {cells[column]!r} {reason}"
            )
    return (
        frame.rename(AGENCY_HEADERS)
        .with_columns(
            pl.col("first_year", "last_year").cast(pl.Int16),
            pl.col("is_synthetic") == "ya",
            source_file=pl.lit(path.name),
        )
        .select(list(AGENCY_SCHEMA))
    )


def read_agencies(reference_dir: Path) -> pl.DataFrame:
    """Read and validate every ``agencies*.csv`` of ``reference_dir``."""
    paths = sorted(reference_dir.glob("agencies*.csv"))
    if not paths:
        raise ReferenceError(f"no agencies*.csv in {reference_dir}")
    agencies = pl.concat([_read_agency_file(p) for p in paths])
    problems: list[str] = []
    duplicated = agencies.filter(pl.col("agency_id").is_duplicated())
    if not duplicated.is_empty():
        files = sorted(set(duplicated["source_file"]))
        ids = sorted(set(duplicated["agency_id"]))
        problems.append(f"kode_opd listed twice: {ids} (in {', '.join(files)})")
    bad_types = set(agencies["agency_type"].drop_nulls()) - set(AGENCY_TYPES)
    if bad_types:
        problems.append(f"unknown jenis_opd {sorted(bad_types)}; allowed {AGENCY_TYPES}")
    successors = set(agencies["successor_agency_id"].drop_nulls())
    unknown_successors = successors - set(agencies["agency_id"])
    if unknown_successors:
        problems.append(f"successors not in the list: {sorted(unknown_successors)}")
    inverted = agencies.filter(pl.col("last_year") < pl.col("first_year"))
    if not inverted.is_empty():
        problems.append(f"tahun_akhir before tahun_mulai: {inverted['agency_id'].to_list()}")
    if problems:
        raise ReferenceError(f"{reference_dir}: " + "; ".join(problems))
    return agencies.sort("region_code", "agency_id")


# a regency or city as a title names it: "PEMERINTAH KABUPATEN LAHAT", "Kota Palembang"
_REGION = re.compile(r"\b(kabupaten|kota)\s+((?:[a-z]+\s*){1,4})", re.I)
# words a title goes on with after the region's name
_AFTER_REGION = {"tahun", "anggaran", "periode", "provinsi", "laporan", "bulan", "skpd", "s"}


def normalise_name(name: str | None) -> str:
    """A name as names of the lists are compared: lower case, single spaces."""
    return " ".join((name or "").lower().split())


def regions_named(text: str) -> tuple[str, ...]:
    """The regencies and cities ``text`` names ("Kabupaten Lahat"), lower case."""
    found = []
    for kind, words in _REGION.findall(text):
        name = []
        for word in words.lower().split():
            if word in _AFTER_REGION:
                break
            name.append(word)
        if name:
            found.append(" ".join([kind.lower(), *name]))
    return tuple(dict.fromkeys(found))


def same_region(named: str, region_name: str) -> bool:
    """Whether a region as printed is ``region_name`` of the agency list (the printed
    name may stop short or run on: "kabupaten musi banyuasin sekayu")."""
    printed, listed = named.lower().split(), region_name.lower().split()
    shorter = min(len(printed), len(listed))
    return shorter >= 2 and printed[:shorter] == listed[:shorter]


def read_account_types(path: Path) -> pl.DataFrame:
    """Read the spending type list (akun belanja, Permendagri 90/2019)."""
    return pl.read_csv(path, infer_schema=False).with_columns(pl.all().str.strip_chars())


def _slug(text: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return "-".join(w for w in words if w not in ("kabupaten", "kota", "provinsi")) or "wilayah"


def add_agency(reference_dir: Path, agency: dict[str, str]) -> Path:
    """Register one agency (the list's Indonesian column names as keys) in the list of
    its region, ``agencies-<region>.csv``, made when the region is new. The list is
    checked with the new row before it is written: a bad row changes nothing and the
    error names the problem. Returns the file written."""
    row = {header: (str(agency.get(header) or "").strip() or None) for header in AGENCY_HEADERS}
    files = sorted(reference_dir.glob("agencies*.csv"))
    region_files = [
        path
        for path in files
        if row["kode_wilayah"] in pl.read_csv(path, infer_schema=False)["kode_wilayah"]
    ]
    target = (
        region_files[0]
        if region_files
        else reference_dir / f"agencies-{_slug(row['nama_wilayah'])}.csv"
    )
    text = target.read_text() if target.exists() else ",".join(AGENCY_HEADERS) + "\n"
    columns = pl.read_csv(text.encode(), n_rows=0).columns  # a list may lack kode_skpd
    if row.get("kode_skpd") and "kode_skpd" not in columns:
        raise ReferenceError(f"{target.name} has no column kode_skpd: add it to the header")
    line = pl.DataFrame([{c: row[c] for c in columns}]).write_csv(include_header=False)
    text = text if text.endswith("\n") else text + "\n"
    with tempfile.TemporaryDirectory() as trial:
        for path in files:
            shutil.copy(path, Path(trial) / path.name)
        (Path(trial) / target.name).write_text(text + line)
        read_agencies(Path(trial))  # raises ReferenceError, naming row and column
    reference_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(text + line)
    return target


def years_on_default_scale(
    assignments: Path, region_code: str, first_year: int, last_year: int
) -> tuple[list[int], list[int]]:
    """The years of ``first_year``-``last_year`` that region ``region_code`` is assessed
    on the national default scale although it has a scale of its own for other years,
    and the years no scale covers at all (the seed ``achievement_scale_assignments``;
    the same choice as the dbt macro ``region_settings``)."""
    rows = pl.read_csv(assignments, schema_overrides={"region_code": pl.String})
    province = region_code.split(".")[0]
    own_levels = {region_code: 2, province: 1, "*": 0}
    candidates = [
        (own_levels[row["region_code"]], row["first_year"], row["last_year"])
        for row in rows.iter_rows(named=True)
        if row["region_code"] in own_levels
    ]
    has_own = any(level > 0 for level, _, _ in candidates)
    on_default, uncovered = [], []
    for year in range(first_year, last_year + 1):
        levels = [level for level, first, last in candidates if first <= year <= last]
        if not levels:
            uncovered.append(year)
        elif max(levels) == 0 and has_own:
            on_default.append(year)
    return on_default, uncovered


def scale_note(assignments: Path, region_code: str, first_year: int, last_year: int) -> str:
    """One line for the office when some of the years are assessed on the national
    default scale or on none; empty when every year has the region's own."""
    on_default, uncovered = years_on_default_scale(assignments, region_code, first_year, last_year)
    notes = []
    if on_default:
        notes.append(
            f"fiscal years {_years(on_default)}: before region {region_code}'s own category "
            "scale, assessed on the national default (Permendagri 86/2017)"
        )
    if uncovered:
        notes.append(
            f"no category scale covers {_years(uncovered)}: add a row for region "
            f"{region_code} to sql/seeds/achievement_scale_assignments.csv"
        )
    return "; ".join(notes)


def _years(years: list[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
