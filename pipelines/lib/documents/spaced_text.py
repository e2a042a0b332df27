"""A text laid out by spaces (what ``pdftotext -layout`` writes, and what OCR words are
set out as): its tables found by the positions of their words and rewritten as
tab-separated cells, its pages' running headers dropped; and the lines of any text
extraction (tab-separated too) grouped into paragraph and table blocks.
"""

from __future__ import annotations

import re
from collections import Counter

from pipelines.lib.documents.blocks import (
    BULLET,
    HEADING,
    PAGE_NUMBER,
    Block,
    Paragraph,
    Table,
    furniture_key,
    heading_across,
)


def is_heading(text: str) -> bool:
    """A heading, also behind a list mark (``- b. Sasaran Strategis 2 : …``)."""
    return bool(HEADING.match(text) or HEADING.match(re.sub(r"^[-•➤]\s*", "", text)))


def text_blocks(lines: list[str], where: list[str], continues) -> list[Block]:
    """Blocks of text lines: a run of tab-separated lines is a table (blank lines inside
    it are page breaks); a line that ``continues`` (and is no bullet or heading) goes on
    with the paragraph above."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            table = Table([], where[i])
            while i < len(lines):
                if "\t" in lines[i]:
                    table.rows.append(lines[i].split("\t"))
                    table.row_where.append(where[i])
                    i += 1
                    continue
                following = next((j for j in range(i, len(lines)) if lines[j].strip()), None)
                if lines[i].strip() or following is None or "\t" not in lines[following]:
                    break
                i = following
            blocks.append(table)
            continue
        if not line.strip():
            i += 1
            continue
        start, text = i, line.strip()
        i += 1
        while (
            i < len(lines)
            and not is_heading(text)
            and not _closed(text)
            and continues(lines[i])
            and lines[i].strip()
            and "\t" not in lines[i]
            and not BULLET.match(lines[i])
            and not is_heading(lines[i].strip())
        ):
            text += " " + lines[i].strip()
            i += 1
        blocks.append(Paragraph(text, where[start]))
    return blocks


def _closed(text: str) -> bool:
    """A paragraph that takes no further line: a lead-in ending with a colon, or a list
    item ending with its amount ("- Belanja Pegawai : Rp. 1.234.000,-")."""
    return text.endswith(":") or bool(BULLET.match(text) and _ITEM_AMOUNT.search(text))


_ITEM_AMOUNT = re.compile(r"[:=]\s*(?:Rp\.?\s*)?\d[\d.,]*(?:,-)?$")


_GAP = re.compile(r"\S(?: ?\S)*")  # a field: words one space apart
_YEAR_FIELD = re.compile(r"^(?:19|20)\d\d$")  # a year in a header is no figure
_FIGURE_FIELD = re.compile(r"^(?:Rp\.?\s?)?-?[\d.,]+(?:,-)?\s?%?$|^-$")  # 1.000,- too


def _fields(line: str) -> list[re.Match]:
    return list(_GAP.finditer(line))


def _is_row_line(line: str) -> bool:
    """A line of a table laid out by spaces: three fields or more (two spaces or more
    between them), one of them a figure; or two far apart, with a digit."""
    fields = _fields(line)
    if len(fields) == 2:  # two columns far apart, one with a figure: a scale's band
        wide = fields[1].start() - fields[0].end() >= 8
        return wide and any(c.isdigit() for c in line)
    figures = [f.group() for f in fields if _FIGURE_FIELD.match(f.group())]
    return len(fields) >= 3 and any(not _YEAR_FIELD.match(f) for f in figures)


def _column_spans(lines: list[str]) -> list[tuple[int, int]]:
    """Columns from the words' positions: the character positions blank in every line of
    the table, in runs of two or more, separate them."""
    width = max(len(line) for line in lines)
    used = [False] * width
    for line in lines:
        for found in _fields(line):
            for i in range(found.start(), found.end()):
                used[i] = True
    spans, start, blank_run = [], None, 0
    for i, filled in enumerate([*used, False, False]):
        if filled:
            if start is None:
                start = i
            blank_run = 0
        elif start is not None:
            blank_run += 1
            if blank_run >= 2:
                spans.append((start, i - blank_run + 1))
                start, blank_run = None, 0
    return spans


def _continues(lines: list[str], n: int, left: int) -> bool:
    """Whether line ``n`` goes on with the table whose first column starts at ``left``:
    a row, a wrapped cell (indented past the first column, or a short line right under a
    line of the table), or blank lines before more of it."""
    line = lines[n]
    if not line.strip():
        ahead = next((m for m in range(n + 1, min(n + 4, len(lines))) if lines[m].strip()), None)
        return ahead is not None and _continues(lines, ahead, left)
    fields = _fields(line)
    if _is_row_line(line) or fields[0].start() > left + 2:
        return True
    if heading_across(line.strip()):  # a sasaran across the table, rows under it
        ahead = [m for m in range(n + 1, min(n + 6, len(lines))) if lines[m].strip()][:3]
        return any(_is_row_line(lines[m]) for m in ahead)
    return n > 0 and bool(lines[n - 1].strip()) and len(fields) <= 2


def _heads(lines: list[str], n: int, left: int, row_fields: int) -> bool:
    """Whether line ``n`` belongs to the header above a table: two fields or more, a
    header cell wrapped onto a line of its own (indented past the first column), or a
    blank line with such a line above it. A row or a caption at the margin is not."""
    line = lines[n]
    if _is_row_line(line):
        return False
    if not line.strip():
        return n > 0 and bool(lines[n - 1].strip()) and _heads(lines, n - 1, left, row_fields)
    fields = _fields(line)
    if len(fields) >= min(2, row_fields) or fields[0].start() > left + 2:
        return True
    # a header word wrapped under a header line of several words ("Indikator Kinerja" /
    # "Utama") where the rows start at that column (their first cells empty)
    above = lines[n - 1] if n > 0 else ""
    return len(_fields(above)) >= 2 and not _is_row_line(above)


def _before_prose(lines: list[str], first: int, end: int) -> int:
    """Where a table ends at the latest: the first line under its rows with a phrase
    running over two of their columns (a sentence after the table, never a cell's
    wrapped line)."""
    rows = [line for line in lines[first:end] if _is_row_line(line)]
    spans = _column_spans(rows) if rows else []
    for n in range(first, end):
        line = lines[n]
        if not line.strip() or _is_row_line(line) or _across(line):
            continue
        for found in _fields(line):
            overlapped = [a < found.end() and found.start() < b for a, b in spans]
            if sum(overlapped) >= 2:
                return n
    return end


def _across(line: str) -> bool:
    """A sasaran's (or goal's) heading printed across a table, not a row of figures."""
    return heading_across(line.strip()) and not _is_row_line(line)


def _heading_under_header(lines: list[str], n: int, done: int, left: int, fields: int) -> bool:
    """A sasaran's heading printed across the table between its header and first row
    (blank lines around it): the header above it still heads the table."""
    if not lines[n].strip():  # a blank line under such a heading
        n = next((m for m in range(n - 1, done - 1, -1) if lines[m].strip()), done)
    if not heading_across(lines[n].strip()):
        return False
    above = next((m for m in range(n - 1, done - 1, -1) if lines[m].strip()), None)
    return above is not None and _heads(lines, above, left, fields)


def _header_cells(line: str, spans: list[tuple[int, int]]) -> list[str]:
    """A header line's words by the column they overlap most: a header word may stand
    wider than its column, and is never cut."""
    cells = [""] * len(spans)
    for found in _fields(line):
        overlap = [min(b, found.end()) - max(a, found.start()) for a, b in spans]
        column = overlap.index(max(overlap))
        cells[column] = _joined(cells[column], found.group()) if cells[column] else found.group()
    return cells


def spaced_tables_as_tabs(lines: list[str]) -> list[str]:
    """A text laid out by spaces (``pdftotext -layout``): each table (rows with figures,
    the header lines above them, wrapped cells and blank lines inside) rewritten as
    tab-separated cells, columns found from the words' positions of its rows, as in a
    PDF. A table that goes on after a page break with fewer columns (its first ones
    empty there) continues the one before: its repeated header is dropped and its rows
    are padded on the left to that table's width."""
    out = list(lines)
    i = done = 0
    width = 0  # columns of the table before
    while i < len(lines):
        if not _is_row_line(lines[i]):
            i += 1
            continue
        left = _fields(lines[i])[0].start()
        start = i
        while start > done and (
            _heads(lines, start - 1, left, len(_fields(lines[i])))
            or _heading_under_header(lines, start - 1, done, left, len(_fields(lines[i])))
        ):
            start -= 1  # the header lines above the first row
        end = i + 1
        while end < len(lines) and _continues(lines, end, left):
            end += 1
        end = _before_prose(lines, i, end)
        if end - i < 2 and start == i:  # one row and no header: not a table
            i += 1
            continue
        body = _first_band(lines, start, i)
        # a sasaran's heading across the table fills its gaps: no guide to its columns
        spans = _column_spans(
            [line for line in lines[body:end] if line.strip() and not _across(line)]
        )
        continued = 0 < len(spans) < width and all(
            not lines[n].strip() or _heads(lines, n, left, len(spans)) for n in range(done, i)
        )
        pad = [""] * (width - len(spans)) if continued else []
        _rewrite_table(lines, out, range(start, end), body, spans, pad, continued)
        width = len(pad) + len(spans)
        i = done = end
    return out


