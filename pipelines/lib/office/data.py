"""What the workbook and the report show, read from the published warehouse.

One function per view; each returns plain rows (dicts) for one region and fiscal year,
already ordered the way the office reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def region_years(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """(region_code, region_name, fiscal_year) of every region-year in the warehouse."""
    return con.execute(
        "select region_code, region_name, fiscal_year from marts.regency_years order by 1, 3"
    ).fetchall()


def summary(con, region: str, year: int) -> dict:
    """Ringkasan: the regency's totals, categories and quadrants for the year."""
    return _rows(
        con,
        "select * from marts.regency_years where region_code = ? and fiscal_year = ?",
        [region, year],
    )[0]


def agencies(con, region: str, year: int) -> list[dict]:
    """One row per agency: budget, absorption, achievement, category, quadrant, ranks."""
    return _rows(
        con,
        """
        select agency_id, agency_name, short_name, agency_type, budget_idr, realized_idr,
               absorption_rate, savings_idr, achievement_rate, category_name,
               reported_scale_category, absorption_category, is_target_met,
               efficiency_index, quadrant, quadrant_label, absorption_rank, achievement_rank,
               efficiency_rank, agencies_in_year, absorption_change, achievement_change,
               lineage_agency_id, is_achievement_complete, indicator_count,
               computed_indicator_count, achievement_scale_scope
        from marts.agency_years
        where region_code = ? and fiscal_year = ?
        order by absorption_rank, agency_name
        """,
        [region, year],
    )


RECEIPTS_FOLDER = "tanda-terima"
# an agency id from the agency list becomes a file name only when it is this plain
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9.-]{0,63}$")


def receipt_href(year: int, agency_id: str) -> str | None:
    """The receipt of an agency-year, relative to the reports folder; None for an id
    that is no plain file name (it gets no receipt)."""
    if not _SAFE_ID.match(agency_id or ""):
        return None
    return f"{RECEIPTS_FOLDER}/{year}/{agency_id}.html"


def incompleteness(agency: dict) -> str:
    """'tidak lengkap: 3 dari 4 indikator dihitung' for a capaian averaged over fewer
    indicators than reported, else ''."""
    if agency.get("achievement_rate") is None or agency.get("is_achievement_complete"):
        return ""
    return (
        f"tidak lengkap: {agency['computed_indicator_count']} dari "
        f"{agency['indicator_count']} indikator dihitung"
    )


NATIONAL_SCALE_NOTE = "menurut skala nasional: daerah belum punya skala sendiri untuk tahun ini"


def scale_note(agency: dict) -> str:
    """What the office must know of the category's scale: said only when the category
    comes from the national default rather than the region's own scale."""
    return NATIONAL_SCALE_NOTE if agency.get("achievement_scale_scope") == "national" else ""


def trends(con, region: str) -> dict[str, list[dict]]:
    """Absorption and achievement per year for every agency lineage of the region."""
    return _grouped(
        con,
        """
        select lineage_agency_id, fiscal_year, absorption_rate, achievement_rate
        from marts.agency_years where region_code = ? order by 1, 2
        """,
        [region],
        key="lineage_agency_id",
    )


def all_years(con, region: str) -> list[dict]:
    """Every agency × year of the region, flat: the workbook's sheet for pivots."""
    return _rows(
        con,
        """
        select fiscal_year, agency_id, agency_name, short_name, agency_type, budget_idr,
               realized_idr, absorption_rate, savings_idr, achievement_rate, category_name,
               quadrant, absorption_rank, achievement_rank, efficiency_index,
               computed_indicator_count || ' dari ' || indicator_count as indicators_computed
        from marts.agency_years where region_code = ? order by fiscal_year, agency_name
        """,
        [region],
    )


def spending_mix(con, region: str, year: int) -> list[dict]:
    """Budget and realisation per spending type (jenis belanja) across the regency."""
    return _rows(
        con,
        """
        select account_code, account_name, account_name_en,
               sum(budget_idr) as budget_idr, sum(realized_idr) as realized_idr
        from marts.spending_by_type
        where region_code = ? and fiscal_year = ? and account_level = 'jenis'
        group by all order by account_code
        """,
        [region, year],
    )


def agency_spending_mix(con, region: str, year: int) -> dict[str, list[dict]]:
    """Realisation per spending type of each agency."""
    return _grouped(
        con,
        """
        select agency_id, account_code, account_name, budget_idr, realized_idr
        from marts.spending_by_type
        where region_code = ? and fiscal_year = ? and account_level = 'jenis'
        order by agency_id, account_code
        """,
        [region, year],
    )


def indicators(con, region: str, year: int) -> dict[str, list[dict]]:
    """Tabel capaian kinerja per agency: sasaran, indikator, target, realisasi, capaian."""
    return _grouped(
        con,
        """
        select agency_id, objective_no, objective_name, indicator_no, indicator_name, unit,
               target_text, realized_text, achievement_rate, category_name,
               reported_scale_category, achievement_status, not_computable_reason
        from marts.indicator_achievements
        where region_code = ? and fiscal_year = ?
        order by agency_id, objective_no, indicator_no
        """,
        [region, year],
    )


