"""One agency-year's LKjIP written in many layouts, to prove the extractor reads by the
words printed and not by one layout: header wording drawn from what reports print,
column order, a numbering row, a row-number column, number styles, optional columns,
dot-decimal percentages, sasaran headings in their variants, and PDF, Word or a text
extraction. Every variant holds the same figures as the delivery it was written from.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from pipelines.synthetic.documents import Grid, Heading, Item, Text, write_docx, write_pdf

NAME_WORDS = ("Program / Kegiatan / Sub Kegiatan", "Uraian", "Program/Kegiatan",
              "Nama Program, Kegiatan dan Sub Kegiatan")  # fmt: skip
BUDGET_WORDS = ("Pagu (Rp)", "Anggaran (Rp)", "Anggaran", "Pagu Anggaran")
REALIZED_WORDS = ("Realisasi (Rp)", "Realisasi Keuangan", "Realisasi")
PERCENT_WORDS = ("%", "Persentase", "% Realisasi")
REMAINING_WORDS = ("Sisa (Rp)", "Sisa Anggaran", "Selisih")
INDICATOR_WORDS = ("Indikator Kinerja Utama", "Indikator Kinerja", "Indikator")
TARGET_WORDS = ("Target {year}", "Target", "Target Kinerja")
ACHIEVED_WORDS = ("Realisasi {year}", "Realisasi")
ACHIEVEMENT_WORDS = ("Capaian (%)", "% Capaian", "Capaian")
TOTAL_WORDS = ("JUMLAH", "Jumlah Total", "TOTAL BELANJA", "Total")
CATEGORY_WORDS = ("Predikat", "Kategori")
OBJECTIVE_WORDS = ("Sasaran", "Sasaran Strategis")
# where a sasaran prints when it is no column of its own: a row merged across the whole
# table; across all but the (empty) number cell; or its number on one row, its name on
# the next; "" is a Sasaran column
OBJECTIVE_ROWS = ("", "row", "name", "name_next_line")
SCALE_WORDS = (
    ("Interval Nilai Capaian", "Predikat"),
    ("Skala Nilai", "Kategori"),
    ("Interval", "Predikat"),
    ("Interval Nilai Realisasi Kinerja", "Kriteria Penilaian Realisasi Kinerja"),
)
KINDS = ("pdf", "pdf-portrait", "docx", "txt")


@dataclass(frozen=True)
class Variant:
    """The choices one layout makes."""

    number: int
    kind: str
    name: str
    budget: str
    realized: str
    percent: str | None  # None: the column is left out
    remaining: str | None
    row_numbers: bool  # a "No" column before the code
    numbering_row: bool  # (1) (2) (3) … under the header
    amount_style: str  # rupiah, decimals, plain, rp
    indicator: str
    target: str
    achieved: str
    achievement: str
    category: str
    objective: str
    scale: tuple[str, str]
    dot_percent: bool  # capaian printed 88.06
    # last year's target and realisasi printed before this year's: "beside" each word
    # ("Target 2023"), "above" a group of columns (2023 over Target | Realisasi), or ""
    prior_year: str
    codes_printed: bool  # the budget table prints codes (else names only)
    spending_listed: bool  # spending by type as two lists under lead-ins, not a table
    objective_rows: str  # one of OBJECTIVE_ROWS
    narrow_names: bool  # the indicator column so narrow that a PDF cuts long words
    total_row: str  # the budget table's last row of totals ("JUMLAH"), "" for none
    list_marks: bool  # names under a program numbered "a. ", "b. " as in a list
    ruled: bool = True  # a PDF's tables ruled; else set by spaces alone (no lines)
    centred: bool = False  # a PDF's cells centred vertically in their row
    # "Rp" in a narrow cell of its own beside each amount, the header merged over both
    rp_cells: bool = False


def variants(count: int, seed: int = 20261207) -> list[Variant]:
    """``count`` layouts drawn with ``seed``; every file kind in turn."""
    pick = random.Random(seed)
    unruled = random.Random(seed + 1)  # its own draw: the other choices stay as they were
    centred = random.Random(seed + 2)
    rp_cells = random.Random(seed + 3)
    out = []
    for number in range(count):
        out.append(
            Variant(
                number,
                KINDS[number % len(KINDS)],
                pick.choice(NAME_WORDS),
                pick.choice(BUDGET_WORDS),
                pick.choice(REALIZED_WORDS),
                pick.choice((*PERCENT_WORDS, None)),
                pick.choice((*REMAINING_WORDS, None)),
                pick.random() < 0.3,
                pick.random() < 0.5,
                pick.choice(("rupiah", "decimals", "plain", "rp")),
                pick.choice(INDICATOR_WORDS),
                pick.choice(TARGET_WORDS),
                pick.choice(ACHIEVED_WORDS),
                pick.choice(ACHIEVEMENT_WORDS),
                pick.choice(CATEGORY_WORDS),
                pick.choice(OBJECTIVE_WORDS),
                pick.choice(SCALE_WORDS),
                pick.random() < 0.2,
                pick.choice(("beside", "above")) if pick.random() < 0.4 else "",
                pick.random() < 0.8,
                pick.random() < 0.3,
                pick.choice(OBJECTIVE_ROWS) if pick.random() < 0.5 else "",
                pick.random() < 0.3,
                pick.choice(TOTAL_WORDS) if pick.random() < 0.5 else "",
                pick.random() < 0.3,
                ruled=not (KINDS[number % len(KINDS)].startswith("pdf") and unruled.random() < 0.3),
            )
        )
        # not yet read: centred cells with no lines on a portrait page, whose narrow
        # columns part a header from its rows and a row's lines over a page break
        centre = centred.random() < 0.35
        if centre and out[-1].kind.startswith("pdf") and (out[-1].ruled or out[-1].kind == "pdf"):
            out[-1] = replace(out[-1], centred=True)
        if out[-1].kind != "txt" and out[-1].ruled and rp_cells.random() < 0.25:
            out[-1] = replace(out[-1], rp_cells=True)
        if out[-1].narrow_names and not out[-1].ruled:
            # not yet read: words cut by a narrow column AND no lines (a header word's
            # pieces land in two header rows, which the vocabulary does not rejoin)
            out[-1] = replace(out[-1], narrow_names=False)
    return out


def _rupiah(value: Decimal, style: str) -> str:
    grouped = f"{value:,.0f}".replace(",", ".")
    return {
        "rupiah": f"{grouped},-",
        "decimals": f"{grouped},00",
        "plain": grouped,
        "rp": f"Rp {grouped}",
    }[style]


def _value(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", ".").replace("Rp", "").strip(" -"))


def _read(delivery: Path, name: str) -> list[dict[str, str]]:
    with (delivery / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _budget_grid(variant: Variant, budget: list[dict]) -> Grid:
    header = (["Kode"] if variant.codes_printed else []) + [
        variant.name,
        variant.budget,
        variant.realized,
    ]
    header += [w for w in (variant.percent, variant.remaining) if w]
    if variant.row_numbers:
        header = ["No", *header]
    rows = [header]
    if variant.numbering_row:
        rows.append([f"({n})" for n in range(1, len(header) + 1)])
    total, mark = [Decimal(0), Decimal(0)], 0
    for number, line in enumerate(budget, start=1):
        pagu, spent = _value(line["anggaran"]), _value(line["realisasi_keuangan"])
        name = line["nama"]
        if line["level"] == "program":
            total, mark = [total[0] + pagu, total[1] + spent], 0
        elif variant.list_marks:
            name, mark = f"{'abcdefghijklmnopqrstuvwxyz'[mark % 26]}. {name}", mark + 1
        cells = [line["kode"]] if variant.codes_printed else []
        cells += [name, _rupiah(pagu, variant.amount_style), _rupiah(spent, variant.amount_style)]
        if variant.percent:
            cells.append(line["persen_dilaporkan"])
        if variant.remaining:
            cells.append(_rupiah(pagu - spent, variant.amount_style))
        rows.append([str(number), *cells] if variant.row_numbers else cells)
    if variant.total_row:  # the agency's total: stated, never a budget line
        cells = [""] if variant.codes_printed else []
        cells += [variant.total_row, *(_rupiah(t, variant.amount_style) for t in total)]
        if variant.percent:
            cells.append(f"{total[1] * 100 / total[0]:.2f}".replace(".", ","))
        if variant.remaining:
            cells.append(_rupiah(total[0] - total[1], variant.amount_style))
        rows.append(["", *cells] if variant.row_numbers else cells)
    # a wide name column, as reports print it (a narrow one breaks long words apart)
    widths = ([0.5] if variant.row_numbers else []) + ([1.6] if variant.codes_printed else [])
    widths += [5, 1.6, 1.6] + [0.8] * bool(variant.percent) + [1.5] * bool(variant.remaining)
    header_rows = 2 if variant.numbering_row else 1
    if variant.rp_cells:
        first = int(variant.row_numbers) + int(variant.codes_printed) + 1  # anggaran's
        return _with_rp_cells(rows, widths, header_rows, first)
    return Grid(rows, header_rows=header_rows, widths=widths)


def _with_rp_cells(rows: list[list[str]], widths: list[float], header_rows: int, first: int):
    """The budget grid with "Rp" in a narrow cell before each of its two amounts (columns
    ``first`` and ``first + 1``), each amount's header merged over both cells."""
    out = []
    for n, row in enumerate(rows):
        cells = list(row)
        for column in (first + 1, first):  # right to left: the indexes stay
            amount = cells[column]
            if n < header_rows:  # the header, the numbering row: one cell over both
                cells[column : column + 1] = [amount, ""]
            else:
                cells[column : column + 1] = [
                    "Rp" if amount else "",
                    amount.replace("Rp", "").strip(),
                ]
        out.append(cells)
    widths = list(widths)
    for column in (first + 1, first):
        widths[column : column + 1] = [0.4, widths[column] - 0.4]
    merged = tuple((r, c, r, c + 1) for r in range(header_rows) for c in (first, first + 2))
    return Grid(out, header_rows=header_rows, widths=widths, merged=merged)


