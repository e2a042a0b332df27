"""One ledger written in many export layouts, as regional finance offices print them:
to prove the reader by headers reads the family, not a few examples.

A :class:`Variant` draws, from a seed, the file kind (xlsx, CSV in any delimiter,
HTML), the header's words (from the synonyms an office uses), a code in one column or
split over Urs … Rekening under a merged ``KODE``, one or two header rows, 0-10 title
rows, where the unit is said (a title line, columns per row, a heading row), a
numbering row, a signature block, the number convention (Indonesian, English, number
cells), extra columns (No, Sisa, %, the original budget and the realisation by period,
an open-data table's province, regency and year on every row), the column order, one
or two units, and the code system: Permendagri 90/2019, or 13/2006 codes run together
as SIMDA prints them.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from pipelines.synthetic.export_words import (
    BUDGET_LABELS,
    CODE_LABELS,
    FOOTER,
    JOINED_LABELS,
    NAME_LABELS,
    PART_LABELS,
    PERCENT_LABELS,
    PERIOD_BUDGET_LABELS,
    PERIOD_LABELS,
    PERIOD_REALIZED_LABELS,
    REALIZED_LABELS,
    REGION_COLUMNS,
    REMAINDER_LABELS,
    TITLE_LINES,
    UNIT_LINES,
)
from pipelines.synthetic.finance import ACCOUNT_NAMES, Unit, account_rows, idr
from pipelines.synthetic.layout_files import write_html, write_xlsx
from pipelines.synthetic.legacy_ledger import LEGACY_NAMES, legacy_units

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Variant:
    kind: str  # xlsx | csv | html
    delimiter: str
    split_code: bool
    parts: tuple[str, ...]
    code_label: str
    name_label: str
    budget_label: str
    realized_label: str
    extras: tuple[str, ...]  # of number, remainder, percent
    extra_labels: tuple[str, ...]
    title_rows: int
    unit_source: str  # title | columns | heading
    numbering: bool
    footer: bool
    convention: str  # id | en | cells (number cells: xlsx only)
    amounts_first: bool  # realisasi before anggaran
    units: int
    group_heading: bool  # a second header row above the amounts
    legacy: bool = False  # 13/2006 codes run together (organisation, program, kegiatan, account)
    legacy_dot: bool = False  # … each ending in a dot, as some SIMDA versions print them
    code_in_name: bool = False  # "1.02.01 Program …" in one cell under "Kode / Uraian"
    # labels of the original budget, the realisation to the period before and in the
    # period, printed beside the year's budget and realisation to date; empty: none
    period_labels: tuple[str, ...] = ()
    # an open-data table's province and regency repeated on every row, and its year
    region_columns: bool = False
    year_column: bool = False
    # a split code's columns with no label of their own under its merged "Kode Rekening"
    unlabelled_parts: bool = False
    code_separator: str = " "  # between a code and the name printed after it in one cell

    @property
    def suffix(self) -> str:
        return {"xlsx": ".xlsx", "csv": ".csv", "html": ".xls"}[self.kind]


def variants(seed: int, count: int) -> list[Variant]:
    """``count`` layouts drawn from ``seed``: the first choices from one draw, each
    dimension added later from its own (so adding one leaves the others as they were)."""
    rng = random.Random(seed)
    later = [random.Random(seed + n) for n in range(1, 6)]
    out = []
    for _ in range(count):
        kind = rng.choice(("xlsx", "csv", "html"))
        units = rng.choice((1, 1, 2))
        unit_source = rng.choice(("title", "columns", "heading"))
        if units == 2 and unit_source == "title":
            unit_source = rng.choice(("columns", "heading"))
        extras = tuple(e for e in ("number", "remainder", "percent") if rng.random() < 0.4)
        legacy = rng.random() < 0.15  # run together only: SIMDA never splits them
        labels = {
            "number": "No",
            "remainder": rng.choice(REMAINDER_LABELS),
            "percent": rng.choice(PERCENT_LABELS),
        }
        variant = Variant(
            kind=kind,
            delimiter=rng.choice((";", ",", "\t")),
            split_code=not legacy and rng.random() < 0.35,
            parts=rng.choice(PART_LABELS),
            code_label=rng.choice(CODE_LABELS),
            name_label=rng.choice(NAME_LABELS),
            budget_label=rng.choice(BUDGET_LABELS),
            realized_label=rng.choice(REALIZED_LABELS),
            extras=extras,
            extra_labels=tuple(labels[e] for e in extras),
            title_rows=rng.randint(0, 10),
            unit_source=unit_source,
            numbering=rng.random() < 0.5,
            footer=rng.random() < 0.5,
            convention=rng.choice(("id", "en", "cells") if kind == "xlsx" else ("id", "en")),
            amounts_first=rng.random() < 0.2,
            units=units,
            group_heading=rng.random() < 0.3,
            legacy=legacy,
            legacy_dot=legacy and rng.random() < 0.5,
        )
        out.append(_with_later_dimensions(variant, *later))
    return out


def _with_later_dimensions(v: Variant, joined, periods, open_data, unlabelled, separators):
    """The dimensions added after the first, each from its own draw."""
    if not v.split_code and joined.random() < 0.25:
        v = replace(v, code_in_name=True, name_label=joined.choice(JOINED_LABELS))
    if v.unit_source == "columns" and open_data.random() < 0.4:
        v = replace(v, region_columns=True, year_column=open_data.random() < 0.7)
    if v.code_in_name and separators.random() < 0.5:
        v = replace(v, code_separator=separators.choice((" - ", " – ", " : ")))
    if v.split_code and unlabelled.random() < 0.5:
        v = replace(v, unlabelled_parts=True, code_label="Kode Rekening")
    if periods.random() < 0.2:
        v = replace(
            v,
            period_labels=periods.choice(PERIOD_LABELS),
            budget_label=periods.choice(PERIOD_BUDGET_LABELS),
            realized_label=periods.choice(PERIOD_REALIZED_LABELS),
        )
    return v


def _amount(value: Decimal, convention: str):
    if convention == "cells":
        return float(value)
    if convention == "en":
        return f"{value:,.2f}"
    return idr(value)


def _code_parts(code: str, account: bool) -> list[str]:
    """The six code cells of a split layout (urusan … sub kegiatan, rekening)."""
    if account:
        return ["", "", "", "", "", code]
    segments = code.split(".")
    kegiatan = ".".join(segments[3:5]) if len(segments) > 3 else ""
    parts = [
        segments[0],
        segments[1],
        segments[2],
        kegiatan,
        segments[5] if len(segments) > 5 else "",
    ]
    return [*parts, ""]


def _columns(variant: Variant) -> list[tuple[str, str]]:
    """(key, label) of each column in print order."""
    code = (
        [(f"part{i}", label) for i, label in enumerate(variant.parts)]
        if variant.split_code
        else [("code", variant.code_label)]
    )
    if variant.code_in_name:
        code = []
    amounts = [("budget", variant.budget_label), ("realized", variant.realized_label)]
    if variant.period_labels:
        original, before, during = variant.period_labels
        amounts = [("original", original), amounts[0], ("before", before), ("during", during)]
        amounts.append(("realized", variant.realized_label))
    if variant.amounts_first:
        amounts.reverse()
    units = (
        [("unit_code", "Kode SKPD"), ("unit_name", "Nama SKPD")]
        if variant.unit_source == "columns"
        else []
    )
    if variant.region_columns:
        units = [*REGION_COLUMNS, *units]
    if variant.year_column:
        units = [("year", "tahun"), *units]
    extras = dict(zip(variant.extras, variant.extra_labels, strict=True))
    head = [("number", extras["number"])] if "number" in extras else []
    tail = [(key, extras[key]) for key in ("remainder", "percent") if key in extras]
    return head + units + code + [("name", variant.name_label)] + amounts + tail


AMOUNT_KEYS = ("original", "budget", "before", "during", "realized")


def _top_label(key: str, variant: Variant) -> str:
    """The upper header row's cell over a column (two-row headers)."""
    if key.startswith("part"):
        return variant.code_label if variant.unlabelled_parts else "KODE"
    if key in AMOUNT_KEYS and variant.group_heading:
        return "ANGGARAN DAN REALISASI"
    return ""


