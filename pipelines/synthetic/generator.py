"""Generate a synthetic regency: agencies × fiscal years of budget and performance files.

Deterministic for a given seed. Amounts add up at every level, reported
percentages equal the recomputed ones, except for the defects planted on
purpose, which are listed in ``raw/reference/synthetic-defects.csv`` so the data
quality checks can be tested against them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pipelines.lib.contract import BULK_FOLDER_PREFIX, ENTITIES_BY_SHEET
from pipelines.lib.template import write_workbook
from pipelines.synthetic.catalog import (
    ACTIVITY_PATTERNS,
    AGENCIES,
    CAPITAL_ACTIVITY,
    RENAMED_AGENCY,
    SALARY_SUB_ACTIVITY,
    SUB_ACTIVITY_PATTERNS,
    SUPPORT_ACTIVITIES,
    SUPPORT_PROGRAM,
    AgencySpec,
)

YEARS = tuple(range(2019, 2025))
YEAR_GROWTH = {2019: 1.0, 2020: 0.91, 2021: 0.97, 2022: 1.03, 2023: 1.08, 2024: 1.13}


@dataclass(frozen=True)
class Region:
    """A synthetic regency: its Kemendagri-style code, name and agency-id prefix."""

    code: str
    name: str
    prefix: str

    @property
    def reference_suffix(self) -> str:
        return "synthetic" if self == BUNDLED_REGION else self.prefix


BUNDLED_REGION = Region("99.06", "Kabupaten Banyuasin Sintetis", "syn")
SYNTHETIC_NOTE = (
    "DATA SINTETIS - dibuat oleh generator kinerja (pipelines/synthetic), bukan laporan "
    "OPD yang sebenarnya."
)
SCALE = (  # the 4-band scale of the seed report, declared by every synthetic report
    (1, "Sangat Baik", "100", "", "Lebih dari 100%"),
    (2, "Baik", "75", "100", "75-100%"),
    (3, "Cukup", "55", "75", "55-74%"),
    (4, "Kurang", "", "55", "Kurang dari 55%"),
)


def rupiah(amount: int) -> str:
    """12588628067 → '12.588.628.067,00' (the notation of realisation tables)."""
    return f"{amount:,}".replace(",", ".") + ",00"


def percent(value: Decimal, decimals: int = 2) -> str:
    """Decimal('90.04') → '90,04'."""
    quantum = Decimal(1).scaleb(-decimals)
    return str(value.quantize(quantum, rounding=ROUND_HALF_UP)).replace(".", ",")


def category(achievement: Decimal) -> str:
    """Category of the seed's scale with half-open bounds."""
    if achievement > 100:
        return "Sangat Baik"
    if achievement >= 75:
        return "Baik"
    if achievement >= 55:
        return "Cukup"
    return "Kurang"


