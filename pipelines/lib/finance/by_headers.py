"""A finance export of any layout, read by the words of its header, not by where
things sit: the reader for every export that is none of the three known shapes.

In each grid the header band is found and its columns given roles by
:mod:`.header_band`: the line's code (one column, split over urusan … rekening
columns, or each level's code beside the line's), its name, anggaran, realisasi, the
unit (SKPD) when the file gives it per row, an account or spending type beside it.
This module reads the rows below. Title lines above say the unit (``Unit
Organisasi :``, ``SKPD :``), the period (``s/d 31 Desember 2023``) and the region.
Numbering rows, repeated headers, blank rows and the signature block are not data;
every other row below the header is a record: read, or carrying why not
(:data:`ROW_SCHEMA`'s ``row_error``), and so is a data-like row of a sheet with no
header found. When the header leaves a role undecided (two anggaran columns that are
no parts of one total), the file is refused with what was recognised: never a guess.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from pipelines.lib.finance.columns import PARTS
from pipelines.lib.finance.export import NotAFinanceExport
from pipelines.lib.finance.grids import Grid, read_grids
from pipelines.lib.finance.header_band import (
    CODE_PARTS,
    HEADER_SEARCH_ROWS,
    SIGNATURE,
    UNIT_MARKS,
    Layout,
    LayoutUndecided,
    amount_columns,
    band_labels,
    cell,
    column_letter,
    find_layout,
)
from pipelines.lib.finance.rejected_rows import likely_data_rows
from pipelines.lib.numbers import amount_any_convention
from pipelines.lib.readers import is_numbering_row
from pipelines.lib.reference import normalise_name

CENT = Decimal("0.01")
# the kode SKPD of Permendagri 90/2019 (1.02.0.00.0.00.01.0000): a unit heading row
UNIT_CODE = re.compile(r"^\d\.\d{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}$")
# title lines naming the unit, most specific first
_UNIT_LINE = re.compile(
    r"\b(sub unit organisasi|unit organisasi|organisasi|skpd|opd|perangkat daerah)\s*:\s*"
    r"(?:([\d][\d.]*\d)\s*[-–]?\s*)?(.+)?",
    re.IGNORECASE,
)
_UNIT_LABEL_RANK = {
    "sub unit organisasi": 0,
    "unit organisasi": 1,
    "skpd": 2,
    "opd": 2,
    "perangkat daerah": 2,
    "organisasi": 3,
}


def _title_unit(lines: list[str]) -> tuple[str | None, str | None]:
    found = []
    for line in lines:
        match = _UNIT_LINE.search(line)
        if match and (match[2] or match[3]):
            name = (match[3] or "").strip(" :-") or None
            found.append((_UNIT_LABEL_RANK[match[1].lower()], match[2], name))
    if not found:
        return None, None
    _, code, name = min(found, key=lambda f: f[0])
    return code, name


def _amount_text(printed: str) -> str:
    """A cell in either convention as the Indonesian text export_rows reads
    (``1,234,567.50`` → ``1234567,50``); a cell that is no amount stays as printed, to
    be named."""
    value = amount_any_convention(printed)
    if value is None:
        return printed
    return format(value.quantize(CENT), "f").replace(".", ",")


def _join_parts(row: list[str], columns: list[int]) -> str:
    return ".".join(cell(row, c).strip(".") for c in columns if cell(row, c))


def _code_kind(code: str) -> str | None:
    """The shape's hint for export_rows: a unit heading, an urusan/bidang heading (one
    or two segments, not an account), else left to the code's structure."""
    if UNIT_CODE.match(code):
        return "unit"
    segments = code.split(".")
    if len(segments) <= 2 and segments[0] not in ("4", "5", "6"):
        return "urusan"
    return None


def _deepest_line(row: list[str], codes: list[int], names: list[int]) -> tuple | None:
    """(code, name) of the deepest line where a row prints a line with the lines above it
    (``kode_program | nama_program | kode_kegiatan | … | kode_sub_kegiatan``): several
    code columns, each code extending the one before. None for any other row."""
    printed = [(cell(row, c).strip().rstrip("."), n) for n, c in enumerate(codes)]
    printed = [(code, n) for code, n in printed if code]
    if len(codes) < 2 or len(printed) < 2:
        return None
    if not all(b.startswith(a + ".") for (a, _), (b, _) in itertools.pairwise(printed)):
        return None
    code, n = printed[-1]
    # the name column paired with that code column, else the last name printed
    paired = cell(row, names[n]) if len(names) == len(codes) else ""
    name = paired or next((cell(row, c) for c in reversed(names) if cell(row, c)), None)
    return code, name


# a code printed before the name in one cell: two segments at least, so that a row
# number ("1. Program …") is never taken for one
_CODE_BEFORE_NAME = re.compile(
    r"^\s*(?P<code>\d{1,2}(?:\.\d{1,4})+\.?)\s+(?:[-–:]\s+)?(?P<name>\S.*)$"
)  # "1.02.01 Program …", "1.02.01 - Program …"


