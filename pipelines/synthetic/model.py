"""A synthetic agency-year: its programs, kegiatan and sub kegiatan with amounts that add
up, its indicators, and the way reports print figures."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pipelines.synthetic.catalog import (
    ACTIVITY_PATTERNS,
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
    (3, "Cukup", "55", "74", "55-74%"),
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


def structure(spec: AgencySpec, year: int, detail: int = 1) -> list[Line]:
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


def fill_amounts(programs: list[Line], total: int, rng: random.Random) -> None:
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


def indicators(spec: AgencySpec, programs: list[Line], rng: random.Random) -> list[Indicator]:
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


def achievement_of(indicator: Indicator, realized: float) -> Decimal:
    target = Decimal(str(indicator.target))
    value = Decimal(str(realized))
    if indicator.lower_is_better:
        return (2 * target - value) / target * 100
    return value / target * 100


def number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def agency_identity(spec: AgencySpec, year: int, prefix: str) -> tuple[str, str, str]:
    old, new, new_name, new_short, from_year = RENAMED_AGENCY
    if spec.slug == old and year >= from_year:
        return f"{prefix}-{new}", new_name, new_short
    return f"{prefix}-{spec.slug}", spec.name, spec.short_name


def summary_rupiah(amount: int) -> str:
    """An amount as summaries print it: ``Rp. 120.306.748.000,-``."""
    return f"Rp. {rupiah(amount)[:-3]},-"


def budget_line_rows(
    year: int, agency_id: str, lines: list[Line], rng: random.Random
) -> list[list[object]]:
    rows = []
    for line in lines:
        absorption = Decimal(line.realized) / Decimal(line.budget) * 100
        physical = min(Decimal(100), absorption + Decimal(rng.uniform(2, 15)))
        rows.append(
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
    return rows


def swap_digits(text: str) -> str:
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    for left, right in itertools.pairwise(digits):
        if right == left + 1 and text[left] != text[right]:
            return text[:left] + text[right] + text[left] + text[right + 1 :]
    last = digits[-1]  # no swap possible ('88,22'): mistype the last digit instead
    return text[:last] + str((int(text[last]) + 1) % 10) + text[last + 1 :]
