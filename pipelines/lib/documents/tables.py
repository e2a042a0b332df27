"""A printed table as named columns and whole rows.

Headers are read by their words, not their positions: the header rows (those before
the first row with a figure other than a year) are joined per column, each column
gets a role from its words, and the kind of table follows from the roles it has.
Column-number rows ``(1) (2) (3)`` and repeated headers are dropped; a row with no
figure and no number of its own continues the cells of the row above (a wrapped cell
of a text extraction).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.lib.documents.blocks import Table, heading_across
from pipelines.lib.numbers import is_currency_mark
from pipelines.lib.readers import is_numbering_row

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
MAX_HEADER_ROWS = 6


def clean(cell: str | None) -> str:
    """A cell's text on one line, without Markdown emphasis."""
    return " ".join((cell or "").replace("**", "").replace("\u00a0", " ").split())


def has_figure(cells: list[str]) -> bool:
    """A digit that is not a year: what tells a data row from a header row."""
    return any(re.search(r"\d", _YEAR.sub("", c)) for c in cells)


def budget_role(header: str) -> str | None:
    h = header.lower()
    if "fisik" in h:
        return "physical"
    if "sisa" in h or "efisiensi" in h or "selisih" in h:
        return "remaining"
    if "kode" in h:
        return "code"
    if re.search(r"program|kegiatan|uraian|nama|jenis belanja", h):
        return "name"
    if "%" in h or "persen" in h or "capaian" in h:
        return "percent"
    if "realisasi" in h or "keuangan" in h:
        return "realized"
    if "anggaran" in h or "pagu" in h or "tahun ini" in h:
        return "budget"
    if h.strip(". ") in ("no", "nomor"):
        return "number"
    return None


def performance_role(header: str, year: int | None) -> str | None:
    h = header.lower()
    if "sasaran" in h and "indikator" not in h:
        return "objective"
    if "indikator" in h:
        return "indicator"
    if "satuan" in h:
        return "unit"
    if "renstra" in h or "akhir" in h:
        return "plan_achievement" if ("capaian" in h or "%" in h) else "plan_target"
    if "efisiensi" in h or "sisa" in h:
        return "savings_percent" if "%" in h or "persen" in h else "savings"
    if re.search(r"anggaran|pagu|\(rp\)|rupiah", h):  # money beside a sasaran
        if "%" in h or "persen" in h or "capaian" in h or "serapan" in h or "penyerapan" in h:
            return "absorption"
        return "budget_realized" if "realisasi" in h else "budget"
    if "kategori" in h or "predikat" in h or "kriteria" in h:
        return "category"
    if "skala" in h or "interval" in h or "rentang" in h:
        return "band"
    if "serapan" in h or "penyerapan" in h:  # the money's, beside a capaian
        return "absorption"
    if "capaian" in h or "%" in h:
        if "lalu" in h or "sebelum" in h or (year and str(year - 1) in h):
            return "prior_achievement"
        return "achievement"
    if "target" in h:
        return "target"
    if "realisasi" in h:
        return "realized"
    if "kinerja" in h:  # e-SAKIP's "Kinerja" column is the capaian
        return "achievement"
    if "program" in h:
        return "program"
    if h.strip(". ") in ("no", "nomor", "n0"):  # N0: a zero typed for the O
        return "number"
    return None


SPAN = "span"  # the role of a row's one text printed across the table (a merged row)


@dataclass
class Record:
    """One row of a table, wrapped lines joined."""

    cells: dict[str, str]
    where: str
    row_no: int  # the printed row it starts on, 1 = first row under the header


@dataclass
class ReadTable:
    caption: str
    where: str
    headers: list[str]
    records: list[Record] = field(default_factory=list)
    dropped: list[tuple[str, list[str]]] = field(default_factory=list)  # (where, cells)
    # a figure of a second column read with the role of one before it: (where, role, text)
    doubled: list[tuple[str, str, str]] = field(default_factory=list)

    def roles(self) -> set[str]:
        return {r for r in self.headers if r}


