"""What an LKjIP document states, as a draft delivery and a line of review per value.

Tables are found by their header words (see :mod:`tables`), sentences by their
phrases; page numbers and table numbers are never relied on. Every value written
keeps the text it was read from and where; every figure that could not be placed is
listed as unplaced, so nothing read is dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from pipelines.lib.contract import ENTITIES_BY_SHEET
from pipelines.lib.documents.layout import (
    Block,
    DocumentError,
    Paragraph,
    Table,
)
from pipelines.lib.documents.tables import (
    ReadTable,
    Record,
    budget_role,
    clean,
    performance_role,
    read_table,
)
from pipelines.lib.finance.export_rows import budget_code, normalise_name
from pipelines.lib.limits import MAX_QUOTED_CHARACTERS
from pipelines.lib.numbers import amount_value, number_value
from pipelines.lib.reference import regions_named, same_region

REVIEW_HEADERS = (
    "berkas",
    "baris_berkas",
    "kolom",
    "nilai",
    "nilai_angka",
    "teks_tercetak",
    "letak",
    "sumber",
    "baris_tabel",
    "perlu_cek",
    "catatan",
)
UNPLACED = "tidak ditempatkan"

_RP = r"Rp\.?\s*(\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?)\s*(?:,-|,)?-?"
_PCT = r"(\d{1,3}(?:,\d+)?\s?%)"
_ANY_RP = re.compile(_RP)
SASARAN_FINANCE = re.compile(
    r"sumber daya keuangan untuk pencapaian sasaran strategis\s*(\d+).{0,40}?sebesar\s*"
    + _RP
    + r".{0,30}?"
    + _PCT
    + r".{0,40}?pagu\s*(?:sebesar\s*)?"
    + _RP
    + r"(?:.{0,80}?efisiensi\s+sebesar\s*"
    + _RP
    + r".{0,20}?"
    + _PCT
    + r")?",
    re.IGNORECASE,
)
SPENDING = re.compile(
    r"(Belanja\s+[A-Za-z][A-Za-z ]*?)\s*,\s*anggaran\s+sebesar\s*"
    + _RP
    + r"\s*(?:dan\s+)?realisasi(?:nya)?\s+sebesar\s*"
    + _RP,
    re.IGNORECASE,
)
TOTAL = re.compile(
    r"\banggaran\b.{0,80}?sebesar\s*"
    + _RP
    + r".{0,30}?(?:terealisasi|realisasi)\s*(?:sebesar\s*)?"
    + _RP
    + r"(?:.{0,20}?sebesar\s*"
    + _PCT
    + r")?",
    re.IGNORECASE,
)
SILPA = re.compile(r"\(?SILPA\)?.{0,40}?sebesar\s*" + _RP, re.IGNORECASE)
SAVINGS = re.compile(r"terjadi\s+efisiensi\s+sebesar\s*" + _RP, re.IGNORECASE)
AVERAGE = re.compile(r"rata-rata\s+mencapai\s+" + _PCT, re.IGNORECASE)
OBJECTIVE_AVERAGE = re.compile(
    r"rata-rata capaian ini sebesar\s*"
    + _PCT
    + r"(?:.{0,120}?sebesar\s*"
    + _RP
    + r".{0,20}?sebesar\s*"
    + _PCT
    + r".{0,20}?anggaran\s*"
    + _RP
    + r")?",
    re.IGNORECASE,
)
COUNT = re.compile(r"\b(\d+)\s*(?:\([^)]*\))?\s*(sub\s+kegiatan|kegiatan|program)\b", re.IGNORECASE)
# a table's summary row ("Jumlah Capaian Realisasi Kinerja", "Rata-rata capaian"), only
# summary words (an indicator may begin "Jumlah sasaran …"): never an indicator
SUMMARY_ROW = re.compile(
    r"^\s*(?:jumlah|total|rata-rata|rerata)(?:\s+(?:capaian|realisasi|kinerja|nilai|rata-rata|"
    r"indikator|sasaran))*\s*:?\s*$",
    re.IGNORECASE,
)
COUNT_MEASURES = {"program": "jumlah_program", "kegiatan": "jumlah_kegiatan"}
CATEGORY_WORDS = r"(?:katagori|kategori|predikat|dicapai dengan)"
KNOWN_CATEGORIES = (
    "Sangat Baik",
    "Baik",
    "Cukup Baik",
    "Cukup",
    "Kurang",
    "Sangat Kurang",
    "Buruk",
    "Sangat Buruk",
    "Sangat Tinggi",
    "Tinggi",
    "Sedang",
    "Rendah",
    "Sangat Rendah",
)

# the title page's "LAPORAN KINERJA … TAHUN 2022": the fiscal year the report is of
_TITLE_YEAR = re.compile(r"(?:LAPORAN KINERJA|LKjIP|LAKIP)\b.{0,120}?\bTAHUN\s+(20\d\d)\b", re.I)
TITLE_BLOCKS = 15
_CHAPTER = re.compile(r"^(?:BAB\s+([IVX]+)\b(?!\s*-\s*\d)|(IKHTISAR EKSEKUTIF|KATA PENGANTAR))")
_SECTION = re.compile(r"^(\d+\.\d+)\.?\s+([A-Z][^\t]{1,100})$")
# a sasaran's sub-heading in its printed variants: "a. Sasaran Strategis 1 : …",
# "1. Sasaran Strategis 1" (its name on the next line), "Sasaran 2. …", "SS 3 - …",
# "Analisis Kinerja Sasaran 3: …"
_OBJECTIVE_HEADING = re.compile(
    r"^(?:[-•]\s*)?(?:(?:[a-z]|\d{1,2})[.)]\s*)?(?:analisis\s+(?:kinerja\s+|capaian\s+)?)?"
    r"(?:sasaran(?:\s+strategis)?|ss)\s+(\d+)\s*([:.)–-])?\s*(.*)$",
    re.IGNORECASE,
)
HEADING_NAME_MAX = 200  # a sub-heading's name, on its line or the next
_CAPTION = re.compile(r"^(Tabel)\.?\s*(\d+(?:\.\d+)*)", re.IGNORECASE)
_CAPTION_OBJECTIVE = re.compile(r"sasaran strategis\s+(\d+)\s*$", re.IGNORECASE)

PERFORMANCE_VALUES = frozenset(
    {
        "target",
        "realized",
        "achievement",
        "prior_achievement",
        "plan_achievement",
        "plan_target",
        "category",
        "unit",
    }
)
OCR_MARK = "(OCR)"  # in the place of a value read from a scanned page
OCR_NOTE = "dibaca dengan OCR dari halaman pindaian: cocokkan dengan dokumen"
BUDGET_VALUES = frozenset({"budget", "realized", "physical", "percent", "remaining"})


@dataclass
class Review:
    """One line of review.csv."""

    file: str
    row: int | None
    column: str
    value: str
    printed: str
    where: str
    source: str
    table_row: int | None = None
    check: bool = False
    note: str = ""

    def as_row(self) -> list[str]:
        return [
            self.file,
            "" if self.row is None else str(self.row),
            self.column,
            self.value,
            _as_number(self.value),
            _quoted(self.printed),
            self.where,
            _quoted(self.source),
            "" if self.table_row is None else str(self.table_row),
            "ya" if self.check else "",
            self.note,
        ]


_DOT_DECIMAL = re.compile(r"^(-?\d+)\.(\d{1,2})\s*%?$")


def _percent_convention(
    sheet: str, values: dict[str, str], checks: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """A percentage printed the English way (``93.6``: a dot before one or two digits
    can only be a decimal mark there) written the Indonesian way, flagged; the ingest
    would otherwise refuse the row for an optional figure."""
    kinds = {c.header: c.kind for c in ENTITIES_BY_SHEET[sheet].columns}
    out = dict(values)
    for column, value in values.items():
        match = _DOT_DECIMAL.match(value or "") if kinds.get(column) == "percent" else None
        if match:
            out[column] = f"{match[1]},{match[2]}"
            note = f"dicetak {value}: titik dibaca sebagai koma desimal ({out[column]})"
            checks[column] = "; ".join(filter(None, [checks.get(column), note]))
    return out, checks


def _quoted(text: str) -> str:
    """Document text as review.csv quotes it: bounded, so the review stays readable."""
    if len(text) <= MAX_QUOTED_CHARACTERS:
        return text
    return text[: MAX_QUOTED_CHARACTERS - 1] + "…"


def _as_number(text: str) -> str:
    """The number a value is read as downstream (an amount in rupiah, a percentage, a
    count), so the clerk sees what "1.973.800.860,-" or "72,07 %" became; decimal
    comma, no grouping."""
    amount = amount_value(text) if re.search(r"\d", text) else None
    if amount is None:
        amount = _number(text)
    return "" if amount is None else format(amount.normalize(), "f").replace(".", ",")


@dataclass
class Draft:
    """The delivery drafted from one document: rows per contract sheet, and review."""

    year: int
    agency: str
    sheets: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    review: list[Review] = field(default_factory=list)

    def add(
        self,
        sheet: str,
        values: dict[str, str],
        where: str,
        source: str,
        table_row: int | None = None,
        printed: dict[str, str] | None = None,
        checks: dict[str, str] | None = None,
    ) -> dict[str, str]:
        """Add a row; each value gets a review line with the text it came from."""
        headers = ENTITIES_BY_SHEET[sheet].headers
        printed = {**{k: v for k, v in values.items() if v}, **(printed or {})}
        values, checks = _percent_convention(sheet, values, dict(checks or {}))
        if OCR_MARK in where:  # a scanned page: every value may be misread
            for column, value in values.items():
                if value:
                    checks[column] = "; ".join(filter(None, [checks.get(column), OCR_NOTE]))
        row = {h: "" for h in headers} | {"tahun": str(self.year), "kode_opd": self.agency}
        row |= {k: v for k, v in values.items() if v is not None}
        rows = self.sheets.setdefault(sheet, [])
        rows.append(row)
        for column, value in values.items():
            if not value and column not in (checks or {}):
                continue
            note = (checks or {}).get(column, "")
            self.review.append(
                Review(
                    f"{sheet}.csv",
                    len(rows),
                    column,
                    value or "",
                    (printed or {}).get(column, value or ""),
                    where,
                    source,
                    table_row,
                    bool(note),
                    note,
                )
            )
        return row

    def unplaced(self, printed: str, where: str, source: str, note: str, row=None) -> None:
        self.review.append(Review("", None, "", "", printed, where, source, row, True, note))

    def unplaced_record(self, record: Record, table: ReadTable, note: str) -> None:
        """A table row that could not be placed, listed with its cells."""
        self.unplaced(
            " | ".join(record.cells.values()), record.where, table.caption, note, record.row_no
        )

    def flag(self, sheet: str, number: int, column: str, note: str) -> None:
        """Mark the review line of a value already added (row ``number`` of ``sheet``,
        1-based) as needing a check."""
        for line in self.review:
            if line.file == f"{sheet}.csv" and line.row == number and line.column == column:
                line.check = True
                line.note = "; ".join(filter(None, [line.note, note]))
                return

    @property
    def needs_check(self) -> int:
        return sum(line.check for line in self.review)


@dataclass
class _Context:
    chapter: str = ""
    section: str = ""
    objective: tuple[int, str] | None = None
    caption: str = ""

    @property
    def source(self) -> str:
        if self.objective:
            return f"{self.chapter} {self.section.split(' ')[0]} Sasaran Strategis " + str(
                self.objective[0]
            )
        return " ".join(filter(None, [self.chapter, self.section])) or "awal dokumen"


@dataclass
class _Placed:
    """A paragraph or table with the context it was printed in."""

    block: Block
    source: str
    objective: tuple[int, str] | None
    caption: str
    section: str


def _objective_heading(match: re.Match | None) -> tuple[int, str] | None:
    """(number, name) of a sasaran sub-heading; a line going on without a separator
    (``Sasaran strategis 1 dicapai …``) is a sentence, not a heading."""
    if match is None:
        return None
    separator, name = match[2], match[3].strip()
    if not separator and name and (not name[0].isupper() or len(name) > HEADING_NAME_MAX):
        return None
    return int(match[1]), name


def _walk(blocks: list[Block]) -> list[_Placed]:
    context = _Context()
    placed = []
    awaiting_name = False  # a sub-heading printed its name on the next line
    for block in blocks:
        if not isinstance(block, Paragraph):
            awaiting_name = False
        if isinstance(block, Paragraph):
            text = clean(block.text).lstrip("-• ").strip()
            chapter = _CHAPTER.match(text)
            section = _SECTION.match(text)
            objective = _OBJECTIVE_HEADING.match(text)
            caption = _CAPTION.match(text)
            if chapter:
                context = _Context(
                    chapter=f"Bab {chapter[1]}" if chapter[1] else chapter[2].title()
                )
                continue
            if section and len(text) < 110 and not text.endswith((".", ";", ":")):
                context.section = f"{section[1]} {section[2].strip()}"
                context.objective = None
                continue
            heading = _objective_heading(objective)
            if heading:
                context.objective = heading
                awaiting_name = not heading[1]
                continue
            if awaiting_name and len(text) < HEADING_NAME_MAX and not caption:
                context.objective = (context.objective[0], text.rstrip("."))
                awaiting_name = False
                continue
            if caption:
                context.caption = f"{caption[1].title()} {caption[2]}"
                title = _CAPTION_OBJECTIVE.search(text)
                if title and not context.objective:
                    context.objective = (int(title[1]), "")
        placed.append(
            _Placed(block, context.source, context.objective, context.caption, context.section)
        )
        if isinstance(block, Table):
            context.caption = ""
    return placed


def account_names(accounts: pl.DataFrame) -> dict[str, str]:
    """Spending type code by its normalised name (``belanja pegawai`` → 5.1.01), from
    the account type list: how printed spending types are recognised."""
    return {
        normalise_name(name): code
        for name, code in zip(accounts["account_name"], accounts["account_code"], strict=True)
    }


def other_agency_named(blocks: list[Block], agency: str, agencies: dict[str, dict]) -> str | None:
    """What the title pages say against ``agency`` (its row in ``agencies``): another
    agency's name of the same region where its own is missing, or another region's
    name; None when they agree or say nothing known."""
    own = agencies[agency]
    title = "\n".join(
        b.text for b in blocks[:TITLE_BLOCKS] if isinstance(b, Paragraph) and b.text.strip()
    )
    text = normalise_name(title)

    def named(name: str | None) -> bool:
        return bool(name) and re.search(rf"\b{re.escape(normalise_name(name))}\b", text) is not None

    if not (named(own["agency_name"]) or named(own["short_name"])):
        others = sorted(
            (row["agency_name"], row["agency_id"])
            for row in agencies.values()
            if row["region_code"] == own["region_code"]
            and row["agency_name"] != own["agency_name"]
            and named(row["agency_name"])
        )
        if others:
            name, other = max(others, key=lambda pair: len(pair[0]))
            return f"the title pages name {name} ({other}), not {own['agency_name']} ({agency})"
    regions = regions_named(title)
    if regions and not any(same_region(r, own["region_name"] or "") for r in regions):
        return (
            f"the title pages name {', '.join(r.title() for r in regions)}, "
            f"not {own['region_name']}"
        )
    return None


def extract(blocks: list[Block], year: int, agency: str, account_names: dict[str, str]) -> Draft:
    """The draft delivery of a document's blocks."""
    for block in blocks[:TITLE_BLOCKS]:
        title = _TITLE_YEAR.search(block.text) if isinstance(block, Paragraph) else None
        if title and int(title[1]) != year:
            raise DocumentError(
                f"the document reports {title[1]} ({block.where}: “{clean(block.text)[:90]}”), "
                f"not {year}: run it again with --year {title[1]}. Nothing was written."
            )
    draft = Draft(year, agency)
    placed = _walk(blocks)
    recognised: list[ReadTable] = []
    performance: list[tuple[_Placed, ReadTable]] = []
    plans: list[ReadTable] = []
    summaries: list[ReadTable] = []
    budget_tables: list[ReadTable] = []
    for where in placed:
        table = where.block
        if not isinstance(table, Table):
            continue
        caption = where.caption or f"tabel di {table.where}"
        perf = read_table(
            table, caption, lambda h: performance_role(h, year), PERFORMANCE_VALUES, year=year
        )
        roles = perf.roles()
        if "indicator" in roles and {"target", "realized"} <= roles:
            performance.append((where, perf))
        elif "indicator" in roles and roles & {"plan_target", "unit", "target"}:
            plans.append(perf)
        elif "objective" in roles and roles & {"achievement", "band"}:
            summaries.append(perf)
        elif "category" in roles and "band" in roles:
            _scale(draft, perf)
        else:
            perf = read_table(table, caption, budget_role, BUDGET_VALUES)
            if {"name", "budget"} <= perf.roles() and perf.roles() & {"realized", "percent"}:
                budget_tables.append(perf)
            else:
                header = " | ".join(c for c in (clean(x) for x in table.rows[0]) if c)
                draft.unplaced(
                    header[:200],
                    table.where,
                    caption,
                    "tabel tidak dikenali: bukan tabel kinerja, anggaran atau skala",
                )
                continue
        recognised.append(perf)
    for read in recognised:
        for row_where, cells in read.dropped:
            draft.unplaced(
                " | ".join(c for c in cells if c),
                row_where,
                read.caption,
                f"{UNPLACED}: baris tanpa kolom yang dikenali",
            )
    programs = []
    for money in budget_tables:
        programs += _budget(draft, money, account_names)
    categories = _narrative(draft, placed, account_names)
    _performance(draft, performance, plans, categories, programs)
    for summary in summaries:
        _objective_summary(draft, summary)
    if not recognised and not draft.sheets:
        raise DocumentError(
            "no table of performance, budget or category scale was recognised, and no "
            "sentence with figures: is this an LKjIP? Nothing was written."
        )
    return draft


