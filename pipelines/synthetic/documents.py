"""LKjIP documents written as PDF (reportlab) and Word (python-docx) files, for the
extractor's tests and benchmark: the real seed report re-typeset with real tables,
and a report of a synthetic agency-year in another layout (other header words, codes
printed, a 5-band scale, a budget table long enough to go over a page break).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape


@dataclass
class Heading:
    text: str


@dataclass
class Text:
    text: str  # **bold** marks kept from the seed


@dataclass
class Grid:
    rows: list[list[str]]
    header_rows: int = 1
    widths: list[float] = field(default_factory=list)  # relative; empty: equal
    # rows whose first printed cell is merged over the rest of the row
    spanning_rows: tuple[int, ...] = ()
    # header cells merged over others: (first row, first column, last row, last column)
    merged: tuple[tuple[int, int, int, int], ...] = ()


def _first_printed(row: list[str]) -> int:
    return next((i for i, cell in enumerate(row) if cell), 0)


Item = Heading | Text | Grid


def seed_items(seed: Path) -> list[Item]:
    """The seed text extraction as headings, paragraphs and tables whose wrapped
    lines are joined back into whole cells (a line with no digit continues the row
    above), the way the document was before it was extracted to text."""
    from pipelines.lib.documents.layout import Paragraph, Table, read_text

    items: list[Item] = []
    for block in read_text(seed):
        if isinstance(block, Paragraph):
            items.append(Text(block.text))
            continue
        assert isinstance(block, Table)
        width = max(len(r) for r in block.rows)
        rows: list[list[str]] = []
        for raw in block.rows:
            cells = [c.strip() for c in raw] + [""] * (width - len(raw))
            if rows and len(rows) > 1 and not any(re.search(r"\d", c) for c in cells):
                rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
            else:
                rows.append(cells)
        items.append(Grid(rows))
    return items


def _amount(text: str) -> str:
    value = Decimal(re.sub(r"[^\d,]", "", text).replace(",", "."))
    return f"{value:,.0f}".replace(",", ".") + ",-"


def _rupiah(text: str) -> Decimal:
    return Decimal(_amount(text)[:-2].replace(".", ""))


def synthetic_items(delivery: Path, agency_name: str) -> list[Item]:
    """A synthetic agency-year's delivery typeset as a report of another layout."""

    def read(name: str) -> list[dict[str, str]]:
        with (delivery / f"{name}.csv").open(encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    budget, spending, indicators = read("anggaran"), read("belanja"), read("kinerja")
    year = budget[0]["tahun"]
    return [
        *_summary_items(budget, agency_name, year),
        Heading("Tabel 3.2 Pengukuran Indikator Kinerja Utama"),
        _performance_grid(indicators, year),
        Heading("3.2. Realisasi Anggaran"),
        Heading("Tabel 3.3 Pagu dan Realisasi per Program, Kegiatan dan Sub Kegiatan"),
        _budget_grid(budget),
        Heading("Tabel 3.4 Realisasi per Jenis Belanja"),
        _spending_grid(spending),
    ]


def _summary_items(budget: list[dict[str, str]], agency_name: str, year: str) -> list[Item]:
    """Title, executive summary in prose and the predicate scale."""
    programs = [r for r in budget if r["level"] == "program"]
    total_budget = sum(_rupiah(r["anggaran"]) for r in programs)
    total_realized = sum(_rupiah(r["realisasi_keuangan"]) for r in programs)
    levels = Counter(r["level"] for r in budget)
    share = (total_realized * 100 / total_budget).quantize(Decimal("0.01"))
    return [
        Heading(f"LAPORAN KINERJA {agency_name.upper()} TAHUN {year}"),
        Heading("IKHTISAR EKSEKUTIF"),
        Text(
            f"Pada tahun {year} {agency_name} mengelola anggaran sebesar "
            f"Rp {_amount(str(total_budget))} dengan realisasi sebesar "
            f"Rp {_amount(str(total_realized))} atau sebesar {str(share).replace('.', ',')}%. "
            f"Anggaran itu membiayai {levels['program']} program, {levels['kegiatan']} "
            f"kegiatan dan {levels['sub kegiatan']} sub kegiatan."
        ),
        Heading("BAB III AKUNTABILITAS KINERJA"),
        Heading("3.1. Pengukuran Capaian Kinerja"),
        Text("Predikat capaian kinerja ditetapkan dengan interval nilai berikut."),
        Heading("Tabel 3.1 Interval Nilai dan Predikat"),
        Grid(
            [
                ["Interval Nilai Capaian", "Predikat"],
                ["91 % ≤ 100 %", "Sangat Baik"],
                ["76-90", "Baik"],
                ["66-75", "Cukup"],
                ["51-65", "Kurang"],
                ["≤ 50", "Sangat Kurang"],
            ]
        ),
    ]


def _performance_grid(indicators: list[dict[str, str]], year: str) -> Grid:
    """Indicators under their sasaran, the sasaran printed on its first row only."""
    rows = [
        [
            "No",
            "Sasaran",
            "Indikator Kinerja Utama",
            "Satuan",
            f"Target {year}",
            f"Realisasi {year}",
            "Capaian (%)",
            "Predikat",
        ],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
    ]
    previous = None
    for r in indicators:
        first = r["no_sasaran"] != previous
        previous = r["no_sasaran"]
        rows.append(
            [
                r["no_sasaran"] if first else "",
                r["sasaran"] if first else "",
                r["indikator"],
                r["satuan"],
                r["target"],
                r["realisasi"],
                r["capaian_dilaporkan"],
                r["kategori_dilaporkan"],
            ]
        )
    return Grid(rows, header_rows=2, widths=[0.5, 3, 3.5, 1, 1, 1, 1, 1.2])


def _budget_grid(budget: list[dict[str, str]]) -> Grid:
    header = ["Kode", "Program / Kegiatan / Sub Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "%"]
    rows = [[*header, "Sisa (Rp)"]]
    for r in budget:
        left = _rupiah(r["anggaran"]) - _rupiah(r["realisasi_keuangan"])
        rows.append(
            [
                r["kode"],
                r["nama"],
                _amount(r["anggaran"]),
                _amount(r["realisasi_keuangan"]),
                r["persen_dilaporkan"],
                _amount(str(left)),
            ]
        )
    return Grid(rows, widths=[1.6, 5, 1.6, 1.6, 0.7, 1.5])


def _spending_grid(spending: list[dict[str, str]]) -> Grid:
    rows = [["Jenis Belanja", "Anggaran (Rp)", "Realisasi (Rp)", "Capaian (%)"]]
    for r in spending:
        pagu, spent = _rupiah(r["anggaran"]), _rupiah(r["realisasi"])
        rate = str((spent * 100 / pagu).quantize(Decimal("0.01"))).replace(".", ",")
        rows.append([r["jenis_belanja"], _amount(r["anggaran"]), _amount(r["realisasi"]), rate])
    return Grid(rows, widths=[3, 2, 2, 1])


def _markup(text: str) -> str:
    """Seed ``**bold**`` as reportlab's <b>, everything else escaped; ≤ and ≥ as <= and
    >=, which the standard PDF fonts (no font file needed) can print."""
    text = text.replace("≤", "<=").replace("≥", ">=")
    parts = escape(text).split("**")
    return "".join(f"<b>{p}</b>" if i % 2 else p for i, p in enumerate(parts))


def write_pdf(
    items: list[Item],
    path: Path,
    landscape_pages: bool = True,
    running_title: str = "",
    ruled: bool = True,
    centred: bool = False,
) -> None:
    """A PDF with a text layer; tables ruled (or, not ``ruled``, set by spaces alone),
    cells wrapping, headers repeated on the next page when a table goes over a page
    break; with ``running_title``, a running header and a "Halaman n" footer on every
    page, as Word prints them; ``centred``: cells centred vertically in their row (a
    one-line figure beside a name of three lines stands on the name's middle line)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    size = landscape(A4) if landscape_pages else A4
    styles = getSampleStyleSheet()
    body, cell, head = styles["BodyText"], styles["BodyText"].clone("cell"), styles["Heading3"]
    cell.fontSize, cell.leading = 7, 8.5
    document = SimpleDocTemplate(
        str(path),
        pagesize=size,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        invariant=True,
    )
    usable = size[0] - 3 * cm
    story = []
    for item in items:
        if isinstance(item, Heading):
            story.append(Paragraph(_markup(item.text), head))
        elif isinstance(item, Text):
            story.append(Paragraph(_markup(item.text), body))
        else:
            story += [_pdf_table(item, usable, cell, ruled, centred), Spacer(1, 6)]

    def furniture(canvas, doc) -> None:
        if running_title:
            canvas.setFont("Helvetica", 7)
            canvas.drawString(1.5 * cm, size[1] - 0.8 * cm, running_title)
            canvas.drawRightString(size[0] - 1.5 * cm, 0.7 * cm, f"Halaman {doc.page}")

    document.build(story, onFirstPage=furniture, onLaterPages=furniture)


def _pdf_table(item: Grid, usable: float, cell, ruled: bool, centred: bool = False):
    """One grid as a reportlab table: cells wrap, header rows repeat over a page break."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph
    from reportlab.platypus import Table as PdfTable

    width = max(len(r) for r in item.rows)
    weights = item.widths or [1.0] * width
    columns = [usable * w / sum(weights) for w in weights]
    data = [
        [Paragraph(_markup(c), cell) for c in row + [""] * (width - len(row))] for row in item.rows
    ]
    table = PdfTable(data, colWidths=columns, repeatRows=item.header_rows)
    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else []
    table.setStyle(
        [*grid, ("VALIGN", (0, 0), (-1, -1), "MIDDLE" if centred else "TOP")]
        + [("SPAN", (_first_printed(item.rows[r]), r), (-1, r)) for r in item.spanning_rows]
        + [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in item.merged]
    )
    return table


def write_docx(items: list[Item], path: Path) -> None:
    """A Word file: headings, paragraphs (bold runs kept) and real tables."""
    import docx

    document = docx.Document()
    for item in items:
        if isinstance(item, Heading):
            document.add_heading(item.text, level=3)
        elif isinstance(item, Text):
            paragraph = document.add_paragraph()
            for i, part in enumerate(item.text.split("**")):
                if part:
                    paragraph.add_run(part).bold = bool(i % 2)
        else:
            width = max(len(r) for r in item.rows)
            table = document.add_table(rows=len(item.rows), cols=width)
            table.style = "Table Grid"
            for row, cells in zip(table.rows, item.rows, strict=True):
                for target, text in zip(row.cells, cells, strict=False):
                    target.text = text
            for r0, c0, r1, c1 in item.merged:
                table.cell(r0, c0).merge(table.cell(r1, c1)).text = item.rows[r0][c0]
            for r in item.spanning_rows:
                start = _first_printed(item.rows[r])
                merged = table.rows[r].cells[start].merge(table.rows[r].cells[-1])
                merged.text = item.rows[r][start]
    # a fixed date: the same items give the same file
    document.core_properties.created = datetime(2026, 1, 1, tzinfo=UTC)
    document.save(str(path))
