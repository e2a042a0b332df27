"""The tables of an HTML file as a browser shows them (the finance system's "Export to
Excel" writes HTML and names it ``.xls``).

Read with the standard library's HTML parser, not by splitting on tags: a table pasted
into a cell is part of that cell (and the row says so), several tables in one file are
all returned, a table cut short is marked, and the file's declared encoding is honoured.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from pipelines.lib.readers import UnreadableFileError, decode_text

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: a page declaring Latin-1 is read as Windows-1252, as every browser does
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


@dataclass
class HtmlRow:
    cells: list[str]
    nested: bool = False  # a table was pasted into one of its cells


@dataclass
class HtmlTable:
    rows: list[HtmlRow] = field(default_factory=list)
    text_before: str = ""  # the page's text between the previous table and this one
    closed: bool = False  # False: the file ends inside it (truncated)


def html_text(path: Path, data: bytes) -> tuple[str, str | None]:
    """The page's text and an encoding note: in the charset its ``<meta>`` declares,
    else UTF-8, else Windows-1252 (noted); a page in none of them is refused."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared[1].decode("ascii").lower()
        try:
            codec = codecs.lookup(_ALIASES.get(name, name)).name
        except LookupError:
            codec = None
        if codec and codec not in ("utf-8", "utf_8"):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError as exc:
                raise UnreadableFileError(
                    f"{path.name}: declares {name} but is not ({exc.reason} at byte "
                    f"{exc.start}); export it again"
                ) from exc
    return decode_text(path, data)


def clean_cell(text: str) -> str:
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


def _span(attrs, name: str) -> int:
    value = dict(attrs).get(name) or "1"
    return max(1, min(int(value), 1000)) if value.strip().isdigit() else 1


class _TableParser(HTMLParser):
    """Top-level tables as a grid: a cell spanning columns (``colspan``) or rows
    (``rowspan``) keeps every other cell in its column; the covered places are blank."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self.depth = 0  # tables open, the outer one included
        self.outside: list[str] = []  # text outside any table since the last one
        self.cell: list[str] | None = None
        self.cell_at = 0  # the column of the open cell
        self.pending: dict[int, int] = {}  # column → rows a rowspan still covers

    def _row_end(self) -> None:
        if self.tables and self.tables[-1].rows:
            row = self.tables[-1].rows[-1]
            while self.pending.get(len(row.cells), 0) > 0:
                row.cells.append("")
        self.pending = {col: left - 1 for col, left in self.pending.items() if left > 1}

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                text = clean_cell(" ".join(self.outside))
                self.tables.append(HtmlTable(text_before=text))
                self.outside, self.cell, self.pending = [], None, {}
            elif self.tables and self.tables[-1].rows:
                self.tables[-1].rows[-1].nested = True
        elif self.depth == 1 and tag == "tr":
            if self.tables[-1].rows:
                self._row_end()
            self.tables[-1].rows.append(HtmlRow([]))
            self.cell = None
        elif self.depth == 1 and tag in ("td", "th"):
            table = self.tables[-1]
            if not table.rows:  # a cell before any <tr>: browsers open a row
                table.rows.append(HtmlRow([]))
            cells = table.rows[-1].cells
            while self.pending.get(len(cells), 0) > 0:  # covered by a rowspan above
                cells.append("")
            self.cell, self.cell_at = [], len(cells)
            columns, rows = _span(attrs, "colspan"), _span(attrs, "rowspan")
            cells.extend([""] * columns)
            if rows > 1:
                for col in range(self.cell_at, self.cell_at + columns):
                    self.pending[col] = rows
        elif tag in ("br", "p", "div") and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self._row_end()
                self.tables[-1].closed = True
                self.cell, self.pending = None, {}
            return
        if self.depth == 1 and tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.depth == 0:
            self.outside.append(data)
        elif self.cell is not None:  # text of a nested table goes into the outer cell
            self.cell.append(data)
            row = self.tables[-1].rows[-1]
            row.cells[self.cell_at] = clean_cell("".join(self.cell))


def html_tables(text: str) -> tuple[list[HtmlTable], str]:
    """The page's top-level tables in order, and its text after the last one."""
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return parser.tables, clean_cell(" ".join(parser.outside))