def budget_programs(con, region: str, year: int) -> dict[str, list[dict]]:
    """Tabel realisasi anggaran per agency: programs and kegiatan."""
    return _grouped(
        con,
        """
        select agency_id, budget_level, budget_code, original_budget_code, budget_line_name,
               budget_idr, realized_idr, absorption_rate
        from marts.budget_lines
        where region_code = ? and fiscal_year = ? and budget_level in ('program', 'activity')
        -- lines printed without a code keep the report's order, after the coded ones
        order by agency_id, budget_code, source_file, source_row
        """,
        [region, year],
    )


def objectives(con, region: str, year: int) -> dict[str, list[dict]]:
    """Analisis efisiensi per agency: each sasaran's money against its achievement."""
    return _grouped(
        con,
        """
        select agency_id, objective_no, objective_name, budget_idr, realized_idr,
               absorption_rate, achievement_rate, efficiency_index, quadrant
        from marts.objective_achievements
        where region_code = ? and fiscal_year = ?
        order by agency_id, objective_no
        """,
        [region, year],
    )


def summarised(findings: list[dict]) -> list[dict]:
    """Infos that need no action, one line per rule and agency (the first one, with how
    many there are): a region's first year alone has hundreds of "cannot be compared"."""
    from pipelines.lib.quality.indonesian import sentence_for

    def no_action(rule_id: str) -> bool:
        try:
            return sentence_for(rule_id)[1].startswith("Tidak perlu tindakan")
        except KeyError:
            return False

    groups: dict[tuple, list[dict]] = {}
    out: list[dict] = []
    for finding in findings:
        if finding["severity"] == "info" and no_action(finding["rule_id"]):
            key = (finding["rule_id"], finding["agency_id"])
            if key not in groups:
                groups[key] = []
                out.append(finding)  # its place in the list: the first of its kind
            groups[key].append(finding)
        else:
            out.append(finding)
    for members in groups.values():
        if len(members) > 1:
            first = members[0]
            index = next(i for i, f in enumerate(out) if f is first)
            out[index] = first | {
                "source_row": None,
                "office_message": f"{len(members)} temuan serupa, misalnya: "
                + (first["office_message"] or ""),
                "message": f"{len(members)} alike, e.g.: {first['message'] or ''}",
            }
    return out


def files_received(con, region: str, year: int) -> dict[str, list[dict]]:
    """The files each agency of the region delivered for the year, with rows in, loaded
    and not loaded (the file log of the last refresh)."""
    return _grouped(
        con,
        """
        select agency_id, source_file, source_sheet, entity, status, rows_in, rows_loaded,
               rows_quarantined, cells_nulled
        from raw.ingest_files
        where fiscal_year = ? and agency_id in (
            select agency_id from staging.stg_raw__agencies where region_code = ?)
        order by source_file, source_sheet
        """,
        [year, region],
    )


def findings(con, region: str, year: int) -> list[dict]:
    """Temuan kualitas data of the region's agencies for the year, and those of no
    agency (under "Umum"), worst first."""
    return _rows(
        con,
        """
        select f.severity, f.rule_id, f.agency_id, f.source_file, f.source_row,
               f.object_key, f.expected, f.actual, f.message, f.office_message
        from marts.dq_findings as f
        where (f.fiscal_year = ? or f.fiscal_year is null)
          and (f.agency_id is null  -- "Umum": a file of no agency, a unit no list knows
               or f.agency_id in (
                   select agency_id from marts.agency_years
                   where region_code = ? and fiscal_year = ?
                   union
                   select agency_id from staging.stg_raw__agencies where region_code = ?
               ))
        order by case f.severity when 'blocking' then 0 when 'warning' then 1 else 2 end,
                 f.agency_id is not null, f.source_file, f.source_row
        """,
        [year, region, year, region],
    )


def _grouped(con, sql: str, params: list, key: str = "agency_id") -> dict[str, list[dict]]:
    """The rows of ``sql`` by the value of column ``key`` (removed from each row)."""
    grouped: dict[str, list[dict]] = {}
    for row in _rows(con, sql, params):
        grouped.setdefault(row.pop(key), []).append(row)
    return grouped


@dataclass(frozen=True)
class YearView:
    """Everything one region-year's workbook and report section show."""

    region_code: str
    region_name: str
    fiscal_year: int
    summary: dict
    agencies: list[dict]
    spending_mix: list[dict]
    agency_spending_mix: dict[str, list[dict]]
    indicators: dict[str, list[dict]]
    budget_programs: dict[str, list[dict]]
    objectives: dict[str, list[dict]]
    findings: list[dict]
    files: dict[str, list[dict]] = field(default_factory=dict)  # received, per agency


def year_view(con, region: str, region_name: str, year: int) -> YearView:
    return YearView(
        region_code=region,
        region_name=region_name,
        fiscal_year=year,
        summary=summary(con, region, year),
        agencies=agencies(con, region, year),
        spending_mix=spending_mix(con, region, year),
        agency_spending_mix=agency_spending_mix(con, region, year),
        indicators=indicators(con, region, year),
        budget_programs=budget_programs(con, region, year),
        objectives=objectives(con, region, year),
        findings=findings(con, region, year),
        files=files_received(con, region, year),
    )