def _performance_grid(variant: Variant, indicators: list[dict], year: str) -> Grid:
    prior = int(year) - 1
    across = bool(variant.objective_rows)
    lead = ["No"] + ([] if across else [variant.objective]) + [variant.indicator, "Satuan"]
    header, rows, merged = _years_header(variant, lead, prior, year)
    spanning: list[int] = []
    previous = None
    for number, line in enumerate(indicators, 1):
        first = line["no_sasaran"] != previous
        previous = line["no_sasaran"]
        capaian = line["capaian_dilaporkan"]
        if variant.dot_percent:
            capaian = capaian.replace(",", ".")
        if across and first:  # "Sasaran Strategis 1. <name>" merged across the row
            spanning += _objective_rows(variant, line, len(header), rows)
        if across:
            cells = [str(number), line["indikator"], line["satuan"]]
        else:
            cells = [line["no_sasaran"] if first else "", line["sasaran"] if first else "",
                     line["indikator"], line["satuan"]]  # fmt: skip
        if variant.prior_year:
            cells += ["-", "-"]  # not in this agency's report last year
        cells += [line["target"], line["realisasi"], capaian, line["kategori_dilaporkan"]]
        rows.append(cells)
    # the names' column half the others: a word wider than it is cut at the line end
    widths = [0.5 if cell == variant.indicator else 1.0 for cell in header]
    return Grid(
        rows,
        header_rows=len(rows) - len(indicators) - len(spanning),
        widths=widths if variant.narrow_names else [],
        spanning_rows=tuple(spanning),
        merged=merged,
    )


