"""Generate a synthetic regency: agencies × fiscal years of budget and performance files.

Deterministic for a given seed. Amounts add up at every level, reported
percentages equal the recomputed ones, except for the defects planted on
purpose, which are listed in ``raw/reference/synthetic-defects.csv`` so the data
quality checks can be tested against them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pipelines.lib.contract import BULK_FOLDER_PREFIX, ENTITIES_BY_SHEET
from pipelines.synthetic.catalog import (
    AGENCIES,
    RENAMED_AGENCY,
)
from pipelines.synthetic.finance_exports import FOLDER as FINANCE_EXPORTS
from pipelines.synthetic.finance_exports import unit_code, write_finance_exports
from pipelines.synthetic.model import BUNDLED_REGION, YEARS, Defect, Region
from pipelines.synthetic.writer import RegencyWriter, write_agency_years


def _reference_rows(region: Region, finance_exports: bool) -> list[list[object]]:
    old, new, new_name, new_short, from_year = RENAMED_AGENCY
    rows = []
    for spec in AGENCIES:
        last, successor = ("", "")
        if spec.slug == old:
            last, successor = from_year - 1, f"{region.prefix}-{new}"
        rows.append(
            [
                f"{region.prefix}-{spec.slug}",
                region.code,
                region.name,
                spec.name,
                spec.short_name,
                spec.agency_type,
                YEARS[0],
                last,
                successor,
                "ya",
                unit_code(spec) if finance_exports and not last else "",
            ]
        )
        if spec.slug == old:
            rows.append(
                [
                    f"{region.prefix}-{new}",
                    region.code,
                    region.name,
                    new_name,
                    new_short,
                    spec.agency_type,
                    from_year,
                    "",
                    "",
                    "ya",
                    unit_code(spec) if finance_exports else "",
                ]
            )
    return rows


def generate_regency(
    out_dir: Path,
    seed: int,
    account_names: dict[str, str],
    region: Region = BUNDLED_REGION,
    finance_exports: bool = True,
) -> list[Defect]:
    """Write one synthetic regency under ``out_dir`` (a raw/ tree); return planted defects.
    ``finance_exports``: also its finance agency's exports of one year (a province's
    regencies have none: their agencies share names and SKPD codes)."""
    for old in sorted(out_dir.glob(f"*/{region.prefix}-*")):
        for path in sorted(old.iterdir()):
            path.unlink()
        old.rmdir()
    writer = RegencyWriter(out_dir, seed, account_names, region)
    if finance_exports:
        writer.finance_units = []
        for path in sorted((out_dir / FINANCE_EXPORTS).glob("*")):
            path.unlink()
    write_agency_years(writer)
    if finance_exports:
        writer.defects += write_finance_exports(out_dir, region.name, writer.finance_units)
    reference = out_dir / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    suffix = region.reference_suffix
    _write_csv(
        reference / f"agencies-{suffix}.csv",
        REFERENCE_HEADERS,
        _reference_rows(region, finance_exports),
    )
    defects_name = "synthetic-defects.csv" if suffix == "synthetic" else f"defects-{suffix}.csv"
    _write_csv(reference / defects_name, DEFECT_HEADERS, [_defect_row(d) for d in writer.defects])
    return writer.defects


REFERENCE_HEADERS = [
    "kode_opd",
    "kode_wilayah",
    "nama_wilayah",
    "nama_opd",
    "singkatan",
    "jenis_opd",
    "tahun_mulai",
    "tahun_akhir",
    "kode_opd_pengganti",
    "sintetis",
    "kode_skpd",
]
DEFECT_HEADERS = ["fiscal_year", "agency_id", "defect", "source_file", "detail"]


def _defect_row(defect: Defect) -> list[object]:
    return [defect.fiscal_year, defect.agency_id, defect.defect, defect.source_file, defect.detail]


def _write_csv(path: Path, headers: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)


def province_regions(count: int) -> list[Region]:
    """``count`` synthetic regencies of one synthetic province (code 98), for benchmarks."""
    return [
        Region(f"98.{i:02d}", f"Kabupaten Sintetis {i:02d}", f"p{i:02d}")
        for i in range(1, count + 1)
    ]


def generate_province(
    out_dir: Path, seed: int, account_names: dict[str, str], regencies: int
) -> list[Defect]:
    """Several synthetic regencies side by side (each with the same kinds of defects)."""
    defects = []
    for number, region in enumerate(province_regions(regencies)):
        defects += generate_regency(out_dir, seed + number, account_names, region, False)
    return defects


# province codes Kemendagri does not use, so synthetic regions never collide with real ones
SYNTHETIC_PROVINCES = (
    20,
    *range(22, 31),
    *range(37, 51),
    *range(54, 61),
    *range(66, 71),
    *range(83, 91),
)


def national_regions(count: int, per_province: int = 15) -> list[tuple[str, list[Region]]]:
    """``count`` synthetic regencies grouped into provinces of ``per_province``: a list of
    (province prefix, regions). Region codes use province codes Kemendagri leaves unused."""
    provinces = []
    for index, start in enumerate(range(0, count, per_province)):
        code = SYNTHETIC_PROVINCES[index]
        regions = [
            Region(f"{code}.{n:02d}", f"Kabupaten Sintetis {code}.{n:02d}", f"n{code}{n:02d}")
            for n in range(1, min(per_province, count - start) + 1)
        ]
        provinces.append((f"n{code}", regions))
    return provinces


def generate_national(
    out_dir: Path,
    seed: int,
    account_names: dict[str, str],
    regencies: int = 548,
    distinct: int = 12,
    detail: int = 6,
) -> int:
    """A national-size data set in the bulk shape: one CSV per table per province and
    year, ``raw/<year>/bulk-<province>/<table>.csv``, each holding every agency of the
    province (as national SIPD/DJPK extracts arrive). ``distinct`` regencies are generated
    (``detail`` times the sub kegiatan of the regency generator, ~130 budget lines per
    agency-year) and every regency copies one of them under its own agency ids, so 548
    regencies take seconds, not an hour. Returns the number of data rows written."""
    bases, base_defects, widths = _distinct_regencies(
        out_dir, seed, account_names, distinct, detail
    )
    reference = out_dir / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    written = 0
    region_number = 0
    for province, regions in national_regions(regencies):
        copies = []
        for region in regions:
            copies.append((region_number % distinct, region))
            region_number += 1
        for year in YEARS:
            folder = out_dir / str(year) / f"{BULK_FOLDER_PREFIX}{province}"
            folder.mkdir(parents=True, exist_ok=True)
            for sheet in ("anggaran", "belanja", "kinerja", "ringkasan", "skala"):
                with (folder / f"{sheet}.csv").open("w", newline="", encoding="utf-8") as out:
                    headers = ENTITIES_BY_SHEET[sheet].leading_headers(widths[sheet])
                    out.write(",".join(headers) + "\r\n")
                    for base, region in copies:
                        text = bases[base].get((year, sheet), "")
                        out.write(text.replace(f"zq{base:02d}-", f"{region.prefix}-"))
                        written += text.count("\r\n")
        _write_province_reference(reference, province, regions, copies, base_defects)
    return written


def _distinct_regencies(
    out_dir: Path, seed: int, account_names: dict[str, str], distinct: int, detail: int
) -> tuple[list[dict[tuple[int, str], str]], list[list[Defect]], dict[str, int]]:
    """The regencies every national region copies: each (year, sheet) as CSV text under
    placeholder agency ids, its defects, and the cells per row of each table."""
    bases: list[dict[tuple[int, str], str]] = []
    base_defects: list[list[Defect]] = []
    widths: dict[str, int] = {}
    for number in range(distinct):
        placeholder = Region("00.00", "", f"zq{number:02d}")
        rows: dict[tuple[int, str], list[list[object]]] = {}
        writer = RegencyWriter(out_dir, seed + number, account_names, placeholder, detail, rows)
        write_agency_years(writer)
        texts = {}
        for key, sheet_rows in rows.items():
            widths.setdefault(key[1], len(sheet_rows[0]))
            buffer = io.StringIO()
            csv.writer(buffer).writerows(sheet_rows)
            texts[key] = buffer.getvalue()
        bases.append(texts)
        base_defects.append(writer.defects)
    return bases, base_defects, widths


def _write_province_reference(
    reference: Path,
    province: str,
    regions: list[Region],
    copies: list[tuple[int, Region]],
    base_defects: list[list[Defect]],
) -> None:
    _write_csv(
        reference / f"agencies-{province}.csv",
        REFERENCE_HEADERS,
        [row for region in regions for row in _reference_rows(region, finance_exports=False)],
    )
    _write_csv(
        reference / f"defects-{province}.csv",
        DEFECT_HEADERS,
        [
            [
                d.fiscal_year,
                d.agency_id.replace(f"zq{base:02d}-", f"{region.prefix}-"),
                d.defect,
                f"{d.fiscal_year}/{BULK_FOLDER_PREFIX}{province}/",
                d.detail.replace(f"zq{base:02d}-", f"{region.prefix}-"),
            ]
            for base, region in copies
            for d in base_defects[base]
        ],
    )
