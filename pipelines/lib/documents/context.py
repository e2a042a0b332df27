"""Where each block of a document was printed: its chapter, section, sasaran and table
caption, read from the headings' words and never from page or table numbers; and what
the title pages say (the report's year, the agency and region they name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.lib.documents.blocks import HEADING_NAME_MAX, OBJECTIVE_HEADING, objective_from
from pipelines.lib.documents.layout import Block, DocumentError, Paragraph, Table
from pipelines.lib.documents.tables import clean
from pipelines.lib.reference import normalise_name, regions_named, same_region

# the title page's "LAPORAN KINERJA … TAHUN 2022": the fiscal year the report is of
_TITLE_YEAR = re.compile(r"(?:LAPORAN KINERJA|LKjIP|LAKIP)\b.{0,120}?\bTAHUN\s+(20\d\d)\b", re.I)
TITLE_BLOCKS = 15
_CHAPTER = re.compile(r"^(?:BAB\s+([IVX]+)\b(?!\s*-\s*\d)|(IKHTISAR EKSEKUTIF|KATA PENGANTAR))")
_SECTION = re.compile(r"^(\d+\.\d+)\.?\s+([A-Z][^\t]{1,100})$")
_CAPTION = re.compile(r"^(Tabel)\.?\s*(\d+(?:\.\d+)*)", re.IGNORECASE)
_CAPTION_OBJECTIVE = re.compile(r"sasaran strategis\s+(\d+)\s*$", re.IGNORECASE)


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
class Placed:
    """A paragraph or table with the context it was printed in."""

    block: Block
    source: str
    objective: tuple[int, str] | None
    caption: str
    section: str


def walk(blocks: list[Block]) -> list[Placed]:
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
            objective = OBJECTIVE_HEADING.match(text)
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
            heading = objective_from(objective)
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
            Placed(block, context.source, context.objective, context.caption, context.section)
        )
        if isinstance(block, Table):
            context.caption = ""
    return placed


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


def check_title_year(blocks: list[Block], year: int) -> None:
    """Refuse a document whose title pages report another year than ``year``."""
    for block in blocks[:TITLE_BLOCKS]:
        title = _TITLE_YEAR.search(block.text) if isinstance(block, Paragraph) else None
        if title and int(title[1]) != year:
            raise DocumentError(
                f"the document reports {title[1]} ({block.where}: “{clean(block.text)[:90]}”), "
                f"not {year}: run it again with --year {title[1]}. Nothing was written."
            )