def _years_header(variant: Variant, lead: list[str], prior: int, year: str):
    """The performance table's header rows: the report year's columns, last year's
    before them as ``variant`` prints them. Returns the column words, the header rows
    and the merged header cells (first row, first column, last row, last column)."""
    measures = [variant.achievement, variant.category]
    if not variant.prior_year:
        header = [*lead, variant.target.format(year=year), variant.achieved.format(year=year)]
        return header + measures, [header + measures], ()
    if variant.prior_year == "beside":  # the report year's columns are read, never last year's
        years = [f"Target {prior}", f"Realisasi {prior}", f"Target {year}", f"Realisasi {year}"]
        header = [*lead, *years, *measures]
        return header, [header], ()
    n = len(lead)
    upper = [*lead, str(prior), "", str(year), "", "", ""]
    lower = [""] * n + ["Target", "Realisasi", "Target", "Realisasi", *measures]
    merged = (*tuple((0, i, 1, i) for i in range(n)), (0, n, 0, n + 1), (0, n + 2, 0, n + 5))
    return lead + lower[n:], [upper, lower], merged


def _objective_rows(variant: Variant, line: dict, width: int, rows: list) -> list[int]:
    """A sasaran's heading rows as ``variant`` prints them; the indexes of the rows
    merged across the table (from their first printed cell)."""
    number, name = line["no_sasaran"], line["sasaran"]
    if variant.objective_rows == "name_next_line":
        titles = [f"Sasaran Strategis {number}", name]
    else:
        titles = [f"Sasaran Strategis {number}. {name}"]
    lead = [""] if variant.objective_rows != "row" else []
    start = len(rows)
    for title in titles:
        rows.append(lead + [title] + [""] * (width - len(lead) - 1))
    return list(range(start, len(rows)))


