"""The rows of every synthetic agency-year, written as the files an agency delivers (or
gathered for bulk extracts), with the defects planted on purpose."""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from pipelines.lib.contract import ENTITIES_BY_SHEET
from pipelines.lib.template import write_workbook
from pipelines.synthetic.catalog import (
    AGENCIES,
    RENAMED_AGENCY,
    AgencySpec,
)
from pipelines.synthetic.finance import Unit
from pipelines.synthetic.finance_exports import FINANCE_YEAR, ledger_unit
from pipelines.synthetic.model import (
    SCALE,
    SYNTHETIC_NOTE,
    YEAR_GROWTH,
    YEARS,
    Defect,
    Indicator,
    Line,
    Region,
    achievement_of,
    agency_identity,
    budget_line_rows,
    category,
    fill_amounts,
    indicators,
    number,
    percent,
    rupiah,
    structure,
    summary_rupiah,
    swap_digits,
)


class RegencyWriter:
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
        # (agency id, ledger) of the finance export year, when the region has exports
        self.finance_units: list[tuple[str, Unit]] | None = None
        self.prior_achievement: dict[tuple[str, int, int], Decimal] = {}

    def rng(self, *parts: object) -> random.Random:
        return random.Random("-".join(str(p) for p in (self.seed, *parts)))

    def agency_year(self, spec: AgencySpec, year: int) -> None:
        agency_id, name, _ = agency_identity(spec, year, self.region.prefix)
        rng = self.rng(spec.slug, year)
        programs = structure(spec, year, self.detail)
        total = int(spec.budget_billion * 1e9 * YEAR_GROWTH[year] * rng.uniform(0.96, 1.04))
        fill_amounts(programs, total, rng)
        folder = f"{year}/{agency_id}"
        use_xlsx = spec.agency_type == "kecamatan"
        budget_file = f"{folder}/anggaran.csv" if not use_xlsx else f"{folder}/laporan.xlsx"
        if (year, spec.slug) == (2023, "dpupr"):
            self._plant_overspent_line(year, agency_id, budget_file, programs)
        if self.finance_units is not None and year == FINANCE_YEAR:
            self.finance_units.append((agency_id, ledger_unit(spec, name, programs)))
        lines = [line for p in programs for line in p.walk()]
        budget_rows = budget_line_rows(year, agency_id, lines, rng)
        self._plant_budget_defects(spec, year, agency_id, budget_file, programs, budget_rows)
        spending_rows = self._spending_rows(year, agency_id, lines)
        indicator_rows, objectives = self._indicator_rows(spec, agency_id, year, programs, rng)
        totals_rows = self._totals_rows(spec, year, agency_id, programs, lines, objectives)
        sheets = {
            "anggaran": budget_rows,
            "belanja": spending_rows,
            "kinerja": indicator_rows,
            "ringkasan": totals_rows,
            "skala": [[year, agency_id, *band] for band in SCALE],
        }
        self._write(folder, agency_id, name, year, sheets, use_xlsx)

    def _plant_overspent_line(
        self, year: int, agency_id: str, budget_file: str, programs: list[Line]
    ) -> None:
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

    def _plant_budget_defects(
        self,
        spec: AgencySpec,
        year: int,
        agency_id: str,
        budget_file: str,
        programs: list[Line],
        budget_rows: list[list[object]],
    ) -> None:
        """A printed percentage with swapped digits, an amount with a letter O."""
        if (year, spec.slug) not in ((2022, "disdik"), (2020, "kec-lais")):
            return
        row = next(
            r for r in budget_rows if r[2] == "sub kegiatan" and r[3].startswith(programs[1].code)
        )
        if spec.slug == "disdik":
            printed = row[8]
            row[8] = swap_digits(printed)
            defect = "reported_percent_mismatch"
            detail = f"{row[3]} persen_dilaporkan {row[8]} (recomputed {printed})"
        else:
            row[6] = row[6][:-1] + "O"
            defect = "malformed_amount"
            detail = f"{row[3]} realisasi_keuangan {row[6]!r} (letter O)"
        self.defects.append(Defect(year, agency_id, defect, budget_file, detail))

    def _spending_rows(self, year: int, agency_id: str, lines: list[Line]) -> list[list[object]]:
        spending: dict[str, list[int]] = {}
        for leaf in (x for x in lines if not x.children):
            sums = spending.setdefault(leaf.account, [0, 0])
            sums[0] += leaf.budget
            sums[1] += leaf.realized
        return [
            [
                year,
                agency_id,
                code,
                self.account_names[code],
                summary_rupiah(b),
                summary_rupiah(r),
            ]
            for code, (b, r) in sorted(spending.items())
        ]

    def _totals_rows(
        self,
        spec: AgencySpec,
        year: int,
        agency_id: str,
        programs: list[Line],
        lines: list[Line],
        objectives: dict[int, tuple[Decimal, list[str]]],
    ) -> list[list[object]]:
        """ringkasan: the agency's stated totals and counts, each sasaran's figures."""
        budget_total = sum(p.budget for p in programs)
        realized_total = sum(p.realized for p in programs)
        summary = summary_rupiah(budget_total)
        if (year, spec.slug) == (2021, "dinkes"):
            summary = swap_digits(summary)
            self.defects.append(
                Defect(
                    year,
                    agency_id,
                    "typo_total",
                    f"{year}/{agency_id}/ringkasan.csv",
                    f"Ikhtisar Eksekutif anggaran {summary} vs detail {rupiah(budget_total)}",
                )
            )
        absorption = percent(Decimal(realized_total) / Decimal(budget_total) * 100) + "%"
        agency = [
            ("anggaran", summary),
            ("realisasi", summary_rupiah(realized_total)),
            ("serapan_persen", absorption),
            ("jumlah_program", len(programs)),
            ("jumlah_kegiatan", sum(1 for x in lines if x.level == "kegiatan")),
            ("jumlah_sub_kegiatan", sum(1 for x in lines if x.level == "sub kegiatan")),
        ]
        rows = [
            [year, agency_id, "opd", "", measure, value, "Ikhtisar Eksekutif"]
            for measure, value in agency
        ]
        program_by_code = {p.code: p for p in programs}
        for objective_no, (mean, codes) in sorted(objectives.items()):
            funded = [program_by_code[c] for c in codes]
            figures = [
                ("capaian_persen", percent(mean) + "%", "Tabel capaian sasaran"),
                ("kategori", category(mean), "Tabel capaian sasaran"),
                ("anggaran", summary_rupiah(sum(p.budget for p in funded)), "Analisis efisiensi"),
                (
                    "realisasi",
                    summary_rupiah(sum(p.realized for p in funded)),
                    "Analisis efisiensi",
                ),
            ]
            rows += [
                [year, agency_id, "sasaran", objective_no, measure, value, section]
                for measure, value, section in figures
            ]
        return rows

    def _indicator_rows(
        self, spec: AgencySpec, agency_id: str, year: int, programs: list[Line], rng: random.Random
    ):
        rows, by_objective = [], {}
        performance = rng.uniform(0.68, 1.08)  # how well this agency performs this year
        for indicator in indicators(spec, programs, self.rng(spec.slug, "indicators")):
            factor = performance * rng.uniform(0.92, 1.08)
            if indicator.lower_is_better:
                realized = indicator.target * (2 - factor)
            elif indicator.unit == "%":
                realized = min(100.0, indicator.target * factor)
            else:
                realized = round(indicator.target * factor * rng.uniform(0.8, 1.25))
            realized = round(realized, 2)
            achievement = achievement_of(indicator, realized)
            key = (spec.slug, indicator.objective_no, indicator.indicator_no)
            prior = self.prior_achievement.get(key)
            if prior is None:  # the year before the data starts: a plausible figure
                prior = Decimal(str(round(rng.uniform(70, 110), 2)))
            self.prior_achievement[key] = achievement
            renstra_target = indicator.target * (0.9 if indicator.lower_is_better else 1.1)
            renstra = achievement_of(
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
                    number(indicator.target) + unit_suffix,
                    number(realized) + unit_suffix,
                    ";".join(indicator.programs),
                    percent(achievement),
                    category(achievement),
                    percent(prior),
                    percent(renstra),
                    number(renstra_target) + unit_suffix,
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
                width = len(rows[0]) if rows else len(ENTITIES_BY_SHEET[sheet].headers)
                writer.writerow(ENTITIES_BY_SHEET[sheet].leading_headers(width))
                writer.writerows(rows)


def write_agency_years(writer: RegencyWriter) -> None:
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
