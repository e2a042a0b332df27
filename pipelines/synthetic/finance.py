"""Ledgers written as the finance system exports them (SIPD-RI HTML, LRA per SKPD
workbook, flat CSV): for fixtures, the synthetic regency and the benchmark.

A :class:`Unit` is one SKPD's budget lines in print order; a sub kegiatan carries its
leaf accounts, and every writer prints the account subtotals above them (5, 5.1,
5.1.02, …) the way the finance system does, so a reader must not add them up.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from pipelines.lib.contract import MONTH_NAMES
from pipelines.lib.finance.export import FLAT_HEADERS

ACCOUNT_NAMES = {
    "5": "BELANJA DAERAH",
    "5.1": "BELANJA OPERASI",
    "5.2": "BELANJA MODAL",
    "5.3": "BELANJA TIDAK TERDUGA",
    "5.4": "BELANJA TRANSFER",
}


@dataclass
class Account:
    code: str  # a leaf: 5.1.02.01.01.0024
    name: str
    budget: Decimal
    realized: Decimal


@dataclass
class Line:
    level: str  # program / kegiatan / sub kegiatan
    code: str
    name: str
    budget: Decimal
    realized: Decimal
    accounts: list[Account] = field(default_factory=list)
    # account subtotal → amount printed above its leaves' sum (a planted defect)
    misprinted: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Unit:
    code: str  # kode SKPD as the finance system prints it
    name: str
    lines: list[Line]
    urusan: tuple[str, str] = ("8", "URUSAN PEMERINTAHAN UMUM")


def idr(value: Decimal) -> str:
    """``5.135.000,00``."""
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    return f"{sign}{int(whole):,}".replace(",", ".") + "," + cents


def period_text(period_end: dt.date) -> str:
    return f"{period_end.day} {MONTH_NAMES[period_end.month - 1].title()} {period_end.year}"


def account_rows(
    accounts: list[Account],
    misprinted: dict[str, Decimal] | None = None,
    names: dict[str, str] = ACCOUNT_NAMES,
) -> list[tuple[str, str, Decimal, Decimal, bool]]:
    """The leaves with every subtotal above them, in print order: (code, name, budget,
    realized, is_leaf); a ``misprinted`` subtotal's budget is printed that much off."""
    totals: dict[str, list[Decimal]] = {}
    printed: dict[str, str] = {}
    for account in accounts:
        segments = account.code.split(".")
        for depth in range(1, len(segments) + 1):
            code = ".".join(segments[:depth])
            total = totals.setdefault(code, [Decimal(0), Decimal(0)])
            total[0] += account.budget
            total[1] += account.realized
            printed.setdefault(code, names.get(code, f"Rincian {code}"))
        printed[account.code] = account.name
    leaves = {a.code for a in accounts}
    for code, offset in (misprinted or {}).items():
        totals[code][0] += offset
    return [
        (code, printed[code], *totals[code], code in leaves)
        for code in sorted(totals, key=lambda c: [int(s) for s in c.split(".")])
    ]


def allocate(amounts: list[Decimal], totals: list[Decimal]) -> list[tuple[int, int, Decimal]]:
    """Split ``amounts`` over ``totals`` of the same sum (north-west corner): (index of
    the amount, index of the total, part) with every part positive."""
    if sum(amounts) != sum(totals):
        raise ValueError(f"cannot split {sum(amounts)} over totals adding to {sum(totals)}")
    parts, i, j = [], 0, 0
    left_a, left_t = list(amounts), list(totals)
    while i < len(amounts) and j < len(totals):
        part = min(left_a[i], left_t[j])
        if part > 0:
            parts.append((i, j, part))
        left_a[i] -= part
        left_t[j] -= part
        if left_a[i] == 0:
            i += 1
        else:
            j += 1
    return parts


# ---------------------------------------------------------------- SIPD-RI HTML

_SIPD_HEADER = (
    "Kode Urusan / Bidang Urusan",
    "Kode Sub Unit",
    "Kode Program / Kegiatan / Sub Kegiatan",
    "Kode Rekening",
    "Uraian Urusan / Bidang / Sub Unit / Program / Kegiatan / Sub Kegiatan / Rekening",
    "Anggaran Operasi",
    "Realisasi Operasi",
    "Anggaran Modal",
    "Realisasi Modal",
    "Anggaran Tak Terduga",
    "Realisasi Tak Terduga",
    "Anggaran Transfer",
    "Realisasi Transfer",
)
_GROUP_COLUMN = {"5.1": 0, "5.2": 1, "5.3": 2, "5.4": 3}


def _by_group(rows: Iterable[tuple[str, Decimal, Decimal]]) -> list[str]:
    """Eight amount cells: anggaran and realisasi per spending group."""
    cells = [Decimal(0)] * 8
    for code, budget, realized in rows:
        column = _GROUP_COLUMN.get(code[:3], 0)
        cells[2 * column] += budget
        cells[2 * column + 1] += realized
    return [idr(c) for c in cells]


