"""A finance export's rows → the contract's budget and spending lines.

Subtotals are never added to what they total: budget lines are the program, kegiatan
and sub kegiatan rows as printed (their sums are checked in the warehouse like the
template's); spending by type is the sum of the *leaf* account rows (an account code
no other code of its sub kegiatan extends), and every printed subtotal is kept in
``raw.finance_subtotals`` beside the sum of the leaves under it. Rows of a unit that
matches no agency, and rows that cannot be read, are returned as problems for the
quarantine, each naming its row and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from pipelines.lib.codes import (
    budget_code,
    legacy_code,
    spending_type,
)
from pipelines.lib.finance.columns import PARTS
from pipelines.lib.finance.export import Export
from pipelines.lib.finance.row_kinds import classify, legacy_row, misplaced_under
from pipelines.lib.finance.units import agency_in_title, unit_matcher
from pipelines.lib.numbers import amount_value

# account rows outside spending: revenue (4) and financing (6) of an LRA
_OUTSIDE_SPENDING = {"4": "revenue", "6": "financing"}

SUBTOTAL_SCHEMA = {
    "source_sheet": pl.String,
    "source_row": pl.Int32,
    "agency_id": pl.String,
    "unit_code": pl.String,
    "unit_name": pl.String,
    "role": pl.String,
    "code": pl.String,
    "name": pl.String,
    "sub_activity_code": pl.String,
    "budget_idr": pl.Decimal(18, 2),
    "realized_idr": pl.Decimal(18, 2),
    "leaves_budget_idr": pl.Decimal(18, 2),
    "leaves_realized_idr": pl.Decimal(18, 2),
    "leaf_count": pl.Int32,
}
PROBLEM_SCHEMA = {
    "source_sheet": pl.String,
    "source_row": pl.Int32,
    "entity": pl.String,
    "column": pl.String,
    "value": pl.String,
    "reason": pl.String,
    "raw_record": pl.String,
}
BUDGET_HEADERS = (
    "tahun",
    "kode_opd",
    "level",
    "kode",
    "kode_asli",
    "nama",
    "anggaran",
    "realisasi_keuangan",
)
SPENDING_HEADERS = (
    "tahun",
    "kode_opd",
    "kode_akun",
    "jenis_belanja",
    "anggaran",
    "realisasi",
    "kode_sub_kegiatan",
)


@dataclass(frozen=True)
class FinanceTables:
    """What one export gives: rows for the contract's tables (text cells, as staged
    from any delivery), its subtotal and heading rows, and the rows it could not use."""

    budget_lines: pl.DataFrame
    spending_lines: pl.DataFrame
    subtotals: pl.DataFrame
    problems: pl.DataFrame


def _amount(text: str | None) -> tuple[Decimal | None, str | None]:
    """An amount cell, or several a shape adds up (joined by :data:`PARTS`); the first
    bad part when unreadable. A sum typed into one cell ("1.000 + 2.000") is no amount."""
    total = Decimal(0)
    for part in (text or "").split(PARTS):
        value = amount_value(part)
        if value is None:
            return None, part
        total += value
    return total, None


def _as_text(value: Decimal) -> str:
    """An amount as the contract reads it (no grouping, decimal comma)."""
    return format(value, "f").replace(".", ",")


@dataclass
class _Walk:
    """The rows of one export read in order: a row's unit, level and sub kegiatan come
    from the rows printed above it."""

    year: str
    match: Callable
    title_unit: tuple
    matches: dict[tuple, tuple] = field(default_factory=dict)
    budget: list[dict] = field(default_factory=list)
    accounts: list[dict] = field(default_factory=list)
    context: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    programs: dict[tuple, tuple] = field(default_factory=dict)  # unit → sum of its programs
    sub_activity: str | None = None
    printed_above: dict[str, str] = field(default_factory=dict)  # level → its last line
    current_unit: tuple | None = None

    def problem(self, row: dict, entity: str, column, value, reason: str) -> None:
        self.problems.append(
            {
                "source_sheet": row["source_sheet"],
                "source_row": row["source_row"],
                "entity": entity,
                "column": column,
                "value": value,
                "reason": reason,
                "raw_record": row["raw_line"],
            }
        )

    def read(self, row: dict) -> None:
        kind, code, detail = classify(row) if not row["row_error"] else ("error", None, None)
        printed = _YEAR.fullmatch((row.get("printed_year") or "").strip())
        printed = printed[1] if printed else None  # "2023", or 2023.0 from a number cell
        if printed and printed != self.year and kind != "error":
            kind, detail = (
                "error",
                (
                    f"a row of {printed} in the {self.year} folder: one year a file; put the "
                    f"rows of {printed} in raw/{printed}/keuangan/"
                ),
            )
        unit = (row["unit_code"], row["unit_name"])
        if kind == "unit" or unit != self.current_unit:  # a unit's lines are checked alone
            self.printed_above, self.current_unit = {}, unit
        legacy = legacy_code(code) if kind == "legacy" else None
        if legacy:  # kept as printed (kode_asli), placed by its parts and words
            kind, detail, error = legacy_row(code, row["name"], self.printed_above.get("legacy"))
            if error:
                kind, detail = "error", error
            elif detail == "program":
                self.printed_above["legacy"] = legacy.budget_part
        entity = {"budget": "budget_lines", "account": "spending_lines"}.get(
            kind, "finance_subtotals"
        )
        if kind == "error":
            self.problem(row, entity, "kode", row["code"], row["row_error"] or detail)
            return
        if kind == "budget" and not legacy and not self._in_place(row, entity, code, detail):
            return
        code = self._sub_activity(row, kind, code, detail, legacy)
        if unit not in self.matches:
            self.matches[unit] = self.match(*unit) if any(unit) else self.title_unit
        agency, unmatched = self.matches[unit]
        amounts = self._amounts(row, entity)
        if amounts is None:
            return
        if kind in ("budget", "account") and unmatched:
            self.problem(row, entity, "unit", row["unit_code"] or row["unit_name"], unmatched)
            return
        if kind == "budget":
            self._budget_line(row, agency, detail, code, legacy, amounts)
        else:
            self._other(row, agency, kind, code, legacy and detail, amounts)

    def _in_place(self, row: dict, entity: str, code: str, level: str) -> bool:
        """Whether a budget line's code fits the line printed above it (else a problem)."""
        misplaced = misplaced_under(code, level, self.printed_above)
        if misplaced:
            self.problem(row, entity, "kode", row["code"], misplaced)
            return False
        self.printed_above[level] = code
        self.printed_above.pop({"program": "kegiatan", "kegiatan": "sub kegiatan"}.get(level), None)
        return True

    def _sub_activity(self, row: dict, kind: str, code, detail, legacy) -> str | None:
        """The sub kegiatan accounts below fall under; the row's own code (an account's
        part of a 13/2006 code)."""
        if kind in ("unit", "budget"):
            self.sub_activity = code if detail == "sub kegiatan" else None
        if kind == "account" and legacy:
            self.sub_activity, code = legacy.budget_part, legacy.account_part
        elif kind == "account" and row["sub_activity"]:
            found = budget_code(row["sub_activity"])
            self.sub_activity = found[0] if found else row["sub_activity"]
        return code

    def _amounts(self, row: dict, entity: str) -> tuple[Decimal, Decimal] | None:
        budget_value, bad_budget = _amount(row["budget"])
        realized_value, bad_realized = _amount(row["realized"])
        if bad_budget is not None or bad_realized is not None:
            column = row["budget_column"] if bad_budget is not None else row["realized_column"]
            value = bad_budget if bad_budget is not None else bad_realized
            self.problem(row, entity, column, value, f"{value!r} is not an amount")
            return None
        return budget_value, realized_value

    def _budget_line(self, row, agency, level, code, legacy, amounts) -> None:
        budget_value, realized_value = amounts
        unit = (row["unit_code"], row["unit_name"])
        if level == "program":
            b, r, n = self.programs.get(unit, (Decimal(0), Decimal(0), 0))
            self.programs[unit] = (b + budget_value, r + realized_value, n + 1)
        self.budget.append(
            {
                "source_sheet": row["source_sheet"],
                "source_row": row["source_row"],
                "tahun": self.year,
                "kode_opd": agency,
                "level": level,
                "kode": "" if legacy else code,
                "kode_asli": legacy.printed if legacy else "",
                "nama": row["name"],
                "anggaran": _as_text(budget_value),
                "realisasi_keuangan": _as_text(realized_value),
            }
        )

    def _other(self, row, agency, kind, code, legacy_type, amounts) -> None:
        """An account (spending, revenue, financing), a unit's total or a heading."""
        record = {
            "source_sheet": row["source_sheet"],
            "source_row": row["source_row"],
            "agency_id": agency,
            "unit_code": row["unit_code"],
            "unit_name": row["unit_name"],
            "code": code,
            "name": row["name"],
            "sub_activity_code": self.sub_activity if kind == "account" else None,
            "budget_idr": amounts[0],
            "realized_idr": amounts[1],
            "spending_type": legacy_type or None,  # 13/2006: by its group
        }
        if kind == "account" and code.split(".")[0] in _OUTSIDE_SPENDING:
            self.context.append(record | {"role": _OUTSIDE_SPENDING[code.split(".")[0]]})
        elif kind == "account":
            self.accounts.append(record)
        else:
            self.context.append(record | {"role": kind})


