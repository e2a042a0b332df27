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
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from pipelines.lib.codes import legacy_code
from pipelines.lib.finance.columns import PARTS
from pipelines.lib.finance.export import Export
from pipelines.lib.numbers import amount_value

BUDGET_LEVELS = {3: "program", 5: "kegiatan", 6: "sub kegiatan"}
_BUDGET_WIDTHS = (1, 2, 2, 1, 2, 4)
_ACCOUNT_WIDTHS = (1, 1, 2, 2, 2, 4)
_DIGITS = re.compile(r"^\d+$")
_DOTTED = re.compile(r"^\d+(?:\.\d+)*$")
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


def split_code(code: str, widths: tuple[int, ...]) -> list[str] | None:
    """A code's segments, dotted or not (``510201`` → ``5 1 02 01``); None when it is
    not a code."""
    code = re.sub(r"\s+", "", code)
    if _DIGITS.match(code):
        segments, at = [], 0
        for width in widths:
            if at >= len(code):
                break
            segments.append(code[at : at + width])
            at += width
        return segments if at == len(code) else None
    if not _DOTTED.match(code):
        return None
    return code.split(".")


def budget_code(code: str) -> tuple[str, str] | None:
    """(canonical code, level) of a program, kegiatan or sub kegiatan code; a 2-digit
    sub kegiatan number (2021) is written with 4 digits, as later years print it."""
    segments = split_code(code, _BUDGET_WIDTHS)
    if segments is None or len(segments) not in BUDGET_LEVELS:
        return None
    widths = [len(s) for s in segments]
    if widths[:3] != [1, 2, 2] or (len(segments) > 3 and widths[3:5] != [1, 2]):
        return None
    if len(segments) == 6:
        if widths[5] not in (2, 4):
            return None
        segments[5] = segments[5].zfill(4)
    return ".".join(segments), BUDGET_LEVELS[len(segments)]


def account_code(code: str) -> str | None:
    """The canonical account code (``5.1.1.01.01.0001`` → ``5.1.01.01.01.0001``)."""
    segments = split_code(code, _ACCOUNT_WIDTHS)
    if not segments or len(segments) > 6 or len(segments[0]) != 1 or segments[0] not in "456":
        return None
    if len(segments) > 1 and len(segments[1]) != 1:
        return None
    pads = _ACCOUNT_WIDTHS
    if any(len(s) > pads[i] for i, s in enumerate(segments)):
        return None
    return ".".join(s.zfill(pads[i]) for i, s in enumerate(segments))


def spending_type(code: str, known: frozenset[str]) -> str:
    """The spending type (jenis belanja) of a leaf account: its first three segments
    (5.1.02), the group where the list has only that (5.2), 5.3.01 for tak terduga."""
    segments = code.split(".")
    for width in (3, 2):
        candidate = ".".join(segments[:width])
        if candidate in known:
            return candidate
    if segments[:2] == ["5", "3"]:
        return "5.3.01"
    return ".".join(segments[:3])


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


def normalise_name(name: str | None) -> str:
    return " ".join((name or "").lower().split())


def unit_matcher(agencies: pl.DataFrame, fiscal_year: int):
    """A function (unit code, unit name) → (agency id, None) or (None, reason): by
    ``kode_skpd``, else by a name equal to exactly one agency's ``nama_opd``."""
    existing = agencies.filter(
        (pl.col("first_year") <= fiscal_year)
        & (pl.col("last_year").is_null() | (pl.col("last_year") >= fiscal_year))
    )
    by_code: dict[str, list[str]] = {}
    for agency, code in existing.select("agency_id", "finance_unit_code").iter_rows():
        if code:
            by_code.setdefault(re.sub(r"\s+", "", code), []).append(agency)
    by_name: dict[str, list[str]] = {}
    for agency, name in existing.select("agency_id", "agency_name").iter_rows():
        by_name.setdefault(normalise_name(name), []).append(agency)
    codes = dict(existing.select("agency_id", "finance_unit_code").iter_rows())

    def match(code: str | None, name: str | None) -> tuple[str | None, str | None]:
        printed_code = re.sub(r"\s+", "", code or "")
        by_this_code = by_code.get(printed_code, [])
        named = by_name.get(normalise_name(name), [])
        printed = f"unit {code or '(no code)'} {name!r}"
        if len(by_this_code) == 1:
            candidates = by_this_code
        elif by_this_code:  # the same SKPD code in two regions' lists: the name decides
            candidates = [agency for agency in by_this_code if agency in named]
        else:
            # a name is a match only where no kode_skpd of the list contradicts the code
            contradicted = [a for a in named if printed_code and codes[a]]
            if contradicted:
                return None, (
                    f"{printed}: named like {contradicted[0]}, whose kode_skpd is "
                    f"{codes[contradicted[0]]}, not {code}: not matched (an export of "
                    "another region, or a code to correct in the export or the agency list)"
                )
            candidates = named
        if len(candidates) == 1:
            return candidates[0], None
        if len(candidates) > 1:
            return None, (
                f"{printed}: its name matches agencies {candidates}; add kode_skpd "
                f"{code or '<kode>'} to the right one in raw/reference/agencies*.csv"
            )
        return None, (
            f"{printed} matches no agency of {fiscal_year}: add kode_skpd "
            f"{code or '<kode>'} to its row in raw/reference/agencies*.csv"
        )

    return match


