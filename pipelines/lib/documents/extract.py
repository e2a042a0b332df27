"""What an LKjIP document states, as a draft delivery and a line of review per value.

Tables are found by their header words, each given to the first kind of
:mod:`pipelines.lib.documents.kinds` that matches; sentences are read by their
phrases; page numbers and table numbers are never relied on. Every value written
keeps the text it was read from and where; every table no kind matches and every
figure that could not be placed is listed as unplaced, so nothing read is dropped
silently.
"""

from __future__ import annotations

from types import ModuleType

import polars as pl

from pipelines.lib.documents.context import Placed, check_title_year, walk
from pipelines.lib.documents.drafting import UNPLACED, Draft
from pipelines.lib.documents.kinds import (
    budget,
    narrative,
    objective_finance,
    objective_summary,
    performance,
    plan,
    scale,
    spending,
)
from pipelines.lib.documents.layout import Block, DocumentError, Table
from pipelines.lib.documents.tables import ReadTable, clean, read_as
from pipelines.lib.reference import normalise_name

# a role as the review names it to the clerk
ROLE_WORDS = {
    "target": "target",
    "realized": "realisasi",
    "achievement": "capaian",
    "absorption": "serapan",
    "budget": "anggaran",
    "budget_realized": "realisasi anggaran",
    "percent": "persen",
    "physical": "realisasi fisik",
    "remaining": "sisa",
}

# the first kind that matches a table's roles takes it: a performance table also has
# what a plan has, and a sasaran's money what a sasaran's summary has, so they come first
TABLE_KINDS: tuple[ModuleType, ...] = (
    performance,
    plan,
    objective_finance,
    objective_summary,
    scale,
    budget,
)


def account_names(accounts: pl.DataFrame) -> dict[str, str]:
    """Spending type code by its normalised name (``belanja pegawai`` → 5.1.01), from
    the account type list: how printed spending types are recognised."""
    return {
        normalise_name(name): code
        for name, code in zip(accounts["account_name"], accounts["account_code"], strict=True)
    }


def kind_of(table: Table, caption: str, year: int) -> tuple[ModuleType | None, ReadTable | None]:
    """The kind of ``table`` and the table read with that kind's vocabulary."""
    reads: dict[str, ReadTable] = {}
    for kind in TABLE_KINDS:
        if kind.VOCABULARY not in reads:
            reads[kind.VOCABULARY] = read_as(table, caption, kind.VOCABULARY, year)
        read = reads[kind.VOCABULARY]
        if kind.matches(read.roles()):
            return kind, read
    return None, None


def _tables_by_kind(draft: Draft, placed: list[Placed]) -> dict[ModuleType, list]:
    """(where, read table) per kind; a table no kind matches, and a row of a matched
    table with no recognised column, is listed as unplaced."""
    found: dict[ModuleType, list[tuple[Placed, ReadTable]]] = {k: [] for k in TABLE_KINDS}
    for where in placed:
        table = where.block
        if not isinstance(table, Table):
            continue
        caption = where.caption or f"tabel di {table.where}"
        kind, read = kind_of(table, caption, draft.year)
        if kind is None:
            header = " | ".join(c for c in (clean(x) for x in table.rows[0]) if c)
            draft.unplaced(
                header[:200],
                table.where,
                caption,
                "tabel tidak dikenali: bukan tabel kinerja, anggaran atau skala",
            )
            continue
        found[kind].append((where, read))
    for read in (read for tables in found.values() for _, read in tables):
        for row_where, cells in read.dropped:
            draft.unplaced(
                " | ".join(c for c in cells if c),
                row_where,
                read.caption,
                f"{UNPLACED}: baris tanpa kolom yang dikenali",
            )
        for row_where, role, text in read.doubled:
            draft.unplaced(
                text,
                row_where,
                read.caption,
                f"{UNPLACED}: kolom kedua yang judulnya dibaca sebagai "
                f"{ROLE_WORDS.get(role, role)}; angka kolom pertama yang dipakai: periksa "
                "kolom mana yang benar",
            )
    return found


def extract(blocks: list[Block], year: int, agency: str, account_names: dict[str, str]) -> Draft:
    """The draft delivery of a document's blocks."""
    check_title_year(blocks, year)
    draft = Draft(year, agency)
    placed = walk(blocks)
    found = _tables_by_kind(draft, placed)
    for _, read in found[scale]:  # first: the narrative knows the scale's categories
        scale.extract(draft, read)
    programs: list[dict] = []
    for _, read in found[budget]:
        records = budget.named_records(draft, read)
        if spending.matches_rows(records, account_names):
            spending.extract(draft, records, read, account_names)
        else:
            programs += budget.extract(draft, records, read)
    categories = narrative.extract(draft, placed, account_names)
    plans = [read for _, read in found[plan]]
    performance.extract(draft, found[performance], plans, categories, programs)
    for _, read in found[objective_summary]:
        objective_summary.extract(draft, read)
    for _, read in found[objective_finance]:
        objective_finance.extract(draft, read)
    if not any(found.values()) and not draft.sheets:
        raise DocumentError(
            "no table of performance, budget or category scale was recognised, and no "
            "sentence with figures: is this an LKjIP? Nothing was written."
        )
    return draft
