"""The Excel workbook of one region-year: the file a Kepala Bappeda forwards.

Sheets: Ringkasan, Serapan per OPD, Capaian per OPD, Efisiensi, Temuan Kualitas Data.
Headers in Indonesian, frozen, with filters; amounts are numbers formatted as rupiah and
rates are numbers formatted as percentages, both in the Indonesian locale ([$-421]:
'.' groups thousands, ',' marks decimals), so figures stay computable.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from pipelines.lib.office.data import YearView, incompleteness, receipt_href, summarised
from pipelines.lib.office.formats import CATEGORY_COLOURS, QUADRANT_NAMES, SEVERITY_NAMES

# the format's own locale ([$-421], Indonesian) comes first: LibreOffice then groups with
# dots whatever the machine's locale ("[$Rp-421]" alone only names the currency); Excel
# groups as the office's Windows (Indonesian) does
RUPIAH_FORMAT = '[$-421]"Rp "#,##0'
PERCENT_FORMAT = "[$-421]0.00%"
INDEX_FORMAT = "[$-421]0.00"
QUADRANT_COLOURS = {
    "Efisien": "#c6efce",
    "Efektif": "#ddebf7",
    "Serapan rendah": "#fff2cc",
    "Boros": "#ffc7ce",
}


def workbook_name(view: YearView) -> str:
    return f"kinerja-{view.region_code}-{view.fiscal_year}.xlsx"


def write_workbook(
    view: YearView, path: Path, stamp: str = "", history: list[dict] | None = None
) -> Path:
    """The region-year's workbook; ``stamp`` (run, data cut-off, time in WIB) goes in
    every page's footer; ``history`` (every agency × year of the region) is the flat
    sheet for pivots."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # data is never a formula: a name or message starting with = + - @ stays text
    book = xlsxwriter.Workbook(str(path), {"remove_timezone": True, "strings_to_formulas": False})
    book.set_properties(
        {
            "title": f"Kinerja OPD {view.region_name} {view.fiscal_year}",
            "author": "Bappeda (kinerja)",
            "comments": "Dibuat otomatis dari warehouse kinerja",
        }
    )
    fmt = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "header": book.add_format(
            {"bold": True, "bg_color": "#1f4e78", "font_color": "white", "text_wrap": True}
        ),
        "rupiah": book.add_format({"num_format": RUPIAH_FORMAT}),
        "percent": book.add_format({"num_format": PERCENT_FORMAT}),
        "index": book.add_format({"num_format": INDEX_FORMAT}),
        "label": book.add_format({"bold": True}),
        "text": book.add_format({"text_wrap": False}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    _summary_sheet(book, fmt, view)
    _absorption_sheet(book, fmt, view)
    _achievement_sheet(book, fmt, view)
    _efficiency_sheet(book, fmt, view)
    _findings_sheet(book, fmt, view)
    _receipts_sheet(book, fmt, view)
    _all_years_sheet(book, fmt, history or [])
    for sheet in book.worksheets():
        _print_setup(sheet, view, stamp)
    book.close()
    return path


def _print_setup(sheet, view: YearView, stamp: str) -> None:
    """A4 landscape, one page wide (names and rupiah on the same sheet of paper), the
    header row on every page, and who / what / when in the page margins."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    sheet.center_horizontally()
    header_row = 3 if sheet.name == "Ringkasan" else 0
    sheet.repeat_rows(header_row)
    sheet.set_header(f"&L&B{sheet.name}&B&R{view.region_name} · Tahun {view.fiscal_year}")
    sheet.set_footer(f"&L{stamp}&RHalaman &P dari &N")


def _table(sheet, fmt, first_row: int, columns: list[tuple[str, str, int]], rows: list[list]):
    """Header + rows; columns are (header, format key, width). Freezes and filters."""
    # a wrapped header's height said, not left to the reader: LibreOffice paginates
    # with the default height and printed a blank page after a sheet one page long
    sheet.set_row(first_row, 30)
    for col, (header, _, width) in enumerate(columns):
        sheet.write(first_row, col, header, fmt["header"])
        sheet.set_column(col, col, width)
    for r, values in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(values):
            kind = columns[col][1]
            if value is None:
                sheet.write_blank(r, col, None)
            elif kind in ("rupiah", "percent", "index"):
                sheet.write_number(r, col, float(value), fmt[kind])
            else:
                sheet.write(r, col, value)
    last = first_row + max(len(rows), 1)
    sheet.freeze_panes(first_row + 1, 2)
    sheet.autofilter(first_row, 0, last, len(columns) - 1)
    return last


def _colour_by_text(book, sheet, first_row: int, last_row: int, col: int, colours: dict):
    for text, colour in colours.items():
        sheet.conditional_format(
            first_row + 1,
            col,
            last_row,
            col,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{text}"',
                "format": book.add_format({"bg_color": colour, "font_color": "#000000"}),
            },
        )


def _summary_sheet(book, fmt, view: YearView) -> None:
    sheet = book.add_worksheet("Ringkasan")
    s = view.summary
    sheet.write(0, 0, f"Ringkasan kinerja OPD {view.region_name}", fmt["title"])
    sheet.write(1, 0, f"Tahun anggaran {view.fiscal_year}")
    lines = [
        ("OPD wajib lapor", s["agencies_expected"], None),
        ("OPD melapor", s["agencies_reporting"], None),
        ("Pagu anggaran", s["budget_idr"], "rupiah"),
        ("Realisasi anggaran", s["realized_idr"], "rupiah"),
        ("Serapan anggaran", s["absorption_rate"], "percent"),
        ("Sisa anggaran", s["savings_idr"], "rupiah"),
        ("Median serapan OPD", s["median_absorption_rate"], "percent"),
        ("Rata-rata capaian kinerja OPD", s["mean_achievement_rate"], "percent"),
    ]
    for code, (indonesian, _) in QUADRANT_NAMES.items():
        lines.append((f"OPD kuadran {indonesian}", s[f"{code}_agencies"], None))
    for category, count in sorted((s["agencies_by_category"] or {}).items()):
        lines.append((f"OPD kategori {category}", count, None))
    sheet.write(3, 0, "Uraian", fmt["header"])
    sheet.write(3, 1, "Nilai", fmt["header"])
    for row, (label, value, kind) in enumerate(lines, start=4):
        sheet.write(row, 0, label, fmt["label"])
        if value is None:
            sheet.write_blank(row, 1, None)
        elif kind:
            sheet.write_number(row, 1, float(value), fmt[kind])
        else:
            sheet.write_number(row, 1, value)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 26)
    sheet.freeze_panes(4, 0)
    sheet.activate()


def _absorption_sheet(book, fmt, view: YearView) -> None:
    sheet = book.add_worksheet("Serapan per OPD")
    columns = [
        ("Peringkat", "int", 10),
        ("OPD", "text", 48),
        ("Pagu (Rp)", "rupiah", 22),
        ("Realisasi (Rp)", "rupiah", 22),
        ("Serapan", "percent", 11),
        ("Sisa anggaran (Rp)", "rupiah", 22),
        ("Perubahan serapan dari tahun lalu (poin %)", "percent", 18),
    ]
    rows = [
        [
            a["absorption_rank"],
            a["agency_name"],
            a["budget_idr"],
            a["realized_idr"],
            a["absorption_rate"],
            a["savings_idr"],
            a["absorption_change"],
        ]
        for a in sorted(view.agencies, key=lambda a: a["absorption_rank"] or 10**6)
    ]
    last = _table(sheet, fmt, 0, columns, rows)
    sheet.conditional_format(
        1,
        4,
        last,
        4,
        {
            "type": "3_color_scale",
            "min_color": "#f8696b",
            "mid_color": "#ffeb84",
            "max_color": "#63be7b",
        },
    )


def _achievement_sheet(book, fmt, view: YearView) -> None:
    sheet = book.add_worksheet("Capaian per OPD")
    columns = [
        ("Peringkat", "int", 10),
        ("OPD", "text", 48),
        ("Capaian kinerja", "percent", 14),
        ("Kategori", "text", 20),
        ("Kategori menurut skala laporan", "text", 20),
        ("Target tercapai", "text", 14),
        ("Perubahan capaian dari tahun lalu (poin %)", "percent", 18),
        ("Kelengkapan capaian", "text", 30),
    ]
    rows = [
        [
            a["achievement_rank"],
            a["agency_name"],
            a["achievement_rate"],
            a["category_name"],
            a["reported_scale_category"] or "–",
            {True: "Ya", False: "Tidak"}.get(a["is_target_met"], "–"),
            a["achievement_change"],
            incompleteness(a) or "lengkap",
        ]
        for a in sorted(view.agencies, key=lambda a: a["achievement_rank"] or 10**6)
    ]
    last = _table(sheet, fmt, 0, columns, rows)
    _colour_by_text(book, sheet, 0, last, 3, CATEGORY_COLOURS)


def _efficiency_sheet(book, fmt, view: YearView) -> None:
    sheet = book.add_worksheet("Efisiensi")
    columns = [
        ("Peringkat efisiensi", "int", 12),
        ("OPD", "text", 48),
        ("Serapan", "percent", 11),
        ("Capaian kinerja", "percent", 14),
        ("Indeks efisiensi (capaian ÷ serapan)", "index", 16),
        ("Kuadran", "text", 18),
        ("Keterangan kuadran", "text", 56),
    ]
    rows = [
        [
            a["efficiency_rank"],
            a["agency_name"],
            a["absorption_rate"],
            a["achievement_rate"],
            a["efficiency_index"],
            QUADRANT_NAMES.get(a["quadrant"], (a["quadrant"],))[0],
            a["quadrant_label"],
        ]
        for a in sorted(view.agencies, key=lambda a: a["efficiency_rank"] or 10**6)
    ]
    last = _table(sheet, fmt, 0, columns, rows)
    _colour_by_text(book, sheet, 0, last, 5, QUADRANT_COLOURS)


ALL_YEARS_COLUMNS = [  # (header, column of data.all_years, format key, width)
    # printed (one A4 page wide, legible): the office's figures of each agency-year
    ("Tahun", "fiscal_year", "int", 8),
    ("OPD", "agency_name", "text", 44),
    ("Pagu (Rp)", "budget_idr", "rupiah", 20),
    ("Realisasi (Rp)", "realized_idr", "rupiah", 20),
    ("Serapan", "absorption_rate", "percent", 10),
    ("Capaian kinerja", "achievement_rate", "percent", 12),
    ("Kategori", "category_name", "text", 14),
    ("Kuadran", "quadrant", "quadrant", 16),
    ("Indikator dihitung", "indicators_computed", "text", 12),
    # on screen only: what pivots and filters use
    ("Kode OPD", "agency_id", "text", 16),
    ("Singkatan", "short_name", "text", 12),
    ("Jenis OPD", "agency_type", "text", 12),
    ("Sisa anggaran (Rp)", "savings_idr", "rupiah", 20),
    ("Peringkat serapan", "absorption_rank", "int", 10),
    ("Peringkat capaian", "achievement_rank", "int", 10),
    ("Indeks efisiensi", "efficiency_index", "index", 10),
]
PRINTED_ALL_YEARS_COLUMNS = 9


def _all_years_sheet(book, fmt, history: list[dict]) -> None:
    """Every agency × year, flat, as an Excel table (filters, banding, a name pivots
    can use: DataSemuaTahun)."""
    sheet = book.add_worksheet("Data Semua Tahun")
    data = []
    for row in history:
        values = []
        for _, column, kind, _ in ALL_YEARS_COLUMNS:
            value = row[column]
            if kind == "quadrant":
                value = QUADRANT_NAMES.get(value, (value,))[0]
            elif kind in ("rupiah", "percent", "index") and value is not None:
                value = float(value)
            values.append(value)
        data.append(values)
    columns = [
        {"header": header, **({"format": fmt[kind]} if kind in fmt else {})}
        for header, _, kind, _ in ALL_YEARS_COLUMNS
    ]
    for index, (_, _, _, width) in enumerate(ALL_YEARS_COLUMNS):
        sheet.set_column(index, index, width)
    sheet.add_table(
        0,
        0,
        max(len(data), 1),
        len(columns) - 1,
        {
            "name": "DataSemuaTahun",
            "columns": columns,
            "data": data,
            "style": "Table Style Light 9",
        },
    )
    sheet.freeze_panes(1, 2)
    sheet.print_area(0, 0, max(len(data), 1), PRINTED_ALL_YEARS_COLUMNS - 1)


def _receipts_sheet(book, fmt, view: YearView) -> None:
    """Tanda terima of every agency of the year, one row each: files received, rows
    loaded and not, findings to act on, the capaian's completeness, and the page to
    send the agency's clerk (reports/tanda-terima/)."""
    sheet = book.add_worksheet("Tanda Terima")
    columns = [
        ("OPD", "text", 44),
        ("Berkas diterima", "int", 10),
        ("Baris", "int", 10),
        ("Dimuat", "int", 10),
        ("Tidak dimuat", "int", 10),
        ("Temuan perlu tindakan", "int", 12),
        ("Kelengkapan capaian", "text", 30),
        ("Halaman tanda terima", "text", 40),
    ]
    acting = {}
    for finding in view.findings:
        if finding["severity"] != "info":
            acting[finding["agency_id"]] = acting.get(finding["agency_id"], 0) + 1
    rows = []
    for agency in sorted(view.agencies, key=lambda a: a["agency_name"]):
        files = [f for f in view.files.get(agency["agency_id"], []) if f["status"] != "note"]
        rows.append(
            [
                agency["agency_name"],
                len({f["source_file"] for f in files}),
                sum(f["rows_in"] or 0 for f in files),
                sum(f["rows_loaded"] or 0 for f in files),
                sum(f["rows_quarantined"] or 0 for f in files),
                acting.get(agency["agency_id"], 0),
                incompleteness(agency) or "lengkap",
                receipt_href(view.fiscal_year, agency["agency_id"]) or "–",
            ]
        )
    _table(sheet, fmt, 0, columns, rows)


def _findings_sheet(book, fmt, view: YearView) -> None:
    sheet = book.add_worksheet("Temuan Kualitas Data")
    columns = [
        ("Tingkat", "text", 11),
        ("Aturan", "text", 18),
        ("OPD", "text", 14),
        ("Berkas", "text", 20),
        ("Baris", "int", 6),
        ("Objek", "text", 16),
        ("Seharusnya", "text", 12),
        ("Ditemukan", "text", 12),
        ("Pesan", "text", 52),
        ("Pesan teknis (English)", "text", 40),
    ]
    rows = [
        [
            SEVERITY_NAMES.get(f["severity"], f["severity"]),
            f["rule_id"],
            f["agency_id"] or "Umum",
            f["source_file"],
            f["source_row"],
            f["object_key"],
            f["expected"],
            f["actual"],
            f["office_message"],
            f["message"],
        ]
        for f in summarised(view.findings)
    ]
    last = _table(sheet, fmt, 0, columns, rows)
    # the messages wrap in their columns: printed one page wide, the page stays readable
    # (unwrapped, fit-to-width shrank it to a size no clerk can read)
    for col, (_, kind, width) in enumerate(columns):
        if kind == "text":
            sheet.set_column(col, col, width, fmt["wrap"])
    # printed for the office: everything but the analysts' English column
    sheet.print_area(0, 0, last, len(columns) - 2)
    # passed rules are never listed; info is not an alarm, so it stays uncoloured
    _colour_by_text(book, sheet, 0, last, 0, {"Memblokir": "#ffc7ce", "Peringatan": "#fff2cc"})