_YEAR = re.compile(r"(\d{4})(?:[.,]0+)?")


def finance_tables(
    export: Export, fiscal_year: int, agencies: pl.DataFrame, known_accounts: frozenset[str]
) -> FinanceTables:
    """The contract's rows of one export for ``fiscal_year`` (its folder's year)."""
    walk = _Walk(
        str(fiscal_year),
        unit_matcher(agencies, fiscal_year),
        agency_in_title(export.title, agencies, fiscal_year),
    )
    for row in export.rows.iter_rows(named=True):
        walk.read(row)
    spending: list[dict] = []
    _leaves_and_subtotals(walk.accounts, known_accounts, walk.year, spending, walk.context)
    if walk.context and not (walk.budget or spending or walk.problems):
        _nothing_read(walk)
    for record in walk.context:  # a unit's printed total against its programs
        unit = (record["unit_code"], record["unit_name"])
        if record["role"] == "unit" and unit in walk.programs:
            b, r, n = walk.programs[unit]
            record |= {"leaves_budget_idr": b, "leaves_realized_idr": r, "leaf_count": n}
    return FinanceTables(
        pl.DataFrame(walk.budget, schema=_text_schema(BUDGET_HEADERS), orient="row"),
        pl.DataFrame(spending, schema=_text_schema(SPENDING_HEADERS), orient="row"),
        pl.DataFrame(walk.context, schema=SUBTOTAL_SCHEMA, orient="row").sort(
            "source_sheet", "source_row"
        ),
        pl.DataFrame(walk.problems, schema=PROBLEM_SCHEMA, orient="row"),
    )


