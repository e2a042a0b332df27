"""Where a finance export's header is and what each column of it means: the header
band (one to three rows, merged cells carried across) looked for in the first rows of
a grid, each column's role from its words (:mod:`.columns`), and which of several
amount columns is the year's figure. :mod:`.by_headers` reads the rows below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.lib.contract import MONTH_NAMES
from pipelines.lib.finance.columns import (
    CUMULATIVE,
    OTHER_BUDGET,
    PREVIOUS_PERIOD,
    TOTAL_WORDS,
    band_role,
    normalise_label,
)
from pipelines.lib.numbers import amount_any_convention, is_currency_mark
from pipelines.lib.readers import UnreadableFileError, is_numbering_row

HEADER_SEARCH_ROWS = 30
CODE_PARTS = ("part_urusan", "part_bidang", "part_program", "part_kegiatan", "part_sub_kegiatan")


# the signature block under a table: words of no data row
SIGNATURE = re.compile(
    r"\b(mengetahui|kepala\b|nip\b|bendahara|pejabat pengelola|pengguna anggaran|"
    r"ttd|a\.n\.|disetujui|dibuat oleh)"
    # the place and date the signature block opens with: "Sekayu, 31 Januari 2024"
    rf"|^[A-Za-z .'-]+,\s*\d{{1,2}}\s+({'|'.join(MONTH_NAMES)})\s+\d{{4}}$",
    re.IGNORECASE,
)
# a row under the header that only says the unit of its columns: "(Rp)", "%"
UNIT_MARKS = re.compile(r"\(?\s*(?:Rp\.?|%|rupiah)\s*\)?", re.IGNORECASE)


class LayoutUndecided(UnreadableFileError):
    """The header leaves a role open; the message says what was recognised."""


@dataclass
class Layout:
    """Which column plays which role, from a header band at ``top`` of ``height`` rows."""

    top: int
    height: int
    roles: dict[int, tuple[str, str]]  # column → (role, group above it)
    band: list[list[str]] = field(default_factory=list)
    declared: str | None = None  # the declaration it comes from (raw/reference/layouts/)

    def columns(self, role: str) -> list[int]:
        return [c for c, (r, _) in sorted(self.roles.items()) if r == role]

    def describe(self) -> str:
        named = {}
        for column, (role, _) in sorted(self.roles.items()):
            named.setdefault(role, []).append(column_letter(column))
        return ", ".join(f"{role} {'+'.join(cols)}" for role, cols in named.items())


def column_letter(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(row: list[str], column: int) -> str:
    return row[column].strip() if column < len(row) and row[column] else ""


def _is_amount(text: str) -> bool:
    return (
        bool(text) and bool(re.search(r"\d{3}", text)) and amount_any_convention(text) is not None
    )


def band_labels(band: list[list[str]]) -> list[list[str]]:
    """Each column's labels top-down; a blank cell of an upper row takes the label to
    its left while the row below has a label under it (a merged group heading)."""
    width = max((len(r) for r in band), default=0)
    rows = [[cell(r, c) for c in range(width)] for r in band]
    for depth in range(len(rows) - 1):
        carried = ""
        for column in range(width):
            if rows[depth][column]:
                carried = rows[depth][column]
            elif carried and rows[depth + 1][column]:
                rows[depth][column] = carried
            else:
                carried = ""
    return [[rows[d][c] for d in range(len(rows))] for c in range(width)]


_TITLE_LINE = re.compile(r"^[^:]{2,40}:\s*\S")


def _is_title_line(row: list[str]) -> bool:
    """A title's "label : value" line, alone in its row."""
    filled = [c for c in row if c and c.strip()]
    return len(filled) == 1 and bool(_TITLE_LINE.match(filled[0].strip()))


def _band_score(band: list[list[str]]) -> tuple[int, dict[int, tuple[str, str]]] | None:
    if any(is_numbering_row(r) or sum(_is_amount(c) for c in r) >= 2 for r in band):
        return None  # a band holds no figures
    if any(_is_title_line(r) for r in band):
        return None  # "Periode : 01-01-2024 s/d …" above a header is no part of it
    if not any(band[-1]):
        return None
    roles = {}
    for column, labels in enumerate(band_labels(band)):
        role, group = band_role(labels)
        if role:
            roles[column] = (role, group)
    found = {role for role, _ in roles.values()}
    # a line's name, a spending type, or a unit (a table of each SKPD's totals)
    if not found & {"name", "spending_type", "unit_name", "unit_code"} or "budget" not in found:
        return None
    code = "code" in found or bool(found & set(CODE_PARTS))
    return len(found) + 2 * ("realized" in found) + 2 * code, roles