def agency_in_title(title: str, agencies: pl.DataFrame, fiscal_year: int):
    """(agency, None) when an export says its unit only in its title ("LAPORAN
    REALISASI ANGGARAN DINAS KESEHATAN") and that names exactly one agency of the year;
    else (None, why)."""
    text = normalise_name(title)
    existing = agencies.filter(
        (pl.col("first_year") <= fiscal_year)
        & (pl.col("last_year").is_null() | (pl.col("last_year") >= fiscal_year))
    )
    named = [
        agency
        for agency, name in existing.select("agency_id", "agency_name").iter_rows()
        if name and re.search(rf"\b{re.escape(normalise_name(name))}\b", text)
    ]
    if len(named) == 1:
        return named[0], None
    if named:
        return None, (
            f"no unit (SKPD) above it, and its title names several agencies ({named}): "
            "ask BPKAD for the export per SKPD"
        )
    return None, "no unit (SKPD) above it, nor an agency of the list in its title"


def _classify(row: dict) -> tuple[str, str | None, str | None]:
    """(kind, canonical code, level or error) of a row."""
    hint, code = row["code_column"], (row["code"] or "").strip()
    if hint == "urusan":
        return "heading", code, None
    if hint == "unit":
        return "unit", code, None
    if not code:
        return "heading", None, None
    if hint in (None, "budget"):
        found = budget_code(code)
        if found:
            return "budget", found[0], found[1]
        segments = split_code(code, _BUDGET_WIDTHS)
        if hint == "budget" and segments and len(segments) <= 2:
            return "heading", code, None  # urusan / bidang printed in the program column
    if hint in (None, "account"):
        canonical = account_code(code)
        if canonical:
            return "account", canonical, None
    if hint is None and legacy_code(code):
        return "legacy", code, None
    wanted = {"budget": "program/kegiatan/sub kegiatan", "account": "account (rekening)"}
    return "error", code, f"{code!r} is not a {wanted.get(hint, 'budget or account')} code"


_PROGRAM_NAME = re.compile(r"^\s*program\b", re.IGNORECASE)


def _legacy_row(code: str, name: str, program_above: str | None) -> tuple[str, str, str | None]:
    """(kind, level or spending type, error) of a row with a Permendagri 13/2006 code:
    an account part makes it spending; else a name beginning "Program" makes it a
    program, and a code one group under the program printed above it a kegiatan."""
    legacy = legacy_code(code)
    if legacy.account_part:
        return "account", legacy.spending_type or "", None
    if _PROGRAM_NAME.match(name or ""):
        return "budget", "program", None
    part = legacy.budget_part
    if (
        program_above
        and part.startswith(program_above + ".")
        and part.count(".") == (program_above.count(".") + 1)
    ):
        return "budget", "kegiatan", None
    return (
        "error",
        "",
        (
            f"{code!r} is a Permendagri 13/2006 code whose level cannot be told: its name does "
            "not begin with Program and it is not one group under the program printed above it"
        ),
    )


_ABOVE = {"kegiatan": ("program", 3), "sub kegiatan": ("kegiatan", 5)}


def _misplaced(code: str, level: str, printed_above: dict[str, str]) -> str | None:
    """Why a line's code contradicts the line it is printed under, if it does."""
    if level not in _ABOVE:
        return None
    parent_level, segments = _ABOVE[level]
    parent = printed_above.get(parent_level)
    own = ".".join(code.split(".")[:segments])
    if parent is None or parent == own:
        return None
    return (
        f"{level} {code} is printed under {parent_level} {parent}, but its code belongs "
        f"to {parent_level} {own}: a wrong code, or a line out of place"
    )