@dataclass
class Line:
    """A budget line; programme and kegiatan amounts are the sums of their children."""

    level: str
    code: str
    name: str
    account: str = "5.1.02"
    budget: int = 0
    realized: int = 0
    children: list[Line] = field(default_factory=list)

    def total(self) -> tuple[int, int]:
        """Sum the children into this line (leaves keep their own amounts)."""
        if self.children:
            sums = [c.total() for c in self.children]
            self.budget = sum(s[0] for s in sums)
            self.realized = sum(s[1] for s in sums)
        return self.budget, self.realized

    def walk(self):
        """This line and all lines below it, parents first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Indicator:
    """A performance indicator of one sasaran."""

    objective_no: int
    objective: str
    indicator_no: int
    name: str
    unit: str
    lower_is_better: bool
    target: float
    programs: tuple[str, ...]


@dataclass
class Defect:
    """A defect planted on purpose, for the data-quality tests."""

    fiscal_year: int
    agency_id: str
    defect: str
    source_file: str
    detail: str


def _structure(spec: AgencySpec, year: int, detail: int = 1) -> list[Line]:
    """Programs, kegiatan and sub kegiatan of an agency-year. ``detail`` > 1 repeats each
    kegiatan's sub kegiatan that many times (national benchmarks: ~130 lines per agency)."""
    legacy = year < 2021

    def sub_code(activity: str, number: str) -> str:
        return f"{activity}.{number[-2:]}" if legacy else f"{activity}.{number}"

    support = Line("program", f"{spec.bidang}.01", SUPPORT_PROGRAM)
    for activity_no, activity_name, subs in SUPPORT_ACTIVITIES:
        activity = Line("kegiatan", f"{support.code}.{activity_no}", activity_name)
        for number, name in subs:
            account = "5.1.02"
            if (activity_no, number) == SALARY_SUB_ACTIVITY:
                account = "5.1.01"
            elif activity_no == CAPITAL_ACTIVITY:
                account = "5.2.02"
            activity.children.append(
                Line("sub kegiatan", sub_code(activity.code, number), name, account)
            )
        support.children.append(activity)
    programs = [support]
    for index, theme in enumerate(spec.themes, start=2):
        program = Line("program", f"{spec.bidang}.{index:02d}", f"Program {theme}")
        for activity_index, pattern in enumerate(ACTIVITY_PATTERNS[: 1 + index % 3], start=1):
            activity = Line(
                "kegiatan", f"{program.code}.2.{activity_index:02d}", pattern.format(theme)
            )
            patterns = [
                (copy, sub_index, sub_pattern)
                for copy in range(detail)
                for sub_index, sub_pattern in enumerate(SUB_ACTIVITY_PATTERNS, start=1)
            ]
            for copy, sub_index, sub_pattern in patterns:
                if (sub_index + activity_index + index) % 4 == 0:
                    continue
                account = "5.1.02"
                if sub_index == 2:
                    account = "5.2.04" if spec.roads else "5.2.03"
                elif sub_index == 4 and spec.hibah:
                    account = "5.1.05"
                elif sub_index == 4 and spec.bansos:
                    account = "5.1.06"
                activity.children.append(
                    Line(
                        "sub kegiatan",
                        sub_code(
                            activity.code, f"{sub_index + len(SUB_ACTIVITY_PATTERNS) * copy:04d}"
                        ),
                        sub_pattern.format(theme) + (f" (paket {copy + 1})" if copy else ""),
                        account,
                    )
                )
            program.children.append(activity)
        programs.append(program)
    return programs


def _fill_amounts(programs: list[Line], total: int, rng: random.Random) -> None:
    leaves = [leaf for p in programs for leaf in p.walk() if not leaf.children]
    support = set(id(leaf) for leaf in programs[0].walk())
    salary_share = 0.30 + 0.25 * rng.random()
    weights = [
        0.0
        if leaf.account == "5.1.01"
        else rng.uniform(0.05, 0.4)
        if id(leaf) in support
        else rng.uniform(0.3, 2.5)
        for leaf in leaves
    ]
    salary_weight = salary_share / (1 - salary_share) * sum(weights)
    weights = [
        salary_weight if leaf.account == "5.1.01" else w
        for leaf, w in zip(leaves, weights, strict=True)
    ]
    scale = total / sum(weights)
    execution = rng.uniform(0.80, 0.995)  # how well this agency spends this year
    for leaf, weight in zip(leaves, weights, strict=True):
        leaf.budget = max(1_000_000, int(round(weight * scale, -3)))
        spread = 0.02 if leaf.account == "5.1.01" else 0.06
        rate = min(1.0, max(0.35, rng.gauss(execution, spread)))
        leaf.realized = int(leaf.budget * rate)
    for program in programs:
        program.total()


