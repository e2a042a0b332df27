"""What every document reader gives: paragraphs and tables in reading order, each with
where a clerk finds it; and the words that tell a heading, a bullet or a page number."""

from __future__ import annotations

import re
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
BULLET = re.compile(r"^\s*(?:[-•➤]|\d{1,2}\.|[a-z]\.)\s")


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