def finance_tables(
    export: Export, fiscal_year: int, agencies: pl.DataFrame, known_accounts: frozenset[str]
) -> FinanceTables:
    """The contract's rows of one export for ``fiscal_year`` (its folder's year)."""
    match = unit_matcher(agencies, fiscal_year)
    title_unit = agency_in_title(export.title, agencies, fiscal_year)
    matches: dict[tuple, tuple] = {}
    budget, spending, context, problems = [], [], [], []
    accounts: list[dict] = []
    programs: dict[tuple, tuple[Decimal, Decimal, int]] = {}  # unit → sum of its programs
    sub_activity: str | None = None
    printed_above: dict[str, str] = {}  # level → the last line of it printed in the unit
    current_unit: tuple | None = None
    year = str(fiscal_year)

    def problem(row, entity, column, value, reason):
        problems.append(
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

    for row in export.rows.iter_rows(named=True):
        kind, code, detail = _classify(row) if not row["row_error"] else ("error", None, None)
        unit = (row["unit_code"], row["unit_name"])
        if kind == "unit" or unit != current_unit:  # a unit's lines are checked alone
            printed_above, current_unit = {}, unit
        legacy = legacy_code(code) if kind == "legacy" else None
        if legacy:  # kept as printed (kode_asli), placed by its parts and words
            kind, detail, error = _legacy_row(code, row["name"], printed_above.get("legacy"))
            if error:
                kind, detail = "error", error
            elif detail == "program":
                printed_above["legacy"] = legacy.budget_part
        entity = {"budget": "budget_lines", "account": "spending_lines"}.get(
            kind, "finance_subtotals"
        )
        if kind == "error":
            problem(row, entity, "kode", row["code"], row["row_error"] or detail)
            continue
        if kind == "budget" and not legacy:
            misplaced = _misplaced(code, detail, printed_above)
            if misplaced:
                problem(row, entity, "kode", row["code"], misplaced)
                continue
            printed_above[detail] = code
            printed_above.pop({"program": "kegiatan", "kegiatan": "sub kegiatan"}.get(detail), None)
        if kind in ("unit", "budget"):
            sub_activity = code if detail == "sub kegiatan" else None
        if kind == "account" and legacy:
            sub_activity, code = legacy.budget_part, legacy.account_part
        elif kind == "account" and row["sub_activity"]:
            found = budget_code(row["sub_activity"])
            sub_activity = found[0] if found else row["sub_activity"]
        if unit not in matches:
            matches[unit] = match(*unit) if any(unit) else title_unit
        agency, unmatched = matches[unit]
        budget_value, bad_budget = _amount(row["budget"])
        realized_value, bad_realized = _amount(row["realized"])
        if bad_budget is not None or bad_realized is not None:
            column = row["budget_column"] if bad_budget is not None else row["realized_column"]
            value = bad_budget if bad_budget is not None else bad_realized
            problem(row, entity, column, value, f"{value!r} is not an amount")
            continue
        if kind in ("budget", "account") and unmatched:
            problem(row, entity, "unit", row["unit_code"] or row["unit_name"], unmatched)
            continue
        if kind == "budget":
            if detail == "program":
                b, r, n = programs.get(unit, (Decimal(0), Decimal(0), 0))
                programs[unit] = (b + budget_value, r + realized_value, n + 1)
            budget.append(
                {
                    "source_sheet": row["source_sheet"],
                    "source_row": row["source_row"],
                    "tahun": year,
                    "kode_opd": agency,
                    "level": detail,
                    "kode": "" if legacy else code,
                    "kode_asli": legacy.printed if legacy else "",
                    "nama": row["name"],
                    "anggaran": _as_text(budget_value),
                    "realisasi_keuangan": _as_text(realized_value),
                }
            )
            continue
        record = {
            "source_sheet": row["source_sheet"],
            "source_row": row["source_row"],
            "agency_id": agency,
            "unit_code": row["unit_code"],
            "unit_name": row["unit_name"],
            "code": code,
            "name": row["name"],
            "sub_activity_code": sub_activity if kind == "account" else None,
            "budget_idr": budget_value,
            "realized_idr": realized_value,
            "spending_type": detail if legacy else None,  # 13/2006: by its group
        }
        if kind == "account" and code.split(".")[0] in _OUTSIDE_SPENDING:
            context.append(record | {"role": _OUTSIDE_SPENDING[code.split(".")[0]]})
        elif kind == "account":
            accounts.append(record)
        else:
            context.append(record | {"role": kind})
    _leaves_and_subtotals(accounts, known_accounts, year, spending, context)
    for record in context:  # a unit's printed total against its programs
        if record["role"] == "unit" and (record["unit_code"], record["unit_name"]) in programs:
            b, r, n = programs[(record["unit_code"], record["unit_name"])]
            record |= {"leaves_budget_idr": b, "leaves_realized_idr": r, "leaf_count": n}
    return FinanceTables(
        pl.DataFrame(budget, schema=_text_schema(BUDGET_HEADERS), orient="row"),
        pl.DataFrame(spending, schema=_text_schema(SPENDING_HEADERS), orient="row"),
        pl.DataFrame(context, schema=SUBTOTAL_SCHEMA, orient="row").sort(
            "source_sheet", "source_row"
        ),
        pl.DataFrame(problems, schema=PROBLEM_SCHEMA, orient="row"),
    )


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