def ledger_rows(units: list[Unit], variant: Variant) -> list[dict]:
    """One dict per printed line, by column key."""
    rows = []
    if variant.legacy:
        units = legacy_units(units)
    dot = "." if variant.legacy_dot else ""
    names = LEGACY_NAMES if variant.legacy else ACCOUNT_NAMES
    for unit in units:
        if variant.unit_source == "heading":
            top = [line for line in unit.lines if line.level == "program"]
            rows.append(
                {
                    "code": unit.code,
                    "name": unit.name,
                    "budget": sum((x.budget for x in top), Decimal(0)),
                    "realized": sum((x.realized for x in top), Decimal(0)),
                }
            )
        for line in unit.lines:
            rows.append(
                {
                    "code": line.code,
                    "name": line.name,
                    "budget": line.budget,
                    "realized": line.realized,
                    "unit": unit,
                }
            )
            for code, name, budget, realized, _ in account_rows(
                line.accounts, line.misprinted, names
            ):
                rows.append(
                    {
                        "code": f"{line.code}.{code}{dot}" if variant.legacy else code,
                        "name": name,
                        "budget": budget,
                        "realized": realized,
                        "unit": unit,
                        "account": True,
                    }
                )
    return rows


def _cells(row: dict, columns: list[tuple[str, str]], variant: Variant, number: int) -> list:
    heading = "unit" not in row
    parts = []
    if variant.split_code:  # a unit's heading row: its code in the first part only
        parts = (
            [row["code"], "", "", "", "", ""]
            if heading
            else _code_parts(row["code"], row.get("account", False))
        )
    unit = row.get("unit")
    before = (row["realized"] * 4 / 5).quantize(CENT)
    values = {
        "number": str(number),
        "year": "2024",
        "province_code": "16",
        "province_name": "SUMATERA SELATAN",
        "regency_code": "1606",
        "regency_name": "KABUPATEN MUSI BANYUASIN",
        "unit_code": unit.code if unit else "",
        "unit_name": unit.name if unit else "",
        "code": row["code"],
        "name": f"{row['code']}{variant.code_separator}{row['name']}"
        if variant.code_in_name
        else row["name"],
        "budget": _amount(row["budget"], variant.convention),
        "realized": _amount(row["realized"], variant.convention),
        "remainder": _amount(row["budget"] - row["realized"], variant.convention),
        "original": _amount((row["budget"] * 9 / 10).quantize(CENT), variant.convention),
        "before": _amount(before, variant.convention),
        "during": _amount(row["realized"] - before, variant.convention),
        "percent": f"{row['realized'] * 100 / row['budget']:.2f}".replace(".", ",")
        if row["budget"]
        else "0",
    }
    values |= {f"part{i}": part for i, part in enumerate(parts)}
    return [values[key] for key, _ in columns]