_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _one_year(words: list[str], roles: list[str | None], year: int | None) -> list[str | None]:
    """Columns of one role over several years (``Target 2019 | Target 2020``): the
    report year's keeps the role; another year's column gets none (its figures are no
    figure of this year, never glued to it). Columns naming no year are left alone."""
    if year is None:
        return roles
    out = list(roles)
    for role in {r for r in roles if r}:
        columns = [i for i, r in enumerate(roles) if r == role]
        years = {i: {int(y) for y in _A_YEAR.findall(words[i])} for i in columns}
        if len(columns) < 2 or not any(year in found for found in years.values()):
            continue
        for i in columns:
            if years[i] and year not in years[i]:
                out[i] = None
    return out


def _carried(words: list[str], roles: list[str | None], value_roles) -> list[str | None]:
    """A figure's header merged over the columns right of it, read once (Word): a
    column with no header words takes the role of the value column to its left ("Rp" |
    "1.500.000.000" under one "Anggaran"); two figures there are still never one."""
    out = list(roles)
    for i in range(1, len(out)):
        if out[i] is None and not words[i] and out[i - 1] in value_roles:
            out[i] = out[i - 1]
    return out


def _group_headers(header_rows: list[list[str]]) -> list[list[str]]:
    """Header rows with a group's words (``2020`` merged over ``Target | Realisasi |
    Capaian``) on every column under it: a PDF prints them in the group's first cell
    only. An empty cell takes its left neighbour's words when both columns have words
    below on the same rows; a cell merged down (nothing below) groups nothing, nor does
    the first line of a cell set on several lines by spaces (``Indikator`` over
    ``Kinerja`` / ``Utama``), whose neighbour's words below lie on other lines. Lower
    groups first, so a group over groups spans them all."""
    out = [list(r) for r in header_rows]
    for n in range(len(out) - 2, -1, -1):
        upper, below = out[n], out[n + 1 :]
        for i in range(1, len(upper)):
            rows_left = {k for k, r in enumerate(below) if r[i - 1]}
            rows_right = {k for k, r in enumerate(below) if r[i]}
            if not upper[i] and upper[i - 1] and rows_left and rows_left == rows_right:
                upper[i] = upper[i - 1]
    return out


def _spans(cells: list[str], first_role: str | None) -> bool:
    """A heading printed across the table (``Sasaran Strategis 1. …`` merged over the
    columns): Word repeats it in every cell; a PDF leaves it in the first, a column of
    numbers that holds no words otherwise. A lone text in a column of text is the
    wrapped line of the cell above, not this."""
    texts = [c for c in cells if c]
    if len(set(texts)) != 1 or not _WORDS.search(texts[0]):
        return False
    # repeated in most cells (two wrapped cells that happen to agree are not a heading)
    return len(texts) >= max(3, len(cells) * 0.6) or (
        bool(cells[0]) and first_role in (None, "number")
    )


_WORDS = re.compile(r"[A-Za-z]{3,}.*\s.*[A-Za-z]{3,}")


def _header_count(rows: list[list[str]]) -> int:
    """Header rows: those above the numbering row or the first row with a figure."""
    count = 0
    while (
        count < min(MAX_HEADER_ROWS, len(rows))
        and not is_numbering_row(rows[count])
        and (count == 0 or not has_figure(rows[count]))
    ):
        count += 1
    return count


def _named_cells(read: ReadTable, cells: list[str], where, value_roles) -> dict[str, str]:
    """A row's cells by role; two cells under one role are joined as text, but two
    figures are never one (the second is named in ``read.doubled``)."""
    named: dict[str, str] = {}
    for role, cell in zip(read.headers, cells, strict=True):
        if role in value_roles and is_currency_mark(cell):
            continue  # "Rp" in a cell of its own beside the figure, under one header
        if role and cell and role in named and role in value_roles:
            read.doubled.append((where, role, cell))
        elif role and cell:
            named[role] = f"{named[role]} {cell}" if role in named else cell
    return named