def write_sipd_html(
    path: Path, units: list[Unit], region: str, period_end: dt.date, truncate_at: int | None = None
) -> None:
    """The SIPD-RI realisation table; ``truncate_at`` cuts the file inside that row."""
    out = [
        "<html><head><meta charset='utf-8'><title>Laporan Realisasi</title></head><body>",
        f"<h3>PEMERINTAH {html.escape(region.upper())}</h3>",
        "<h3>LAPORAN REALISASI ANGGARAN PER SUB KEGIATAN</h3>",
        f"<p>Periode s.d. {period_text(period_end)}</p>",
        "<table border='1'><thead><tr>",
        *[f"<th>{html.escape(h)}</th>" for h in _SIPD_HEADER],
        "</tr><tr>",
        *[f"<th>{n}</th>" for n in range(1, 14)],
        "</tr></thead><tbody>",
    ]

    def row(cells: list[str]) -> None:
        out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")

    for unit in units:
        every = [(a.code, a.budget, a.realized) for line in unit.lines for a in line.accounts] or [
            ("5.1", line.budget, line.realized) for line in unit.lines if _is_leaf(line)
        ]
        row([unit.urusan[0], "", "", "", unit.urusan[1], *_by_group(every)])
        row(["", unit.code, "", "", unit.name, *_by_group(every)])
        for line in unit.lines:
            spent = [(a.code, a.budget, a.realized) for a in _leaves_under(unit, line)]
            cells = _by_group(spent) if spent else _by_group([("5.1", line.budget, line.realized)])
            row(["", "", line.code, "", line.name, *cells])
            for code, name, budget, realized, _ in account_rows(line.accounts, line.misprinted):
                row(["", "", "", code, name, *_by_group([(code, budget, realized)])])
    out.append("</tbody></table></body></html>")
    text = "\n".join(out)
    if truncate_at is not None:
        rows = text.split("<tr>")
        text = "<tr>".join(rows[: truncate_at + 1]) + "<tr><td>8</td><td>"
    path.write_text(text, encoding="utf-8")


def _is_leaf(line: Line) -> bool:
    return line.level == "sub kegiatan"


def _leaves_under(unit: Unit, line: Line) -> list[Account]:
    if line.accounts:
        return line.accounts
    return (
        [
            a
            for other in unit.lines
            if other.level == "sub kegiatan" and other.code.startswith(line.code + ".")
            for a in other.accounts
        ]
        if line.level != "sub kegiatan"
        else []
    )


# ---------------------------------------------------------------- LRA per SKPD workbook


def write_lra_workbook(
    path: Path,
    units: list[Unit],
    region: str,
    period_end: dt.date,
    shift: tuple[int, int] = (0, 0),
    data_shift: tuple[int, int] | None = None,
) -> None:
    """One sheet per SKPD in the LRA layout (header at B14, data from row 18; rows and
    columns counted from 1 as a spreadsheet shows them). ``shift`` moves the header
    block by (rows, columns), ``data_shift`` the data (default: with the header). The
    document date is the period's end, so the same ledger gives the same bytes."""
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    workbook.set_properties(
        {"created": dt.datetime(period_end.year, period_end.month, period_end.day)}
    )
    merged = workbook.add_format({"align": "center", "valign": "vcenter", "bold": True})
    down, right = shift
    data_down, data_right = data_shift if data_shift is not None else shift
    for unit in units:
        sheet = workbook.add_worksheet(unit.code[:31])
        start = dt.date(period_end.year, 1, 1)
        for row, text in (
            (3, f"PEMERINTAH {region.upper()}"),
            (4, "LAPORAN REALISASI ANGGARAN PENDAPATAN DAN BELANJA DAERAH"),
            (5, f"periode {period_text(start)} s.d {period_text(period_end)}"),
        ):
            sheet.write_string(row - 1, 1, text)
        for row, (label, value) in enumerate(
            [
                ("Urusan Pemerintahan", f"{unit.urusan[0]} {unit.urusan[1]}"),
                ("Unit Organisasi", f"{unit.code} {unit.name}"),
                ("Sub Unit Organisasi", f"{unit.code} {unit.name}"),
            ],
            start=8,
        ):
            sheet.write_string(row - 1, 3, label)
            sheet.write_string(row - 1, 9, ":")
            sheet.write_string(row - 1, 10, value)
        for first, last, text in ((2, 6, "KODE REKENING"), (7, 15, "URAIAN"), (17, 18, "ANGGARAN")):
            sheet.merge_range(
                13 + down, first - 1 + right, 14 + down, last - 1 + right, text, merged
            )
        sheet.write_string(13 + down, 18 + right, "REALISASI")
        rows = []
        for line in unit.lines:
            rows.append((line.code, 8, line.budget, line.realized, line.name))
            for code, name, budget, realized, _ in account_rows(line.accounts, line.misprinted):
                rows.append((code, 7 + code.count(".") + 1, budget, realized, name))
        for number, (code, name_column, budget, realized, name) in enumerate(rows):
            row = 17 + number + data_down
            sheet.write_string(row, 3 + data_right, code)
            sheet.write_string(row, name_column - 1 + data_right, name)
            sheet.write_string(row, 16 + data_right, idr(budget))
            sheet.write_string(row, 17 + data_right, idr(realized))
    workbook.close()


# ---------------------------------------------------------------- flat CSV


def write_flat_csv(path: Path, units: list[Unit], period_end: dt.date) -> None:
    """One row per SKPD × code; account rows name their sub kegiatan."""
    with path.open("w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(FLAT_HEADERS)
        for unit in units:
            common = [period_end.year, period_end.month, unit.code, unit.name]
            for line in unit.lines:
                out.writerow(
                    [*common, "", line.code, line.name, idr(line.budget), idr(line.realized)]
                )
                for code, name, budget, realized, _ in account_rows(line.accounts, line.misprinted):
                    out.writerow([*common, line.code, code, name, idr(budget), idr(realized)])


WRITERS: dict[str, Callable] = {
    "sipd": write_sipd_html,
    "lra": write_lra_workbook,
    "csv": write_flat_csv,
}
