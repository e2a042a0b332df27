"""The rows of a finance export none of the readers could read that look like data:
quarantined and counted (never silently lost), apart from its titles, headers and
signature block."""

from __future__ import annotations

from pipelines.lib.finance.grids import Grid
from pipelines.lib.finance.header_band import SIGNATURE
from pipelines.lib.numbers import amount_any_convention
from pipelines.lib.readers import is_numbering_row


def _looks_like_amount(text: str) -> bool:
    """An amount written with a separator (``1.000,00``) or a plain one of 10 000 or
    more: not a year, a row number or a column number."""
    value = amount_any_convention(text)
    return value is not None and (abs(value) >= 10_000 or any(s in text for s in ".,"))


def likely_data_rows(grids: list[Grid]) -> dict[str | None, list[dict]]:
    """The rows of grids that could not be read as an export and look like data: two
    filled cells or more, one of them an amount (not a year or a row number); title lines, the
    column-number row, headers and the signature block are not. Each as its row number
    and its cells, per sheet, so a rejected export's rows are quarantined and counted."""
    found: dict[str | None, list[dict]] = {}
    for grid in grids:
        footer = False
        for index, row in enumerate(grid.rows):
            filled = [c.strip() for c in row if c and c.strip()]
            if len(filled) < 2 or is_numbering_row(row):
                continue
            if not any(_looks_like_amount(c) for c in filled):
                footer = footer or bool(SIGNATURE.search(" ".join(filled)))
                continue
            if footer:
                continue
            found.setdefault(grid.name, []).append(
                {"source_row": grid.first_row + index, "raw_line": " | ".join(filled)}
            )
    return found