def _scale(draft: Draft, table: ReadTable) -> None:
    for record in table.records:
        band = record.cells.get("band") or record.cells.get("achievement", "")
        label = record.cells.get("category", "")
        if not band or not label:
            draft.unplaced_record(record, table, "baris skala tanpa interval atau kategori")
            continue
        lower, upper, sure = band_bounds(band)
        checks = {} if sure else {"batas_bawah": "interval tidak terbaca pasti"}
        draft.add(
            "skala",
            {
                "urutan": str(record.row_no),
                "kategori": label,
                "batas_bawah": lower,
                "batas_atas": upper,
                "teks_skala": band,
            },
            record.where,
            table.caption,
            record.row_no,
            checks=checks,
        )


def band_bounds(text: str) -> tuple[str, str, bool]:
    """(lower, upper, read with certainty) of a printed band: ``75-100%``,
    ``Lebih dari 100%``, ``< 55 %``, ``91 % ≤ 100 %``, ``≤ 50``."""
    numbers = re.findall(r"\d+(?:,\d+)?", text)
    lowered = text.lower()
    if len(numbers) >= 2:
        return numbers[0], numbers[1], len(numbers) == 2
    if len(numbers) == 1:
        if re.search(r"lebih|>|≥|di atas|diatas", lowered):
            return numbers[0], "", True
        if re.search(r"kurang|<|≤|di bawah|dibawah", lowered):
            return "", numbers[0], True
    return "", "", False


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _budget(draft: Draft, table: ReadTable, account_names) -> list[dict]:
    """Budget lines of a program/kegiatan/sub kegiatan table (or spending by type)."""
    records = []
    for record in table.records:
        for role in BUDGET_VALUES & record.cells.keys():
            # a figure wrapped in its cell ("1.000, -") is one figure
            record.cells[role] = "".join(record.cells[role].split())
        if not record.cells.get("name"):
            draft.unplaced_record(
                record, table, "baris tanpa nama program/kegiatan (angka tak terbaca?)"
            )
            continue
        records.append(record)
    spending = [r for r in records if normalise_name(r.cells["name"]) in account_names]
    if spending and len(spending) >= len(records) / 2:
        for record in records:
            code = account_names.get(normalise_name(record.cells["name"]), "")
            draft.add(
                "belanja",
                {
                    "kode_akun": code,
                    "jenis_belanja": record.cells["name"],
                    "anggaran": record.cells.get("budget", ""),
                    "realisasi": record.cells.get("realized", ""),
                },
                record.where,
                table.caption,
                record.row_no,
                checks={} if code else {"kode_akun": "jenis belanja tidak dikenal"},
            )
        return []
    levels = _levels(records)
    lines = []
    for record, (level, code, note) in zip(records, levels, strict=True):
        if level == "opd":
            for column, measure in (
                ("budget", "anggaran"),
                ("physical", "realisasi_fisik_persen"),
                ("realized", "realisasi"),
                ("percent", "serapan_persen"),
            ):
                if record.cells.get(column):
                    draft.add(
                        "ringkasan",
                        {
                            "cakupan": "opd",
                            "kunci": "",
                            "ukuran": measure,
                            "nilai": record.cells[column],
                            "sumber": table.caption,
                        },
                        record.where,
                        table.caption,
                        record.row_no,
                    )
            continue
        row = draft.add(
            "anggaran",
            {
                "level": level,
                "kode": code,
                "nama": record.cells["name"],
                "anggaran": record.cells.get("budget", ""),
                "realisasi_keuangan": record.cells.get("realized", ""),
                "realisasi_fisik_persen": record.cells.get("physical", ""),
                "persen_dilaporkan": record.cells.get("percent", ""),
            },
            record.where,
            table.caption,
            record.row_no,
            checks={"level": note} if note else None,
        )
        number = len(draft.sheets["anggaran"])
        lines.append(row | {"_number": number, "_caption": table.caption})
        budget = amount_value(row["anggaran"])
        realized = amount_value(row["realisasi_keuangan"])
        printed = _number(row["persen_dilaporkan"])
        if budget and realized is not None and printed is not None:
            computed = _percent(realized * 100 / budget)
            if abs(computed - printed) > Decimal("0.01"):
                draft.flag(
                    "anggaran",
                    number,
                    "persen_dilaporkan",
                    f"dicetak {row['persen_dilaporkan']}, realisasi/anggaran = "
                    + str(computed).replace(".", ","),
                )
    _check_sums(draft, lines)
    return lines