def layout_rows(
    units: list[Unit], variant: Variant
) -> tuple[list[str], list[list], list[list], list[str]]:
    """(title lines, header band rows, data rows, footer lines) of a variant."""
    columns = _columns(variant)
    titles = list(TITLE_LINES[: variant.title_rows])
    if variant.unit_source == "title":
        line = UNIT_LINES[variant.title_rows % len(UNIT_LINES)]
        titles.insert(min(len(titles), 2), line.format(code=units[0].code, name=units[0].name))
    two_rows = variant.split_code or variant.group_heading
    band = [[label for _, label in columns]]
    if two_rows:
        top = [_top_label(key, variant) for key, _ in columns]
        bottom = [
            "" if key.startswith("part") and variant.unlabelled_parts else label
            if _top_label(key, variant) else ""
            for key, label in columns
        ]  # fmt: skip
        upper = [t or label for t, (_, label) in zip(top, columns, strict=True)]
        band = [upper, bottom]
    data = [
        _cells(row, columns, variant, n) for n, row in enumerate(ledger_rows(units, variant), 1)
    ]
    if variant.numbering:
        data.insert(0, [str(n) for n in range(1, len(columns) + 1)])
    footer = list(FOOTER) if variant.footer else []
    return titles, band, data, footer


def write_variant(path: Path, units: list[Unit], variant: Variant) -> Path:
    titles, band, data, footer = layout_rows(units, variant)
    if variant.kind == "csv":
        if len(band) == 2:  # a merged heading: its text in the first cell only
            upper, lower = band
            band = [
                [c if i == 0 or c != upper[i - 1] else "" for i, c in enumerate(upper)],
                lower,
            ]
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=variant.delimiter)
            writer.writerows([[t] for t in titles] + band + data + [[f] for f in footer])
    elif variant.kind == "html":
        write_html(path, titles, band, data, footer)
    else:
        write_xlsx(path, titles, band, data, footer)
    return path


def layout_name(variant: Variant, number: int) -> str:
    code = "legacy" if variant.legacy else "split" if variant.split_code else "joined"
    code += "-in-name" if variant.code_in_name else ""
    code += "-periods" if variant.period_labels else ""
    return f"v{number:03d}-{variant.kind}-{code}-{variant.unit_source}-{variant.convention}"


def write_variants(folder: Path, units: list[Unit], seed: int, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_variant(folder / (layout_name(v, n) + v.suffix), units, v)
        for n, v in enumerate(variants(seed, count), start=1)
    ]


END_2024 = dt.date(2024, 12, 31)