def find_layout(rows: list[list[str]]) -> Layout | None:
    """The best header band in the first rows: the most roles recognised, then the most
    columns given one, then the fewest rows."""
    best: tuple[tuple[int, int, int], Layout] | None = None
    for top in range(min(HEADER_SEARCH_ROWS, len(rows))):
        if not any(c.strip() for c in rows[top] if c):
            continue
        for height in (1, 2, 3):
            band = rows[top : top + height]
            if len(band) < height:
                break
            scored = _band_score(band)
            if scored is None:
                continue
            score, roles = scored
            # then the band that gives more columns a role (a merged "Anggaran" over
            # "Murni | Perubahan" is read with the row under it), then the fewest rows
            key = (score, len(roles), -height)
            if best is None or key > best[0]:
                best = (key, Layout(top, height, roles, band))
    return _with_currency_cells(_with_code_continued(best[1], rows), rows) if best else None


_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _with_currency_cells(layout: Layout, rows: list[list[str]]) -> Layout:
    """An amount's header merged over "Rp" in a narrow column and the figure beside it
    (``Anggaran`` over ``Rp | 1.000.000,00``, nothing under it): the role moves to the
    column of figures, the column of marks has none."""
    width = max((len(r) for r in rows), default=0)
    data = _data_rows(layout, rows)
    roles = dict(layout.roles)
    for column, (role, group) in sorted(layout.roles.items()):
        after = column + 1
        if role not in ("budget", "realized", "remainder") or after >= width or after in roles:
            continue
        marks = [cell(r, column) for r in data if cell(r, column)]
        figures = [cell(r, after) for r in data if cell(r, after)]
        if (
            marks
            and all(is_currency_mark(m) for m in marks)
            and figures
            and all(amount_any_convention(f) is not None for f in figures)
            and not any(cell(r, after) for r in layout.band)
        ):
            del roles[column]
            roles[after] = (role, group)
    if roles == layout.roles:
        return layout
    return Layout(layout.top, layout.height, roles, layout.band, layout.declared)


def _data_rows(layout: Layout, rows: list[list[str]]) -> list[list[str]]:
    """The first rows under the header that hold an amount (no title or signature)."""
    below = rows[layout.top + layout.height : layout.top + layout.height + 50]
    return [r for r in below if any(_is_amount(c) for c in r if c)]


# a segment of a code printed in a column of its own: "1", "01", "2.01", "0001"
_CODE_SEGMENT = re.compile(r"\d{1,4}(?:\.\d{1,4})*\.?")


def _with_code_continued(layout: Layout, rows: list[list[str]]) -> Layout:
    """A code header merged over the columns right of it ("Kode Rekening" over five
    columns, nothing under it): the columns with no header whose cells hold code
    segments continue the code, their segments joined to it."""
    width = max((len(r) for r in rows), default=0)
    data = _data_rows(layout, rows)
    roles = dict(layout.roles)
    for column, (role, group) in sorted(layout.roles.items()):
        if role != "code":
            continue
        for after in range(column + 1, width):
            if after in roles or any(cell(r, after) for r in layout.band):
                break
            cells = [cell(r, after) for r in data if cell(r, after)]
            if not cells or not all(_CODE_SEGMENT.fullmatch(c) for c in cells):
                break
            roles[after] = ("code", group)
    if roles == layout.roles:
        return layout
    return Layout(layout.top, layout.height, roles, layout.band, layout.declared)


def amount_columns(layout: Layout, role: str, path_name: str) -> list[int]:
    """The columns adding up to the row's anggaran (or realisasi): one, the total of
    several, or parts under different group headings (operasi + modal + …); those a
    person declared, as declared."""
    columns = layout.columns(role)
    if len(columns) <= 1 or layout.declared:
        return columns

    labels = band_labels(layout.band)

    def words(column: int) -> str:
        return normalise_label(" ".join(labels[column]))

    current = [c for c in columns if not any(w in words(c) for w in OTHER_BUDGET)]
    columns = current or columns
    totals = [c for c in columns if any(w in words(c).split() for w in TOTAL_WORDS)]
    if len(totals) == 1:
        return totals
    to_date = [c for c in columns if re.search(CUMULATIVE, words(c))]
    if len(to_date) > 1:  # to date, and to the end of the month (quarter) before
        to_date = [c for c in to_date if not re.search(PREVIOUS_PERIOD, words(c))]
    if len(to_date) == 1:
        return to_date
    # a comparative LRA: this year's realisation beside last year's (Realisasi 2023 |
    # Realisasi 2022): the latest year is the one reported
    years = {c: {int(y) for y in _A_YEAR.findall(words(c))} for c in columns}
    if all(years.values()):
        latest = max(max(found) for found in years.values())
        current = [c for c in columns if latest in years[c]]
        if len(current) == 1:
            return current
    groups = [layout.roles[c][1] for c in columns]
    if len(columns) > 1 and all(groups) and len(set(groups)) == len(groups):
        return columns  # parts of one total: added up
    if len(columns) == 1:
        return columns
    raise LayoutUndecided(
        f"{path_name}: {len(columns)} columns read as {role} "
        f"({', '.join(column_letter(c) for c in columns)}) and none is their total; recognised "
        f"{layout.describe()}: declare which one is the year's figure "
        f"(kinerja layout {path_name})"
    )
