"""The synthetic regency's realisation as the finance agency exports it: one fiscal
year of every agency in the three shapes, with the defects a real export brings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from pipelines.synthetic.catalog import AGENCIES, AgencySpec
from pipelines.synthetic.finance import (
    Account,
    Unit,
    write_flat_csv,
    write_lra_workbook,
    write_sipd_html,
)
from pipelines.synthetic.finance import Line as LedgerLine
from pipelines.synthetic.model import Defect, Line

FINANCE_YEAR = 2024  # the year the synthetic BPKAD exports realisation
FOLDER = f"{FINANCE_YEAR}/keuangan"
FILES = {
    "sipd": "realisasi-sipd-2024.xls",  # an HTML table saved with an .xls name
    "lra": "lra-per-skpd-2024.xlsx",
    "csv": "realisasi-2024-12.csv",
    "snapshot": "realisasi-2024-06.csv",  # an earlier cumulative snapshot
}
UNLISTED_UNIT = ("7.01.0.00.0.00.99.0000", "Kantor Penghubung Sintetis")


def unit_code(spec: AgencySpec) -> str:
    """kode SKPD as the finance system prints it: urusan-bidang, then the unit number."""
    number = next(n for n, s in enumerate(AGENCIES, start=1) if s.slug == spec.slug)
    return f"{spec.bidang}.0.00.0.00.{number:02d}.0000"


def ledger_unit(spec: AgencySpec, name: str, programs: list[Line]) -> Unit:
    """One agency's budget lines as the ledger holds them: each sub kegiatan's money on
    two accounts of its spending type (60 / 40)."""
    lines = []
    for line in (x for program in programs for x in program.walk()):
        accounts = []
        if not line.children:
            first = (line.budget * 3 // 5, line.realized * 3 // 5)
            rest = (line.budget - first[0], line.realized - first[1])
            for suffix, (budget, realized) in (("0024", first), ("0026", rest)):
                accounts.append(
                    Account(
                        f"{line.account}.01.01.{suffix}",
                        f"Belanja {line.name[:40]}",
                        Decimal(budget),
                        Decimal(realized),
                    )
                )
        lines.append(
            LedgerLine(
                line.level,
                line.code,
                line.name,
                Decimal(line.budget),
                Decimal(line.realized),
                accounts,
            )
        )
    return Unit(unit_code(spec), name, lines, (spec.bidang.split(".")[0], "URUSAN"))


def _two_fifths_spent(unit: Unit) -> Unit:
    """The unit at mid-year: each account two fifths spent, every line the sum of the
    accounts under it (so the snapshot adds up as the ledger does)."""
    accounts = {
        line.code: [dataclasses.replace(a, realized=a.realized * 2 // 5) for a in line.accounts]
        for line in unit.lines
    }

    def spent(code: str) -> Decimal:
        return sum(
            (
                a.realized
                for line_code, line_accounts in accounts.items()
                if line_code == code or line_code.startswith(code + ".")
                for a in line_accounts
            ),
            Decimal(0),
        )

    lines = [
        dataclasses.replace(line, realized=spent(line.code), accounts=accounts[line.code])
        for line in unit.lines
    ]
    return dataclasses.replace(unit, lines=lines)


def write_finance_exports(out_dir, region_name: str, units: list[tuple[str, Unit]]) -> list[Defect]:
    """Every unit (with its agency id) in one of the three shapes, a third each, as a
    real export comes: the HTML table named .xls, an earlier snapshot of the CSV's units
    beside the later one, a misprinted subtotal and a unit missing from the agency list
    (the last two are the defects returned: the others must simply be read right)."""
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    end = dt.date(FINANCE_YEAR, 12, 31)
    agency_of = {unit.code: agency for agency, unit in units}
    every = [unit for _, unit in units]
    sipd, lra, flat = every[0::3], every[1::3], every[2::3]
    misprinted = next(line for line in sipd[0].lines if line.accounts)
    misprinted.misprinted = {"5.1": Decimal(1_000_000)}
    unlisted = Unit(*UNLISTED_UNIT, [dataclasses.replace(sipd[0].lines[0], accounts=[])])
    write_sipd_html(folder / FILES["sipd"], sipd, region_name, end)
    write_lra_workbook(folder / FILES["lra"], [*lra, unlisted], region_name, end)
    write_flat_csv(folder / FILES["csv"], flat, end)
    half_year = [_two_fifths_spent(unit) for unit in flat]
    write_flat_csv(folder / FILES["snapshot"], half_year, dt.date(FINANCE_YEAR, 6, 30))
    return [
        Defect(
            FINANCE_YEAR,
            agency_of[sipd[0].code],
            "finance_subtotal_mismatch",
            f"{FOLDER}/{FILES['sipd']}",
            f"unit {sipd[0].code} sub kegiatan {misprinted.code}: account 5.1 printed "
            "Rp 1.000.000 above its leaves",
        ),
        Defect(
            FINANCE_YEAR,
            "",
            "finance_unmatched_unit",
            f"{FOLDER}/{FILES['lra']}",
            f"unit {UNLISTED_UNIT[0]} {UNLISTED_UNIT[1]!r} is in no agency list",
        ),
    ]
