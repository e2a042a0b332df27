"""Budget codes of Permendagri 90/2019 and Kepmendagri 050-5889/2021.

| level          | pattern              | example               |
|----------------|----------------------|-----------------------|
| program        | ``U.BB.PP``          | ``8.01.01``           |
| activity       | ``U.BB.PP.K.KK``     | ``8.01.01.2.01``      |
| sub_activity   | ``U.BB.PP.K.KK.SSSS``| ``8.01.01.2.01.0001`` |
| account type   | ``5.A.BB`` or ``5.A``| ``5.1.02``, ``5.2``   |

Sub activities had 2-digit numbers before fiscal year 2021 (``...2.01.01``). Those
are normalised to 4 digits (``...2.01.0001``) for those years only; the code as
written is kept beside it. A code of 4, or 7 and more, dotted groups of digits (a count no
level has now: ``1.20.03.01`` or ``1.20.1.20.03.01.15`` of Permendagri 13/2006) is an
older nomenclature: kept as printed and the line counted as uncoded. Any other code that
does not match (``8.01.01.02.01``, a code of another level, a lone number ``8.1``,
urusan 0 ``0.00.01``) is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

# What agencies write in the ``level`` column, normalised to the English level.
LEVEL_ALIASES = {
    "program": "program",
    "kegiatan": "activity",
    "sub kegiatan": "sub_activity",
    "subkegiatan": "sub_activity",
    "sub_kegiatan": "sub_activity",
    "sub-kegiatan": "sub_activity",
    # money per sasaran strategis, where a report gives no program table
    "sasaran": "objective",
}

CODE_PATTERNS = {
    "program": r"^\d\.\d{2}\.\d{2}$",
    "activity": r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}$",
    "sub_activity": r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$",
}
LEGACY_SUB_ACTIVITY_PATTERN = r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{2}$"
FOUR_DIGIT_SUB_ACTIVITY_SINCE = 2021
ACCOUNT_TYPE_PATTERN = r"^5\.\d(\.\d{2})?$"
PROGRAM_CODE_PATTERN = CODE_PATTERNS["program"]


def normalise_level_expr(column: str) -> pl.Expr:
    """Map the written level (``Sub Kegiatan``) to ``sub_activity``; null if unknown."""
    written = pl.col(column).str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
    return written.replace_strict(LEVEL_ALIASES, default=None, return_dtype=pl.String)


# Every level's pattern (and the legacy one) in one: a code of the right shape has a
# different length at each level, so one match and a length check validate it
CODE_SHAPE_PATTERN = r"^\d\.\d{2}\.\d{2}(?:\.\d\.\d{2}(?:\.\d{2}(?:\d{2})?)?)?$"
CODE_LENGTHS = {"program": 7, "activity": 12, "sub_activity": 17}
LEGACY_SUB_ACTIVITY_LENGTH = 15


def normalise_code_expr(code: str, level: str, fiscal_year: str) -> pl.Expr:
    """Return the canonical code for its level, or null when it does not validate
    (the code matches ``CODE_PATTERNS[level]``).

    The legacy 2-digit sub activity number is zero-padded to 4 digits for fiscal
    years before 2021 only.
    """
    trimmed = pl.col(code).str.strip_chars()
    length = trimmed.str.len_chars()
    has_shape = trimmed.str.contains(CODE_SHAPE_PATTERN)
    is_legacy = (
        has_shape
        & (length == LEGACY_SUB_ACTIVITY_LENGTH)
        & (pl.col(level) == "sub_activity")
        & (pl.col(fiscal_year) < FOUR_DIGIT_SUB_ACTIVITY_SINCE)
    )
    cut = LEGACY_SUB_ACTIVITY_LENGTH - 2
    padded = trimmed.str.slice(0, cut) + pl.lit("00") + trimmed.str.slice(cut)
    candidate = pl.when(is_legacy).then(padded).otherwise(trimmed)
    expected = pl.col(level).replace_strict(CODE_LENGTHS, default=None, return_dtype=pl.UInt32)
    return pl.when(has_shape & (candidate.str.len_chars() == expected)).then(candidate)


# 4, or 7 and more, dotted groups of digits: no level of Kepmendagri 050-5889 has as many
# (3, 5 and 6 groups), so a typo of a current code is never taken for an older one
_OLDER_CODE_PATTERN = r"^\d+(?:\.\d+){3}$|^\d+(?:\.\d+){6,}$"


def is_older_nomenclature_expr(code: str) -> pl.Expr:
    """A code of an older nomenclature (Permendagri 13/2006): kept as ``kode_asli``."""
    return pl.col(code).str.strip_chars().str.contains(_OLDER_CODE_PATTERN)


def code_error_expr(code: str, level: str, fiscal_year: str) -> pl.Expr:
    """Explain why a budget code is invalid for its level (null when valid)."""
    trimmed = pl.col(code).str.strip_chars()
    expected = pl.col(level).replace_strict(
        {
            "program": "U.BB.PP (e.g. 8.01.01)",
            "activity": "U.BB.PP.K.KK (e.g. 8.01.01.2.01)",
            "sub_activity": "U.BB.PP.K.KK.SSSS (e.g. 8.01.01.2.01.0001)",
            "objective": "an empty kode (a sasaran is keyed by no_sasaran)",
        },
        default="a known level",
        return_dtype=pl.String,
    )
    looks_like_number = trimmed.str.contains(r"^\d+(\.\d+)?$")
    return (
        pl.when(trimmed.is_null() | (trimmed == ""))
        .then(pl.lit("code is empty"))
        .when(trimmed.str.contains(r"^0\."))
        .then(pl.format("code '{}' has urusan 0, which does not exist", trimmed))
        .when(normalise_code_expr(code, level, fiscal_year).is_not_null())
        .then(None)
        .when(is_older_nomenclature_expr(code))
        .then(None)
        .when(looks_like_number)
        .then(
            pl.format(
                "code '{}' looks like a number (Excel may have dropped digits); "
                "expected {} written as text",
                trimmed,
                expected,
            )
        )
        .otherwise(pl.format("code '{}' is not in the format {}", trimmed, expected))
    )


# Permendagri 13/2006 (SIMDA, SIPKD) codes run urusan, organisation, program, kegiatan
# and account together: 1.01.1.01.01.05.01.5.2.1. The account part begins with a
# one-digit 4, 5 or 6 after at least four groups; program and kegiatan are 2-digit groups.
_LEGACY_RUN_TOGETHER = re.compile(r"^\d\.\d{2}(?:\.\d{1,2}){2,}(?:\.\d{1,2})*\.?$")
# 13/2006 spending groups (5.1 tidak langsung, 5.2 langsung) as today's spending types
LEGACY_SPENDING_TYPES = {
    "5.1.1": "5.1.01",  # belanja pegawai (tidak langsung)
    "5.1.2": "5.1.03",  # bunga
    "5.1.3": "5.1.04",  # subsidi
    "5.1.4": "5.1.05",  # hibah
    "5.1.5": "5.1.06",  # bantuan sosial
    "5.1.6": "5.4.01",  # bagi hasil
    "5.1.7": "5.4.02",  # bantuan keuangan
    "5.1.8": "5.3.01",  # tidak terduga
    "5.2.1": "5.1.01",  # belanja pegawai (langsung)
    "5.2.2": "5.1.02",  # barang dan jasa
    "5.2.3": "5.2",  # modal
}


@dataclass(frozen=True)
class LegacyCode:
    """A 13/2006 code split: the part before the account (organisation, program,
    kegiatan) and the account part, empty for a program or kegiatan row."""

    printed: str
    budget_part: str
    account_part: str

    @property
    def spending_type(self) -> str | None:
        """Today's spending type of the account part (None: not spending, or a group
        above the spending types, e.g. 5.2 belanja langsung)."""
        return LEGACY_SPENDING_TYPES.get(".".join(self.account_part.split(".")[:3]))


def legacy_code(code: str) -> LegacyCode | None:
    """The parts of a Permendagri 13/2006 code (``1.01.1.01.01.05.01.5.2.1.``); None
    for anything else. Without an account part it needs 5 groups or more."""
    code = "".join(code.split())
    if not _LEGACY_RUN_TOGETHER.match(code):
        return None
    groups = code.rstrip(".").split(".")
    for at in range(4, len(groups)):
        if groups[at] in ("4", "5", "6"):
            return LegacyCode(code, ".".join(groups[:at]), ".".join(groups[at:]))
    if len(groups) >= 5 and all(len(g) == 2 for g in groups[-2:]):
        return LegacyCode(code, ".".join(groups), "")
    return None


# The same grammar for one code at a time (finance exports, documents): dotted or not,
# split over columns or joined, as printed.
BUDGET_LEVELS = {3: "program", 5: "kegiatan", 6: "sub kegiatan"}

BUDGET_WIDTHS = (1, 2, 2, 1, 2, 4)

_ACCOUNT_WIDTHS = (1, 1, 2, 2, 2, 4)

_DIGITS = re.compile(r"^\d+$")

_DOTTED = re.compile(r"^\d+(?:\.\d+)*$")


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


# "X.XX": a program every urusan has (program penunjang), as SIPD prints its code
ANY_BIDANG = re.compile(r"^[xX]\.[xX]{2}(?=\.)")


def with_bidang(code: str, bidang: str | None) -> str:
    """A code printed for any bidang (``X.XX.01.2.01``) as the given bidang's
    (``1.02`` → ``1.02.01.2.01``); any other code, or no bidang, as printed."""
    if not bidang or not ANY_BIDANG.match(code):
        return code
    return ANY_BIDANG.sub(bidang, code)


def budget_code(code: str) -> tuple[str, str] | None:
    """(canonical code, level) of a program, kegiatan or sub kegiatan code; a 2-digit
    sub kegiatan number (2021) is written with 4 digits, as later years print it."""
    segments = split_code(code, BUDGET_WIDTHS)
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
