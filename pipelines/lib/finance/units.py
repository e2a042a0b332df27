"""Which agency of the list a finance export's unit (SKPD) is: by its code, by a name
equal to exactly one agency's, or by the one agency its title names."""

from __future__ import annotations

import re

import polars as pl

from pipelines.lib.reference import normalise_name


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