def _indicators(spec: AgencySpec, programs: list[Line], rng: random.Random) -> list[Indicator]:
    indicators: list[Indicator] = []
    substantive = programs[1:]
    for objective_no, program in enumerate(substantive, start=1):
        theme = program.name.removeprefix("Program ")
        objective = f"Meningkatnya kualitas {theme[0].lower() + theme[1:]}"
        candidates = [
            (
                f"Persentase {theme.lower()} yang terlaksana sesuai standar",
                "%",
                False,
                float(rng.choice((80, 85, 90, 95, 100))),
            ),
            (
                f"Jumlah sasaran {theme.lower()} yang terlayani",
                "orang",
                False,
                float(rng.randrange(50, 2000, 10)),
            ),
        ]
        if objective_no <= len(spec.lower_is_better):
            name, unit, target = spec.lower_is_better[objective_no - 1]
            candidates[1] = (name, unit, True, target)
        for indicator_no, (name, unit, lower, target) in enumerate(candidates, start=1):
            indicators.append(
                Indicator(
                    objective_no,
                    objective,
                    indicator_no,
                    name,
                    unit,
                    lower,
                    target,
                    (program.code,),
                )
            )
    admin_no = len(substantive) + 1
    for indicator_no, name in enumerate(
        (
            "Tingkat pemenuhan jasa administrasi perkantoran",
            "Persentase aparatur yang mempunyai kompetensi dibidangnya",
        ),
        start=1,
    ):
        indicators.append(
            Indicator(
                admin_no,
                "Tersedianya layanan administrasi perkantoran",
                indicator_no,
                name,
                "%",
                False,
                100.0,
                (programs[0].code,),
            )
        )
    return indicators


def _achievement(indicator: Indicator, realized: float) -> Decimal:
    target = Decimal(str(indicator.target))
    value = Decimal(str(realized))
    if indicator.lower_is_better:
        return (2 * target - value) / target * 100
    return value / target * 100


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _agency_id(spec: AgencySpec, year: int, prefix: str) -> tuple[str, str, str]:
    old, new, new_name, new_short, from_year = RENAMED_AGENCY
    if spec.slug == old and year >= from_year:
        return f"{prefix}-{new}", new_name, new_short
    return f"{prefix}-{spec.slug}", spec.name, spec.short_name


def _swap_digits(text: str) -> str:
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    for left, right in itertools.pairwise(digits):
        if right == left + 1 and text[left] != text[right]:
            return text[:left] + text[right] + text[left] + text[right + 1 :]
    last = digits[-1]  # no swap possible ('88,22'): mistype the last digit instead
    return text[:last] + str((int(text[last]) + 1) % 10) + text[last + 1 :]