@functools.cache
def _spending_types() -> dict[str, str]:
    from pipelines import paths
    from pipelines.lib.reference import read_account_types

    accounts = read_account_types(paths.ACCOUNT_TYPES_PATH)
    return {
        normalise_name(name): code
        for name, code in zip(accounts["account_name"], accounts["account_code"], strict=True)
    }


def spending_type_code(printed: str) -> str | None:
    """The account code of a spending type printed by name (``Belanja Pegawai`` →
    5.1.01), from the account type list; None for a name the list does not hold."""
    return _spending_types().get(normalise_name(printed))


def _first(row: list[str], columns: list[int]) -> str | None:
    """The first of ``columns`` the row fills."""
    return next((cell(row, c) for c in columns if cell(row, c)), None)


def _code_and_name(row, accounts, parts, codes, names) -> tuple[str, str, str | None]:
    """A row's account code (when the code is split over columns), its code and name."""
    account = _join_parts(row, accounts)
    code = account or _join_parts(row, parts) or _join_parts(row, codes)
    name = _first(row, names)
    deepest = _deepest_line(row, codes, names) if not parts else None
    if deepest:  # one row per sub kegiatan, its program's and kegiatan's beside it
        code, name = deepest
    joined = _CODE_BEFORE_NAME.match(name or "") if not code else None
    if joined:  # "1.02.01 Program …" under one "Kode / Uraian" header
        code, name = joined["code"].rstrip("."), joined["name"]
    return account, code, name


def _described(layout: Layout, columns: list[int]) -> str:
    """Amount columns as the file names them, with their letters: "Realisasi (column F)";
    a column under a header merged from its left by that header's words."""
    labels = band_labels(layout.band)

    def words(column: int) -> str:
        for c in range(min(column, len(labels) - 1), -1, -1):
            if any(labels[c]):
                return " ".join(w for w in labels[c] if w)
        return ""

    return "/".join(words(c) for c in columns) + (
        f" (column {'+'.join(column_letter(c) for c in columns)})"
    )


@dataclass(frozen=True)
class _LineColumns:
    """The columns that say which line a row is."""

    parts: list[int]  # a code split over urusan … sub kegiatan columns
    accounts: list[int]  # the account part of such a code
    codes: list[int]  # a whole code (several: a line printed with those above it)
    names: list[int]
    types: list[int]  # a spending type by name
    account_codes: list[int]  # an account printed beside its sub kegiatan
    account_names: list[int]

    @classmethod
    def of(cls, layout: Layout) -> _LineColumns:
        parts = [c for role in CODE_PARTS for c in layout.columns(role)]
        accounts, codes = layout.columns("part_account"), layout.columns("code")
        if len(codes) > 1:  # each line's whole code beside its program's: urusan, bidang
            parts = []  # columns are then the context of the line, not parts of its code
        if parts:  # a code split over columns: a lone code column is the account part
            accounts, codes = accounts + codes, []
        return cls(
            parts,
            accounts,
            codes,
            layout.columns("name"),
            layout.columns("spending_type"),
            layout.columns("account_code"),
            layout.columns("account_name"),
        )


def _row_line(row: list[str], columns: _LineColumns, number: int) -> tuple:
    """(kind, code, name, sub kegiatan, problem) of the line a row prints."""
    c = columns
    account, code, name = _code_and_name(row, c.accounts, c.parts, c.codes, c.names)
    printed_type = _first(row, c.types)
    if printed_type and not code:  # "Belanja Pegawai" on a row per agency and type
        code, name = spending_type_code(printed_type), name or printed_type
        if not code:
            problem = f"row {number}: spending type '{printed_type}' is not in the account "
            return None, None, name, None, problem + "type list (sql/seeds/account_types.csv)"
    kind = "account" if account and c.parts else (_code_kind(code) if code else None)
    if not (c.parts or c.accounts or c.codes or c.names or c.types):
        return "unit", None, None, None, None  # a table of each unit's totals
    printed_account = _first(row, c.account_codes)
    if printed_account:  # one account of the sub kegiatan printed beside it (SIPD data)
        name = _first(row, c.account_names) or name
        return "account", printed_account, name, code, None
    return kind, code, name, None, None