def _number(text: str | None) -> Decimal | None:
    """A printed percentage or count (``93,6``, ``72,07 %``); negatives are no figure
    a report prints here."""
    value = number_value(text)
    return value if value is not None and value >= 0 else None


def _amounts(record: Record) -> tuple[Decimal | None, Decimal | None]:
    return amount_value(record.cells.get("budget")), amount_value(record.cells.get("realized"))


def _levels(records: list[Record]) -> list[tuple[str, str, str]]:
    """(level, code, note) per record: from a printed code; else a numbered or
    upper-case row, or one whose name begins with "Program", is a program, and the rows
    under it are split into kegiatan and sub kegiatan so that each kegiatan's anggaran
    or realisasi is the sum of its own."""
    levels: list[tuple[str, str, str]] = [("", "", "")] * len(records)
    coded = False
    for i, record in enumerate(records):
        parsed = budget_code(record.cells.get("code", "").replace(" ", ""))
        if parsed:
            levels[i] = (parsed[1], parsed[0], "")
            coded = True
    if coded:
        return [
            level if level[0] else ("kegiatan", "", "kode tidak terbaca; tingkat ditebak")
            for level in levels
        ]
    # a number on some rows marks the programs; on every row it only counts them
    numbered = sum(bool(r.cells.get("number")) for r in records) < len(records)
    programs = [
        i
        for i, r in enumerate(records)
        if (numbered and r.cells.get("number"))
        or _upper(r.cells["name"])
        or _PROGRAM_WORD.match(r.cells["name"])
    ]
    if not programs:
        programs_bounds = [(0, len(records))]
    else:
        for i in range(programs[0]):
            levels[i] = ("opd", "", "")
        for i in programs:
            levels[i] = ("program", "", "")
        programs_bounds = [
            (start + 1, programs[n + 1] if n + 1 < len(programs) else len(records))
            for n, start in enumerate(programs)
        ]
    for start, end in programs_bounds:
        for offset, (level, note) in enumerate(_split_activities(records[start:end])):
            levels[start + offset] = (level, "", note)
    return levels