def read_table(
    table: Table,
    caption: str,
    role_of,
    value_roles: frozenset[str],
    key_roles: frozenset[str] = frozenset({"number", "code"}),
    year: int | None = None,
    heading: re.Pattern | None = None,
    across: Callable[[str], object] | None = None,
) -> ReadTable:
    """The table's records under the roles ``role_of`` gives its header words.

    A row is a new record when it has a value (a cell of ``value_roles``) or a key (a
    number or code); otherwise its text continues the record above, cell by cell. With
    ``year``, a role printed for several years keeps the report year's column. A row
    whose name matches ``heading`` (``Kegiatan …``) is a record of its own, figures or not.
    A row whose one text ``across`` accepts (``Sasaran Strategis 2. …`` in the name
    column, the number cell empty) is a heading across the table, never a wrapped line.
    """
    rows = [[clean(c) for c in row] for row in table.rows]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header_count = _header_count(rows)
    header_rows = rows[:header_count]
    grouped = _group_headers(header_rows)
    words = [" ".join(r[i] for r in grouped if r[i]).strip() for i in range(width)]
    roles = _carried(words, _one_year(words, [role_of(w) for w in words], year), value_roles)
    read = ReadTable(caption, table.where, roles)
    for index in range(header_count, len(rows)):
        cells = rows[index]
        where = table.row_where[index] if index < len(table.row_where) else table.where
        if is_numbering_row(cells) or cells in header_rows or not any(cells):
            continue
        texts = {c for c in cells if c}
        if _spans(cells, read.headers[0] if read.headers else None) or (
            across and len(texts) == 1 and across(next(iter(texts)))
        ):
            read.records.append(Record({SPAN: cells[0] or next(c for c in cells if c)},
                                       where, len(read.records) + 1))  # fmt: skip
            continue
        named = _named_cells(read, cells, where, value_roles)
        starts = any(named.get(r) for r in value_roles | key_roles) or bool(
            heading and heading.match(named.get("name", ""))
        )
        if not starts and read.records:
            last = read.records[-1].cells
            if SPAN in last and len(texts) == 1:  # a heading's name on the next line
                last[SPAN] = f"{last[SPAN]} {next(iter(texts))}"
                continue
            for role, text in named.items():
                last[role] = f"{last[role]} {text}" if last.get(role) else text
            continue
        if not named:
            read.dropped.append((where, cells))
            continue
        read.records.append(Record(named, where, len(read.records) + 1))
    return read


# The two header vocabularies a document's tables are read with: the words of a
# performance table (and of plans, sasaran summaries and scales), and of a budget table.
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
        # a sasaran's money (kinds/objective_finance.py)
        "budget",
        "budget_realized",
        "absorption",
        "savings",
        "savings_percent",
    }
)
BUDGET_VALUES = frozenset({"budget", "realized", "physical", "percent", "remaining"})


# a budget line's name beginning with its level ("1. Sub Kegiatan …"): a line of its
# own even where it prints no figure (a program's or kegiatan's heading row)
LEVEL_HEADING = re.compile(
    r"^\s*(?:\d{1,2}\s*[.)]\s*)?(?:program|sub\s*kegiatan|kegiatan)\s+\w", re.IGNORECASE
)


def read_as(table: Table, caption: str, vocabulary: str, year: int) -> ReadTable:
    """``table`` read with the ``performance`` or the ``budget`` vocabulary."""
    if vocabulary == "performance":
        return read_table(
            table,
            caption,
            lambda h: performance_role(h, year),
            PERFORMANCE_VALUES,
            year=year,
            across=heading_across,
        )
    return read_table(table, caption, budget_role, BUDGET_VALUES, heading=LEVEL_HEADING)