class _RegencyWriter:
    """Builds the rows of every agency-year and writes them as delivered files."""

    def __init__(
        self,
        out_dir: Path,
        seed: int,
        account_names: dict[str, str],
        region: Region,
        detail: int = 1,
        bulk: dict[tuple[int, str], list[list[object]]] | None = None,
    ):
        self.out_dir, self.seed, self.account_names = out_dir, seed, account_names
        self.region, self.detail = region, detail
        self.bulk = bulk  # (year, sheet) -> rows, when the rows go to bulk files instead
        self.defects: list[Defect] = []
        self.prior_achievement: dict[tuple[str, int, int], Decimal] = {}

    def rng(self, *parts: object) -> random.Random:
        return random.Random("-".join(str(p) for p in (self.seed, *parts)))

    def agency_year(self, spec: AgencySpec, year: int) -> None:
        agency_id, name, _ = _agency_id(spec, year, self.region.prefix)
        rng = self.rng(spec.slug, year)
        programs = _structure(spec, year, self.detail)
        total = int(spec.budget_billion * 1e9 * YEAR_GROWTH[year] * rng.uniform(0.96, 1.04))
        _fill_amounts(programs, total, rng)
        folder = f"{year}/{agency_id}"
        use_xlsx = spec.agency_type == "kecamatan"
        budget_file = f"{folder}/anggaran.csv" if not use_xlsx else f"{folder}/laporan.xlsx"
        if (year, spec.slug) == (2023, "dpupr"):
            leaf = next(x for x in programs[1].walk() if not x.children)
            leaf.realized = int(leaf.budget * 1.08)
            for program in programs:
                program.total()
            self.defects.append(
                Defect(
                    year,
                    agency_id,
                    "overspent_line",
                    budget_file,
                    f"{leaf.code} realisasi {leaf.realized} > anggaran {leaf.budget}",
                )
            )
        lines = [line for p in programs for line in p.walk()]
        budget_rows = []
        for line in lines:
            absorption = Decimal(line.realized) / Decimal(line.budget) * 100
            physical = min(Decimal(100), absorption + Decimal(rng.uniform(2, 15)))
            budget_rows.append(
                [
                    year,
                    agency_id,
                    line.level,
                    line.code,
                    line.name,
                    rupiah(line.budget),
                    rupiah(line.realized),
                    percent(physical if line.level == "sub kegiatan" else Decimal(100)),
                    percent(absorption),
                ]
            )
        if (year, spec.slug) == (2022, "disdik"):
            row = next(
                r
                for r in budget_rows
                if r[2] == "sub kegiatan" and r[3].startswith(programs[1].code)
            )
            printed = row[8]
            row[8] = _swap_digits(printed)
            self.defects.append(
                Defect(
                    year,
                    agency_id,
                    "reported_percent_mismatch",
                    budget_file,
                    f"{row[3]} persen_dilaporkan {row[8]} (recomputed {printed})",
                )
            )
        if (year, spec.slug) == (2020, "kec-lais"):
            row = next(
                r
                for r in budget_rows
                if r[2] == "sub kegiatan" and r[3].startswith(programs[1].code)
            )
            row[6] = row[6][:-1] + "O"
            self.defects.append(
                Defect(
                    year,
                    agency_id,
                    "malformed_amount",
                    budget_file,
                    f"{row[3]} realisasi_keuangan {row[6]!r} (letter O)",
                )
            )
        spending: dict[str, list[int]] = {}
        for leaf in (x for x in lines if not x.children):
            sums = spending.setdefault(leaf.account, [0, 0])
            sums[0] += leaf.budget
            sums[1] += leaf.realized
        spending_rows = [
            [
                year,
                agency_id,
                code,
                self.account_names[code],
                f"Rp. {rupiah(b)[:-3]},-",
                f"Rp. {rupiah(r)[:-3]},-",
            ]
            for code, (b, r) in sorted(spending.items())
        ]
        indicator_rows, objectives = self._indicator_rows(spec, agency_id, year, programs, rng)
        budget_total = sum(p.budget for p in programs)
        realized_total = sum(p.realized for p in programs)
        summary = f"Rp. {rupiah(budget_total)[:-3]},-"
        if (year, spec.slug) == (2021, "dinkes"):
            summary = _swap_digits(summary)
            self.defects.append(
                Defect(
                    year,
                    agency_id,
                    "typo_total",
                    f"{folder}/ringkasan.csv",
                    f"Ikhtisar Eksekutif anggaran {summary} vs detail {rupiah(budget_total)}",
                )
            )
        totals_rows = [
            [year, agency_id, "opd", "", "anggaran", summary, "Ikhtisar Eksekutif"],
            [
                year,
                agency_id,
                "opd",
                "",
                "realisasi",
                f"Rp. {rupiah(realized_total)[:-3]},-",
                "Ikhtisar Eksekutif",
            ],
            [
                year,
                agency_id,
                "opd",
                "",
                "serapan_persen",
                percent(Decimal(realized_total) / Decimal(budget_total) * 100) + "%",
                "Ikhtisar Eksekutif",
            ],
            [year, agency_id, "opd", "", "jumlah_program", len(programs), "Ikhtisar Eksekutif"],
            [
                year,
                agency_id,
                "opd",
                "",
                "jumlah_kegiatan",
                sum(1 for x in lines if x.level == "kegiatan"),
                "Ikhtisar Eksekutif",
            ],
            [
                year,
                agency_id,
                "opd",
                "",
                "jumlah_sub_kegiatan",
                sum(1 for x in lines if x.level == "sub kegiatan"),
                "Ikhtisar Eksekutif",
            ],
        ]
        program_by_code = {p.code: p for p in programs}
        for objective_no, (mean, codes) in sorted(objectives.items()):
            funded = [program_by_code[c] for c in codes]
            budget = sum(p.budget for p in funded)
            realized = sum(p.realized for p in funded)
            totals_rows += [
                [
                    year,
                    agency_id,
                    "sasaran",
                    objective_no,
                    "capaian_persen",
                    percent(mean) + "%",
                    "Tabel capaian sasaran",
                ],
                [
                    year,
                    agency_id,
                    "sasaran",
                    objective_no,
                    "kategori",
                    category(mean),
                    "Tabel capaian sasaran",
                ],
                [
                    year,
                    agency_id,
                    "sasaran",
                    objective_no,
                    "anggaran",
                    f"Rp. {rupiah(budget)[:-3]},-",
                    "Analisis efisiensi",
                ],
                [
                    year,
                    agency_id,
                    "sasaran",
                    objective_no,
                    "realisasi",
                    f"Rp. {rupiah(realized)[:-3]},-",
                    "Analisis efisiensi",
                ],
            ]
        scale_rows = [[year, agency_id, *band] for band in SCALE]
        sheets = {
            "anggaran": budget_rows,
            "belanja": spending_rows,
            "kinerja": indicator_rows,
            "ringkasan": totals_rows,
            "skala": scale_rows,
        }
        self._write(folder, agency_id, name, year, sheets, use_xlsx)

    def _indicator_rows(
        self, spec: AgencySpec, agency_id: str, year: int, programs: list[Line], rng: random.Random
    ):
        rows, by_objective = [], {}
        performance = rng.uniform(0.68, 1.08)  # how well this agency performs this year
        for indicator in _indicators(spec, programs, self.rng(spec.slug, "indicators")):
            factor = performance * rng.uniform(0.92, 1.08)
            if indicator.lower_is_better:
                realized = indicator.target * (2 - factor)
            elif indicator.unit == "%":
                realized = min(100.0, indicator.target * factor)
            else:
                realized = round(indicator.target * factor * rng.uniform(0.8, 1.25))
            realized = round(realized, 2)
            achievement = _achievement(indicator, realized)
            key = (spec.slug, indicator.objective_no, indicator.indicator_no)
            prior = self.prior_achievement.get(key)
            if prior is None:  # the year before the data starts: a plausible figure
                prior = Decimal(str(round(rng.uniform(70, 110), 2)))
            self.prior_achievement[key] = achievement
            renstra_target = indicator.target * (0.9 if indicator.lower_is_better else 1.1)
            renstra = _achievement(
                Indicator(**{**indicator.__dict__, "target": renstra_target}), realized
            )
            unit_suffix = "%" if indicator.unit == "%" else ""
            rows.append(
                [
                    year,
                    agency_id,
                    indicator.objective_no,
                    indicator.objective,
                    indicator.indicator_no,
                    indicator.name,
                    indicator.unit,
                    "negatif" if indicator.lower_is_better else "positif",
                    _number(indicator.target) + unit_suffix,
                    _number(realized) + unit_suffix,
                    ";".join(indicator.programs),
                    percent(achievement),
                    category(achievement),
                    percent(prior),
                    percent(renstra),
                    _number(renstra_target) + unit_suffix,
                ]
            )
            by_objective.setdefault(indicator.objective_no, ([], indicator.programs))
            by_objective[indicator.objective_no][0].append(achievement)
        objectives = {
            no: (sum(values) / len(values), codes) for no, (values, codes) in by_objective.items()
        }
        return rows, objectives

    def _write(
        self,
        folder: str,
        agency_id: str,
        name: str,
        year: int,
        sheets: dict[str, list[list[object]]],
        use_xlsx: bool,
    ) -> None:
        if self.bulk is not None:
            for sheet, rows in sheets.items():
                self.bulk.setdefault((year, sheet), []).extend(rows)
            return
        target = self.out_dir / folder
        target.mkdir(parents=True, exist_ok=True)
        (target / "README.md").write_text(f"# {name} {year}\n\n{SYNTHETIC_NOTE}\n")
        if use_xlsx:
            write_workbook(
                target / "laporan.xlsx",
                agency_id,
                name,
                year,
                sheets,
                note=SYNTHETIC_NOTE,
                created=dt.datetime(year + 1, 1, 31, tzinfo=dt.UTC),
            )
            return
        for sheet, rows in sheets.items():
            with (target / f"{sheet}.csv").open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(ENTITIES_BY_SHEET[sheet].headers)
                writer.writerows(rows)