def grid_records(grid: Grid, layout: Layout, path_name: str) -> tuple[list[dict], list[str]]:
    """The records of one grid below its header, and its title lines."""
    columns, years = _LineColumns.of(layout), layout.columns("year")
    budget = amount_columns(layout, "budget", path_name)
    realized = amount_columns(layout, "realized", path_name)
    unit_codes, unit_names = layout.columns("unit_code"), layout.columns("unit_name")
    titles = [" ".join(c for c in row if c) for row in grid.rows[: layout.top]]
    unit = _title_unit([grid.title, *titles])
    band = [[c.strip() for c in row if c and c.strip()] for row in layout.band]
    budget_column, realized_column = (_described(layout, c) for c in (budget, realized))
    records: list[dict] = []
    footer = False
    for index in range(layout.top + layout.height, len(grid.rows)):
        row = grid.rows[index]
        number = grid.first_row + index
        filled = [c for c in row if c and c.strip()]
        if not filled or is_numbering_row(row) or [c.strip() for c in filled] in band:
            continue
        if all(UNIT_MARKS.fullmatch(c.strip()) for c in filled):  # "(Rp) | (Rp)"
            continue
        amounts = [cell(row, c) for c in budget + realized]
        # the signature block: no amount, though its words may stand in an amount column
        no_amount = not any(amount_any_convention(a) is not None for a in amounts if a)
        if no_amount and (footer or SIGNATURE.search(" ".join(filled))):
            footer = True
            continue
        kind, code, name, sub_activity, problem = _row_line(row, columns, number)
        if not code and not name and not any(amounts):
            continue  # a line of text between tables
        row_unit = (_first(row, unit_codes), _first(row, unit_names))
        if kind == "unit":  # a unit's heading row, or a row of a table of units' totals
            row_unit = (code, name) if code or name else row_unit
            code, name = row_unit
        unit = row_unit if any(row_unit) else unit
        record = {
            "source_sheet": grid.name,
            "source_row": number,
            "raw_line": " | ".join(filled),
            "unit_code": unit[0],
            "unit_name": unit[1],
            "code_column": kind,
            "code": code or None,
            "name": name,
            "sub_activity": sub_activity,
            "budget": PARTS.join(_amount_text(cell(row, c)) for c in budget) or "0",
            "realized": PARTS.join(_amount_text(cell(row, c)) for c in realized) or "0",
            "budget_column": budget_column,
            "realized_column": realized_column,
            "printed_year": _first(row, years),
        }
        if index in grid.row_problems:
            record["row_error"] = f"row {number}: {grid.row_problems[index]}"
        elif problem:
            record["row_error"] = problem
        records.append(record)
    return records, [grid.title, *titles]


def read_by_headers(path, declarations=(), grids=None) -> tuple[list[dict], str, list[str]]:
    """Every grid's records, what was recognised where (for the file log) and the title
    lines; :class:`UnreadableFileError` when no grid has a header with a name and an
    anggaran column (naming what the first rows hold). A declared layout whose header
    signature a grid shows wins over recognition (:mod:`.declared`)."""
    from pipelines.lib.finance.declared import DeclarationError, declared_layout, resembling

    records: list[dict] = []
    read, titles, seen = [], [], []
    hints, unread = [], []
    for grid in read_grids(path) if grids is None else grids:
        try:
            layout = declared_layout(grid, list(declarations)) or find_layout(grid.rows)
            if layout is None:
                seen += [c for row in grid.rows[:8] for c in row if c][:6]
                hints.append(resembling(grid, list(declarations)))
                unread.append(grid)
                continue
            found, lines = grid_records(grid, layout, path.name)
        except LayoutUndecided as exc:
            hint = resembling(grid, list(declarations))
            raise LayoutUndecided(f"{exc}; {hint}" if hint else str(exc)) from None
        if layout.declared and found and not _any_amount(found):
            raise DeclarationError(
                f"declared layout {layout.declared}.yml no longer fits {path.name}: its "
                "anggaran and realisasi columns hold no amount in any row; correct the "
                "declaration to this export"
            )
        records += found
        titles += [*lines, *(" ".join(row) for row in layout.band)]
        where = f"sheet {grid.name!r} " if grid.name else ""
        how = f"declared layout {layout.declared}, " if layout.declared else ""
        read.append(f"{where}{how}header at row {grid.first_row + layout.top}: {layout.describe()}")
    if not read:
        cells = ", ".join(repr(c) for c in seen[:8]) or "nothing"
        hint = "".join(f"; {h}" for h in hints if h)
        raise NotAFinanceExport(
            f"{path.name}: no table with a name column (uraian, nama) and an anggaran/pagu "
            f"column in the first {HEADER_SEARCH_ROWS} rows of any sheet; found {cells}{hint}"
        )
    return records + _unread_rows(unread, path.name), "; ".join(read), titles


def _unread_rows(grids: list[Grid], path_name: str) -> list[dict]:
    """The data-like rows of sheets (tables) with no header found, beside others that were
    read: each a record carrying why it is not read, never a sheet skipped in silence."""
    records = []
    for sheet, rows in likely_data_rows(grids).items():
        where = f"sheet {sheet!r}" if sheet else "a table"
        for row in rows:
            records.append(
                {
                    "source_sheet": sheet,
                    "source_row": row["source_row"],
                    "raw_line": row["raw_line"],
                    "budget": "0",
                    "realized": "0",
                    "row_error": f"{where} has no header with a name (or unit) column and an "
                    f"anggaran column in its first {HEADER_SEARCH_ROWS} rows; its rows are "
                    f"not read: declare its layout (kinerja layout {path_name})",
                }
            )
    return records


def _any_amount(records: list[dict]) -> bool:
    """Whether any record's anggaran or realisasi holds an amount other than nil."""
    return any(
        amount_any_convention(part)
        for record in records
        for part in (*record["budget"].split(PARTS), *record["realized"].split(PARTS))
    )