def variant_items(variant: Variant, delivery: Path, agency_name: str) -> list[Item]:
    """The delivery's figures in ``variant``'s layout."""
    budget, spending = _read(delivery, "anggaran"), _read(delivery, "belanja")
    indicators = _read(delivery, "kinerja")
    year = budget[0]["tahun"]
    scale_header = list(variant.scale)
    items: list[Item] = [
        Heading(f"LAPORAN KINERJA {agency_name.upper()} TAHUN {year}"),
        Heading("BAB III AKUNTABILITAS KINERJA"),
        Heading("Tabel 3.1 Skala Pengukuran Kinerja"),
        Grid(
            [
                scale_header,
                ["91 % ≤ 100 %", "Sangat Baik"],
                ["76-90", "Baik"],
                ["66-75", "Cukup"],
                ["51-65", "Kurang"],
                ["≤ 50", "Sangat Kurang"],
            ]
        ),
        Heading("Tabel 3.2 Pengukuran Kinerja"),
        _performance_grid(variant, indicators, year),
        Heading("3.2. Realisasi Anggaran"),
        Heading("Tabel 3.3 Realisasi Anggaran per Program, Kegiatan dan Sub Kegiatan"),
        _budget_grid(variant, budget),
    ]
    items += _spending_list(variant, spending) if variant.spending_listed else [
        Heading("Tabel 3.4 Realisasi per Jenis Belanja"), _spending_grid(variant, spending)
    ]  # fmt: skip
    # Bab III analyses each indicator by name: the words a narrow column cuts, printed whole
    items += [Text(f"Indikator {line['indikator']} diukur setiap tahun.") for line in indicators]
    items.append(Text("Demikian laporan ini disusun."))
    return items


def _spending_grid(variant: Variant, spending: list[dict]) -> Grid:
    rows = [["Jenis Belanja", variant.budget, variant.realized]]
    for line in spending:
        rows.append([line["jenis_belanja"],
                     _rupiah(_value(line["anggaran"]), variant.amount_style),
                     _rupiah(_value(line["realisasi"]), variant.amount_style)])  # fmt: skip
    return Grid(rows)


def _spending_list(variant: Variant, spending: list[dict]) -> list[Item]:
    """Spending by type in prose: a lead-in per measure and one line per type."""
    marks = ("- ", "• ", "")  # a bullet, or a letter per line
    items: list[Item] = []
    for lead_in, column in (
        ("Anggaran belanja menurut jenisnya adalah sebagai berikut:", "anggaran"),
        ("Sedangkan realisasinya sebagai berikut:", "realisasi"),
    ):
        items.append(Text(lead_in))
        for n, line in enumerate(spending):
            mark = marks[variant.number % 3] or f"{'abcdefghij'[n]}. "
            amount = _rupiah(_value(line[column]), "rupiah")
            items.append(Text(f"{mark}{line['jenis_belanja']} : Rp. {amount}"))
    return items


def write_text_extraction(items: list[Item], path: Path) -> None:
    """The items as a text extraction: a line per heading and paragraph, a table's rows
    as tab-separated lines."""
    lines = []
    for item in items:
        if isinstance(item, Grid):
            lines += ["\t".join(row) for row in item.rows]
            lines.append("")
        else:
            lines += [item.text, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_variant(variant: Variant, delivery: Path, agency_name: str, folder: Path) -> Path:
    """The variant's document in ``folder``: ``lkjip-<n>.<pdf|docx|txt>``."""
    items = variant_items(variant, delivery, agency_name)
    suffix = variant.kind.split("-")[0]
    path = folder / f"lkjip-{variant.number:03d}.{suffix}"
    if variant.kind == "docx":
        write_docx(items, path)
    elif variant.kind == "txt":
        write_text_extraction(items, path)
    else:
        write_pdf(
            items,
            path,
            landscape_pages=variant.kind == "pdf",
            ruled=variant.ruled,
            centred=variant.centred,
        )
    return path