def _nothing_read(walk: _Walk) -> None:
    """An export whose every row is a heading or a total gives no line at all: its codes
    were not read as a program's, kegiatan's or account's. Said for each row, never a
    file that loads nothing in silence."""
    count = len(walk.context)
    units_only = all(record["role"] == "unit" for record in walk.context)
    reason = (
        f"the export's {count} rows give each unit's totals only, no program, kegiatan, sub "
        "kegiatan or account: ask for the realisation per program, kegiatan and sub kegiatan"
        if units_only
        else f"none of the export's {count} rows is a program, kegiatan, sub kegiatan or "
        "account (each read as a heading or a total): its codes were not recognised; "
        "declare the layout (kinerja layout <file>)"
    )
    for record in walk.context:
        walk.problems.append(
            {
                "source_sheet": record["source_sheet"],
                "source_row": record["source_row"],
                "entity": "finance_subtotals",
                "column": "kode",
                "value": record["code"],
                "reason": reason,
                "raw_record": f"{record['code'] or ''} | {record['name'] or ''}",
            }
        )
    walk.context.clear()


def _text_schema(headers: tuple[str, ...]) -> dict:
    return {"source_sheet": pl.String, "source_row": pl.Int32} | {h: pl.String for h in headers}


def _leaves_and_subtotals(accounts, known_accounts, year, spending, context) -> None:
    """Leaf accounts become spending lines; the others are subtotals, each with the sum
    of the leaves under it."""
    groups: dict[tuple, list[dict]] = {}
    for record in accounts:
        key = (record["unit_code"], record["unit_name"], record["sub_activity_code"])
        groups.setdefault(key, []).append(record)
    for rows in groups.values():
        codes = {r["code"] for r in rows}
        parents = {
            ".".join(code.split(".")[:k]) for code in codes for k in range(1, code.count(".") + 1)
        }
        leaves = [r for r in rows if r["code"] not in parents]
        for record in rows:
            if record["code"] in parents:
                under = [leaf for leaf in leaves if leaf["code"].startswith(record["code"] + ".")]
                context.append(
                    record
                    | {
                        "role": "subtotal",
                        "leaves_budget_idr": sum(
                            (leaf["budget_idr"] for leaf in under), Decimal(0)
                        ),
                        "leaves_realized_idr": sum(
                            (leaf["realized_idr"] for leaf in under), Decimal(0)
                        ),
                        "leaf_count": len(under),
                    }
                )
        for leaf in leaves:
            spending.append(
                {
                    "source_sheet": leaf["source_sheet"],
                    "source_row": leaf["source_row"],
                    "tahun": year,
                    "kode_opd": leaf["agency_id"],
                    "kode_akun": leaf["spending_type"]
                    or spending_type(leaf["code"], known_accounts),
                    "jenis_belanja": leaf["name"],
                    "anggaran": _as_text(leaf["budget_idr"]),
                    "realisasi": _as_text(leaf["realized_idr"]),
                    "kode_sub_kegiatan": leaf["sub_activity_code"],
                }
            )
    spending.sort(key=lambda r: (r["source_sheet"] or "", r["source_row"]))
