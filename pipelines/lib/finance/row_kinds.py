"""What one row of a finance export is, by its code and words: a budget line (which
level), an account, a heading, a unit, a Permendagri 13/2006 line, or an error; and
whether a line's code contradicts the line it is printed under."""

from __future__ import annotations

import re

from pipelines.lib.codes import (
    BUDGET_WIDTHS,
    account_code,
    budget_code,
    legacy_code,
    split_code,
    with_bidang,
)


def _own_bidang(code: str, unit_code: str | None) -> str:
    """A code printed for any bidang (``X.XX.01.2.01``) as the unit's own: the urusan
    and bidang of its kode SKPD (``1.02.0.00.0.00.01.0000`` → ``1.02.01.2.01``)."""
    unit = (unit_code or "").split(".")
    if len(unit) < 2 or not (unit[0] + unit[1]).isdigit():
        return code
    return with_bidang(code, f"{unit[0]}.{unit[1]}")


def classify(row: dict) -> tuple[str, str | None, str | None]:
    """(kind, canonical code, level or error) of a row."""
    hint, code = row["code_column"], (row["code"] or "").strip()
    code = _own_bidang(code, row.get("unit_code"))
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
        segments = split_code(code, BUDGET_WIDTHS)
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


def legacy_row(code: str, name: str, program_above: str | None) -> tuple[str, str, str | None]:
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


def misplaced_under(code: str, level: str, printed_above: dict[str, str]) -> str | None:
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