# a program's nomenclature begins with the word (Permendagri 90/2019: "Program Penunjang …")
_PROGRAM_WORD = re.compile(r"^\s*program\s+\w", re.IGNORECASE)


def _upper(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _split_activities(rows: list[Record]) -> list[tuple[str, str]]:
    """Kegiatan and sub kegiatan among the rows under one program: the partition into
    (kegiatan, its sub kegiatan…) groups whose sums agree best."""
    amounts = [_amounts(r) for r in rows]
    n = len(rows)
    best: dict[int, tuple[int, list[int], int]] = {n: (0, [], 1)}  # score, starts, ways
    for i in range(n - 1, -1, -1):
        options = []
        budget_sum = realized_sum = Decimal(0)
        for j in range(i + 1, n):
            budget_sum += amounts[j][0] or 0
            realized_sum += amounts[j][1] or 0
            if j + 1 not in best:
                continue
            score = (amounts[i][0] == budget_sum) + (amounts[i][1] == realized_sum)
            if score:
                rest = best[j + 1]
                options.append((score + rest[0], [i, *rest[1]], rest[2]))
        if options:
            top = max(o[0] for o in options)
            winners = [o for o in options if o[0] == top]
            best[i] = (top, winners[0][1], sum(o[2] for o in winners))
    if 0 not in best:
        note = "kegiatan/sub kegiatan tidak dapat dibedakan dari jumlahnya; dianggap kegiatan"
        return [("kegiatan", note)] * n
    _, starts, ways = best[0]
    note = "" if ways == 1 else "pembagian kegiatan/sub kegiatan tidak pasti"
    return [("kegiatan" if i in starts else "sub kegiatan", note) for i in range(n)]


def _check_sums(draft: Draft, lines: list[dict]) -> None:
    """Each parent's anggaran and realisasi against the lines under it."""
    order = {"program": 0, "kegiatan": 1, "sub kegiatan": 2}
    for i, line in enumerate(lines):
        depth = order.get(line["level"])
        if depth is None or depth == 2:
            continue
        children = []
        for other in lines[i + 1 :]:
            other_depth = order.get(other["level"], 0)
            if other_depth <= depth:
                break
            if other_depth == depth + 1:
                children.append(other)
        if not children:
            continue
        for column in ("anggaran", "realisasi_keuangan"):
            total = sum((amount_value(c[column]) or 0 for c in children), Decimal(0))
            own = amount_value(line[column])
            if own is not None and own != total:
                kind = "sub kegiatan" if depth == 1 else "kegiatan"
                draft.flag(
                    "anggaran",
                    line["_number"],
                    column,
                    f"tidak sama dengan jumlah {kind}-nya ({_rupiah(total)})",
                )


def _rupiah(value: Decimal) -> str:
    whole = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"Rp {whole.removesuffix(',00')}"


def _rp(text: str) -> str:
    """A prose amount as the transcriptions write it."""
    return f"Rp. {text},-" if "," not in text else f"Rp. {text}"


def _narrative(draft: Draft, placed: list[_Placed], account_names) -> dict[int, tuple]:
    """Figures of the sentences; returns the category each sasaran's text gives."""
    categories: dict[int, tuple[str, str, str]] = {}
    labels = sorted(
        {*KNOWN_CATEGORIES, *(r["kategori"] for r in draft.sheets.get("skala", []))},
        key=len,
        reverse=True,
    )
    category = re.compile(
        CATEGORY_WORDS + r"\s+(" + "|".join(re.escape(lab) for lab in labels) + r")\b",
        re.IGNORECASE,
    )
    averages: Counter[str] = Counter()
    paragraphs = [p for p in placed if isinstance(p.block, Paragraph)]
    for item in paragraphs:
        text = clean(item.block.text)
        where = item.block.where
        used: list[tuple[int, int]] = []

        def ringkasan(scope, key, measure, value, match, item=item, where=where, used=used):
            draft.add(
                "ringkasan",
                {
                    "cakupan": scope,
                    "kunci": key,
                    "ukuran": measure,
                    "nilai": value,
                    "sumber": item.source,
                },
                where,
                item.source,
                printed={"nilai": match[0][:300]},
            )
            used.append(match.span())

        for match in SASARAN_FINANCE.finditer(text):
            key = match[1]
            for measure, value in (
                ("realisasi", _rp(match[2])),
                ("serapan_persen", match[3]),
                ("anggaran", _rp(match[4])),
                ("efisiensi", match[5] and _rp(match[5])),
                ("efisiensi_persen", match[6]),
            ):
                if value:
                    ringkasan("sasaran", key, measure, value, match)
        for match in SPENDING.finditer(text):
            name = " ".join(match[1].split())
            code = account_names.get(normalise_name(name), "")
            draft.add(
                "belanja",
                {
                    "kode_akun": code,
                    "jenis_belanja": name,
                    "anggaran": _rp(match[2]),
                    "realisasi": _rp(match[3]),
                },
                where,
                item.source,
                printed={"anggaran": match[0], "realisasi": match[0]},
                checks={} if code else {"kode_akun": "jenis belanja tidak dikenal"},
            )
            used.append(match.span())
        for match in TOTAL.finditer(text):
            if _overlaps(match.span(), used):
                continue
            ringkasan("opd", "", "anggaran", _rp(match[1]), match)
            ringkasan("opd", "", "realisasi", _rp(match[2]), match)
            if match[3]:
                ringkasan("opd", "", "serapan_persen", match[3], match)
        for match in SILPA.finditer(text):
            ringkasan("opd", "", "silpa", _rp(match[1]), match)
        for match in SAVINGS.finditer(text):
            if not _overlaps(match.span(), used):
                ringkasan("opd", "", "efisiensi", _rp(match[1]), match)
        for match in AVERAGE.finditer(text):
            ringkasan("opd", "", "capaian_persen", match[1], match)
        for match in OBJECTIVE_AVERAGE.finditer(text):
            averages[item.section] += 1
            key = str(averages[item.section])
            ringkasan("sasaran", key, "capaian_persen", match[1], match)
            if match[2]:
                ringkasan("sasaran", key, "realisasi", _rp(match[2]), match)
                ringkasan("sasaran", key, "serapan_persen", match[3], match)
                ringkasan("sasaran", key, "anggaran", _rp(match[4]), match)
        for match in COUNT.finditer(text):
            noun = " ".join(match[2].lower().split())
            measure = COUNT_MEASURES.get(noun, "jumlah_sub_kegiatan")
            ringkasan("opd", "", measure, match[1], match)
        for match in category.finditer(text):
            if item.objective:
                categories.setdefault(item.objective[0], (match[1], where, item.source))
            else:
                ringkasan("opd", "", "kategori", match[1], match)
            used.append(match.span())
        for match in _ANY_RP.finditer(text):
            if not _overlaps(match.span(), used):
                start = max(0, match.start() - 60)
                draft.unplaced(
                    text[start : match.end() + 20],
                    where,
                    item.source,
                    f"{UNPLACED}: jumlah rupiah dalam kalimat yang tidak dikenali",
                )
    return categories


def _overlaps(span: tuple[int, int], used: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in used)


def _key(text: str) -> str:
    """An indicator's name for matching across tables: letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _performance(draft, tables, plans, categories, programs) -> None:
    """kinerja rows: indicators under their sasaran, with what other tables and the
    narrative add (Renstra end target, satuan, category, the program funding it)."""
    plan_targets: dict[str, str] = {}
    units: dict[str, str] = {}
    for plan in plans:
        for record in plan.records:
            key = _key(record.cells.get("indicator", ""))
            if key and record.cells.get("plan_target"):
                plan_targets.setdefault(key, record.cells["plan_target"])
            if key and record.cells.get("unit"):
                units.setdefault(key, record.cells["unit"])
    numbers: dict[str, int] = {}
    seen: dict[tuple[int, str], tuple[dict, str]] = {}
    indicator_counts: Counter[int] = Counter()
    for where, table in tables:
        objective_name = ""
        objective_no = None
        for record in table.records:
            cells = record.cells
            if cells.get("objective"):
                objective_name = cells["objective"]
                objective_no = None
                if cells.get("number", "").rstrip(".").isdigit():
                    objective_no = int(cells["number"].rstrip("."))
            if not cells.get("indicator"):
                draft.unplaced_record(record, table, "baris kinerja tanpa indikator")
                continue
            if SUMMARY_ROW.match(cells["indicator"]):
                draft.unplaced_record(
                    record, table, "baris ringkasan (Jumlah/Rata-rata) tabel: bukan indikator"
                )
                continue
            checks: dict[str, str] = {}
            name = objective_name
            number = objective_no
            if (
                where.objective
                and len({r.cells.get("objective") for r in table.records} - {None}) <= 1
            ):
                number = where.objective[0]
                if where.objective[1]:
                    if objective_name and _key(objective_name) != _key(where.objective[1]):
                        checks["sasaran"] = (
                            f"judul sub bab menyebut sasaran ini, tabel mencetak “{objective_name}”"
                        )
                    name = where.objective[1]
            if number is None:
                number = numbers.setdefault(_key(name), len(numbers) + 1)
            numbers.setdefault(_key(name), number)
            key = _key(cells["indicator"])
            unit = cells.get("unit") or units.get(key, "")
            if not unit and cells.get("target", "").endswith("%"):
                unit = "%"
            if not unit:
                checks["satuan"] = "satuan tidak tercetak"
            category = cells.get("category", "")
            if not category and number in categories:
                category = categories[number][0]
            values = {
                "no_sasaran": str(number),
                "sasaran": name,
                "no_indikator": "",
                "indikator": cells["indicator"],
                "satuan": unit,
                "polaritas": "positif",
                "target": cells.get("target", ""),
                "realisasi": cells.get("realized", ""),
                "kode_program": "",
                "capaian_dilaporkan": cells.get("achievement", ""),
                "kategori_dilaporkan": category,
                "capaian_tahun_lalu": cells.get("prior_achievement", ""),
                "capaian_renstra": cells.get("plan_achievement", ""),
                "target_akhir_renstra": cells.get("plan_target") or plan_targets.get(key, ""),
            }
            checks["polaritas"] = "tidak tercetak; dianggap positif (makin tinggi makin baik)"
            compared = {k: v for k, v in values.items() if k not in ("sasaran", "no_indikator")}
            earlier = seen.get((number, key))
            if earlier and earlier[0] == compared:
                draft.unplaced(
                    cells["indicator"],
                    record.where,
                    table.caption,
                    f"sama dengan {earlier[1]}; tidak ditulis dua kali",
                    record.row_no,
                )
                continue
            if earlier:
                checks["indikator"] = (
                    f"{earlier[1]} mencetak indikator ini dengan nilai lain; keduanya ditulis, "
                    "hapus yang salah"
                )
            else:
                indicator_counts[number] += 1
            values["no_indikator"] = str(indicator_counts[number])
            funding = _funding(programs, number, draft)
            if funding:
                values["kode_program"] = funding[0]
                if funding[1]:
                    checks["kode_program"] = funding[1]
            seen.setdefault((number, key), (compared, table.caption))
            draft.add("kinerja", values, record.where, table.caption, record.row_no, checks=checks)


def _funding(programs: list[dict], objective: int, draft: Draft) -> tuple[str, str] | None:
    """The program whose anggaran is the pagu the text gives for a sasaran."""
    stated = [
        r["nilai"]
        for r in draft.sheets.get("ringkasan", [])
        if r["cakupan"] == "sasaran" and r["kunci"] == str(objective) and r["ukuran"] == "anggaran"
    ]
    amounts = {amount_value(s) for s in stated} - {None}
    matches = [
        p for p in programs if p["level"] == "program" and amount_value(p["anggaran"]) in amounts
    ]
    if len(matches) != 1:
        return None
    program = matches[0]
    if program["kode"]:
        return program["kode"], ""
    return (
        "",
        f"pagu sasaran sama dengan program “{program['nama']}” ({program['_caption']}); "
        "isi kodenya",
    )


def _objective_summary(draft: Draft, table: ReadTable) -> None:
    """A table of sasaran with their capaian and category (e.g. Tabel 3.6)."""
    for record in table.records:
        key = record.cells.get("number", "").rstrip(".") or str(record.row_no)
        record.cells.setdefault("achievement", record.cells.get("band", ""))
        for role, measure in (("achievement", "capaian_persen"), ("category", "kategori")):
            if record.cells.get(role):
                draft.add(
                    "ringkasan",
                    {
                        "cakupan": "sasaran",
                        "kunci": key,
                        "ukuran": measure,
                        "nilai": record.cells[role],
                        "sumber": table.caption,
                    },
                    record.where,
                    table.caption,
                    record.row_no,
                )
