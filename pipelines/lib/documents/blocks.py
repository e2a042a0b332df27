"""What every document reader gives: paragraphs and tables in reading order, each with
where a clerk finds it; the words that tell a heading, a bullet or a page number; and
a page without its running header and footer."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# a heading of its own line: chapter, numbered section, sasaran subsection, caption
HEADING = re.compile(
    r"^(?:BAB\s+[IVX]+\b|IKHTISAR EKSEKUTIF|KATA PENGANTAR|\d+\.\d+\.?\s+[A-Z]|Tabel\.?\s*\d"
    r"|(?:[a-z]\.\s*)?Sasaran Strategis\s+\d+\s*:)",
    re.IGNORECASE,
)
PAGE_NUMBER = re.compile(
    r"^(?:-\s*\d+\s*-|(?:hal(?:aman)?\.?\s*)?\d+(?:\s*(?:dari|/)\s*\d+)?"
    r"|(?:bab\s+)?[ivx]+\s*-\s*\d+|[ivx]+)$",
    re.IGNORECASE,
)
# in the place of a value read from a table set by spaces alone: its columns were guessed
UNRULED_MARK = "(tabel tanpa garis)"
# a list item's mark; "(cid:127)": a bullet whose font a PDF reader could not map
BULLET = re.compile(r"^\s*(?:[-•➤]|\(cid:\d+\)|\d{1,2}\.|[a-z]\.)\s")
# a sasaran's sub-heading in its printed variants: "a. Sasaran Strategis 1 : …",
# "1. Sasaran Strategis 1" (its name on the next line), "Sasaran 2. …", "SS 3 - …",
# "Analisis Kinerja Sasaran 3: …"
OBJECTIVE_HEADING = re.compile(
    r"^(?:[-•]\s*)?(?:(?:[a-z]|\d{1,2})[.)]\s*)?(?:analisis\s+(?:kinerja\s+|capaian\s+)?)?"
    r"(?:sasaran(?:\s+strategis)?|ss)\s+(\d+)\s*([:.)–-])?\s*(.*)$",
    re.IGNORECASE,
)
HEADING_NAME_MAX = 200  # a sub-heading's name, on its line or the next


def objective_from(match: re.Match | None) -> tuple[int, str] | None:
    """(number, name) of a sasaran sub-heading; a line going on without a separator
    (``Sasaran strategis 1 dicapai …``) is a sentence, not a heading."""
    if match is None:
        return None
    separator, name = match[2], match[3].strip()
    if not separator and name and (not name[0].isupper() or len(name) > HEADING_NAME_MAX):
        return None
    return int(match[1]), name


# a goal above the sasaran ("Tujuan 1. …", "Misi 2: …") printed across a table
_GOAL_HEADING = re.compile(r"^(?:[a-z]|\d{1,2})?[.)]?\s*(?:tujuan|misi)\s+(?:\d+|[ivx]+)\b", re.I)


def heading_across(text: str) -> bool:
    """A heading a performance table prints across its columns: a sasaran's, or a goal's
    above it (named in the review, never read as an indicator)."""
    return bool(objective_heading(text) or _GOAL_HEADING.match(text.strip()))


def objective_heading(text: str) -> tuple[int, str] | None:
    """(number, name) of a sasaran heading, in prose or printed across a table's row."""
    return objective_from(OBJECTIVE_HEADING.match(text.lstrip("-• ").strip()))


class DocumentError(Exception):
    """A document that cannot be read; the message says why and what to do."""


@dataclass
class Paragraph:
    text: str
    where: str  # "halaman 12", "baris 583" or "paragraf 40": how a clerk finds it


@dataclass
class Table:
    rows: list[list[str]]
    where: str
    row_where: list[str] = field(default_factory=list)  # one per row


Block = Paragraph | Table


def furniture_key(text: str) -> str:
    """A line as running headers repeat it: page numbers and other digits alike."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def without_furniture(pages: list[list[Block]]) -> list[list[Block]]:
    """Each page without its running header and footer: a page number ("12", "- 12 -",
    "Bab III - 26", "Halaman 3 dari 40") or a short line that opens or closes at least
    three pages alike. They carry no figure, and between two parts of a table split
    over a page break they would hide that it goes on."""
    edges = Counter(
        furniture_key(block.text)
        for page in pages
        for block in {id(b): b for b in (page[:1] + page[-1:])}.values()
        if isinstance(block, Paragraph) and len(block.text) < 100
    )

    def furniture(block: Block, at_edge: bool) -> bool:
        if not isinstance(block, Paragraph):
            return False
        if PAGE_NUMBER.match(block.text.strip()):
            return True
        return at_edge and len(block.text) < 100 and edges[furniture_key(block.text)] >= 3

    return [
        [b for i, b in enumerate(page) if not furniture(b, i in (0, len(page) - 1))]
        for page in pages
    ]