def _reference_rows(region: Region) -> list[list[object]]:
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
                ]
            )
    return rows


def generate_regency(
    out_dir: Path, seed: int, account_names: dict[str, str], region: Region = BUNDLED_REGION
) -> list[Defect]:
    """Write one synthetic regency under ``out_dir`` (a raw/ tree); return planted defects."""
    for old in sorted(out_dir.glob(f"*/{region.prefix}-*")):
        for path in sorted(old.iterdir()):
            path.unlink()
        old.rmdir()
    writer = _RegencyWriter(out_dir, seed, account_names, region)
    _write_agency_years(writer)
    reference = out_dir / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    suffix = region.reference_suffix
    _write_csv(reference / f"agencies-{suffix}.csv", REFERENCE_HEADERS, _reference_rows(region))
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
]
DEFECT_HEADERS = ["fiscal_year", "agency_id", "defect", "source_file", "detail"]


def _defect_row(defect: Defect) -> list[object]:
    return [defect.fiscal_year, defect.agency_id, defect.defect, defect.source_file, defect.detail]


def _write_csv(path: Path, headers: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)


def _write_agency_years(writer: _RegencyWriter) -> None:
    """Every agency-year of the writer's region, with the planted defects."""
    region = writer.region
    for year in YEARS:
        for spec in AGENCIES:
            if (year, spec.slug) == (2021, "dispora"):
                writer.defects.append(
                    Defect(
                        year,
                        f"{region.prefix}-dispora",
                        "missing_agency_year",
                        f"{year}/{region.prefix}-dispora/",
                        "no files delivered",
                    )
                )
                continue
            writer.agency_year(spec, year)
    old, new, *_, from_year = RENAMED_AGENCY
    writer.defects.append(
        Defect(
            from_year,
            f"{region.prefix}-{new}",
            "renamed_agency",
            "reference/agencies-synthetic.csv",
            f"{region.prefix}-{old} renamed {region.prefix}-{new} from {from_year}",
        )
    )


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
        defects += generate_regency(out_dir, seed + number, account_names, region)
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
    bases: list[dict[tuple[int, str], str]] = []
    base_defects: list[list[Defect]] = []
    for number in range(distinct):
        placeholder = Region("00.00", "", f"zq{number:02d}")
        rows: dict[tuple[int, str], list[list[object]]] = {}
        writer = _RegencyWriter(out_dir, seed + number, account_names, placeholder, detail, rows)
        _write_agency_years(writer)
        texts = {}
        for key, sheet_rows in rows.items():
            buffer = io.StringIO()
            csv.writer(buffer).writerows(sheet_rows)
            texts[key] = buffer.getvalue()
        bases.append(texts)
        base_defects.append(writer.defects)
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
                    out.write(",".join(ENTITIES_BY_SHEET[sheet].headers) + "\r\n")
                    for base, region in copies:
                        text = bases[base].get((year, sheet), "")
                        out.write(text.replace(f"zq{base:02d}-", f"{region.prefix}-"))
                        written += text.count("\r\n")
        _write_csv(
            reference / f"agencies-{province}.csv",
            REFERENCE_HEADERS,
            [row for region in regions for row in _reference_rows(region)],
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
    return written