def _first_band(lines: list[str], start: int, first_row: int) -> int:
    """Where the table's body begins: at its first row, or at the lines without figures
    just above it when a gap parts them from header lines further up (the top of a name
    centred beside its figures, never a header line)."""
    gaps = [n for n in range(start, first_row) if not lines[n].strip()]
    if not gaps or gaps[-1] == start or gaps[-1] == first_row - 1:
        return first_row
    top = range(gaps[-1] + 1, first_row)
    if any(_FIGURE_CELL.fullmatch(f.group()) for n in top for f in _fields(lines[n])):
        return first_row
    return top.start


def _rewrite_table(
    lines: list[str],
    out: list[str],
    table: range,
    first_row: int,
    spans: list[tuple[int, int]],
    pad: list[str],
    continued: bool,
) -> None:
    """Write the lines of one table into ``out`` as tab-separated cells: its header
    lines (above ``first_row``), sasaran headings across it, and rows with each wrapped
    line joined to the row above it."""
    above: list[str] | None = None  # the cells of the table line just above
    kept = table.start
    # lines without figures opening a row's band (after a gap): the top of a name whose
    # row's cells are centred vertically, its figures on a line further down
    band_top = False
    after_gap = False
    for n in table:
        if not lines[n].strip():
            above, after_gap = None, True
            continue
        starts_band, after_gap = after_gap, False
        if _across(lines[n]):  # a sasaran's heading across the table: a row of its own
            out[n] = "\t".join([lines[n].strip()] + [""] * (len(pad) + len(spans) - 1))
            above = None
            continue
        if n < first_row:  # a header line (dropped where the table goes on from a page before)
            out[n] = "" if continued else "\t".join(_header_cells(lines[n], spans))
            continue
        cells = pad + [lines[n][a:b].strip() for a, b in spans]
        text = [c for c in cells if c]
        heading = heading_across(" ".join(text))
        # a wrapped name may hold a figure ("per" / "1.000 kelahiran hidup"): a line
        # with one cell only, not the first, goes on with the row above
        wrapped = above is not None and (
            (len(text) == 1 and not cells[0])
            # or words without figures, and the ends of figures a narrow column cut
            # ("219.535.774.000," / "00")
            or all(_piece(a, c) for a, c in zip(above, cells, strict=True) if c)
        )
        figures = any(_FIGURE_CELL.fullmatch(c) for c in text)
        if above is not None and band_top and figures and not heading:
            # the row's figures under the top of its name: one row, written where the
            # figures are
            cells = [_joined(a, b) for a, b in zip(above, cells, strict=True)]
            out[kept], band_top = "", False
        elif wrapped and not heading:
            # a wrapped cell, printed right under its row: joined to it (a sasaran's
            # heading there is a row of its own, never the end of an indicator)
            above[:] = [_joined(a, b) for a, b in zip(above, cells, strict=True)]
            out[n] = ""
            out[kept] = "\t".join(above)
            continue
        else:
            band_top = starts_band and not figures and not heading
        above, kept = cells, n
        out[n] = "\t".join(cells)


_FIGURE_CELL = re.compile(r"[-+(]?(?:Rp\.?\s*)?\d[\d.,]*%?\)?(?:,-)?")  # a cell that is a figure
_FULL_FIGURE = re.compile(r"\d[\d.,]*\d")  # two digits or more: a figure, not a fragment


def _piece(above: str, cell: str) -> bool:
    """A cell of a wrapped line that goes on with the cell above: words without a figure,
    or the end of a figure cut after its separator."""
    if re.fullmatch(r"Rp\.?", above.split("\n")[-1]):  # the figure after its "Rp"
        return True
    # a long figure's last few characters, never a figure of its own
    if len(above) >= 5 and re.search(r"[\d,.]$", above) and re.fullmatch(r"[,.]?[\d-]{1,2}", cell):
        return True
    return not _FULL_FIGURE.search(cell)


def _joined(first: str, more: str) -> str:
    """A cell and its wrapped part: a code or amount cut at its end goes on without a
    space (``1.02.01.2.01.000`` + ``1``, ``219.535.774.000,`` + ``-``), words with one."""
    if not more:
        return first
    if not first:
        return more
    glued = (more[0].isdigit() or more[0] in "-,.") and (first[-1] in ".,-" or first[-1].isdigit())
    # a line break, not a space: a word a narrow cell cut is joined by the document's
    # words later (word_breaks.py); a cell's text is put on one line once read
    return first + more if glued else f"{first}\n{more}"


def layout_pages(text: str) -> tuple[list[str], list[str]]:
    """The lines of a text laid out by spaces, each with its page (pages end with a form
    feed, as pdftotext writes them); running headers and footers blanked: page numbers
    and short lines opening or closing three pages or more alike."""
    pages = [page.splitlines() for page in text.split("\f")]
    filled_pages = [[line for line in page if line.strip()] for page in pages]
    edges = Counter(
        furniture_key(line)
        for filled in filled_pages
        for line in {*filled[:1], *filled[-1:]}
        if len(line.strip()) < 100
    )
    lines, where = [], []
    for number, (page, filled) in enumerate(zip(pages, filled_pages, strict=True), start=1):
        ends = {id(line) for line in [*filled[:1], *filled[-1:]]}
        for line in page:
            at_edge = id(line) in ends and len(line.strip()) < 100
            furniture = at_edge and (
                PAGE_NUMBER.match(line.strip()) or edges[furniture_key(line)] >= 3
            )
            lines.append("" if furniture else line)
            where.append(f"halaman {number}")
    return lines, where
