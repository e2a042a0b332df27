"""One agency's block of the report, in the LKjIP's own tables: performance achievement,
budget realisation and efficiency, with its trend and spending mix on screen
(templates/report-agencies.html; this module prepares the rows and draws the charts)."""

from __future__ import annotations

from markupsafe import Markup

from pipelines.lib.office import charts
from pipelines.lib.office.charts import Label
from pipelines.lib.office.data import YearView, scale_note
from pipelines.lib.office.formats import (
    MIX_COLOURS,
    QUADRANT_NAMES,
    category_english,
    number,
    percent,
    rupiah,
)
from pipelines.lib.office.page import render

NATIONAL_SCALE_ENGLISH = "by the national scale: the region has no scale of its own for this year"


def agencies_section(view: YearView, trends: dict[str, list[dict]], years: list[int]) -> str:
    return render(
        "report-agencies.html",
        year=view.fiscal_year,
        agencies=[
            _agency(view, a, trends.get(a["lineage_agency_id"], []), years)
            for a in sorted(view.agencies, key=lambda a: a["agency_name"])
        ],
    )


def _agency(view: YearView, agency: dict, trend: list[dict], years: list[int]) -> dict:
    by_year = {row["fiscal_year"]: row for row in trend}
    series = {
        Label("Serapan", "Absorption"): (
            "#1f4e78",
            [_get(by_year, y, "absorption_rate") for y in years],
        ),
        Label("Capaian", "Achievement"): (
            "#c55a11",
            [_get(by_year, y, "achievement_rate") for y in years],
        ),
    }
    mix = view.agency_spending_mix.get(agency["agency_id"], [])
    shares = [
        charts.Share(
            m["account_name"],
            float(m["realized_idr"] or 0),
            MIX_COLOURS[i % len(MIX_COLOURS)],
            rupiah(m["realized_idr"]),
        )
        for i, m in enumerate(mix)
    ]
    absorption, achievement = (
        percent(agency["absorption_rate"]),
        percent(agency["achievement_rate"]),
    )
    note = scale_note(agency)
    return {
        "agency_id": agency["agency_id"],
        "name": agency["agency_name"],
        "figures": (
            f"serapan {absorption}, capaian {achievement}",
            f"absorption {absorption}, achievement {achievement}",
        ),
        "category": (agency["category_name"] or "–", category_english(agency["category_name"])),
        "reported": agency["reported_scale_category"],
        "scale_note": (note, NATIONAL_SCALE_ENGLISH) if note else None,
        "trend": Markup(charts.trend_lines(years, series)),
        "spending_mix": Markup(charts.stacked_share([("", shares)])),
        "indicators": _indicator_table(view.indicators.get(agency["agency_id"], [])),
        "budget": _budget_table(view.budget_programs.get(agency["agency_id"], [])),
        "efficiency": _efficiency_table(view.objectives.get(agency["agency_id"], [])),
    }


def _get(by_year: dict, year: int, column: str) -> float | None:
    value = by_year.get(year, {}).get(column)
    return None if value is None else float(value)


def _row(*cells: tuple, detail: bool = False) -> dict:
    """A table row: cells are (text, is_number) or (text, is_number, is_bold)."""
    return {"cells": [(*c, False)[:3] for c in cells], "detail": detail}


def _indicator_table(rows: list[dict]) -> tuple:
    return (
        ("Tabel capaian kinerja", "Performance achievement"),
        [
            ("Sasaran", "Objective"),
            ("Indikator", "Indicator"),
            ("Satuan", "Unit"),
            ("Target", "Target"),
            ("Realisasi", "Realised"),
            ("Capaian", "Achievement"),
            ("Kategori", "Category"),
            ("Kategori skala laporan", "Category, report's scale"),
        ],
        [
            _row(
                (str(r["objective_no"]), False),
                (r["indicator_name"] or "", False),
                (r["unit"] or "", False),
                (r["target_text"] or "", True),
                (r["realized_text"] or "", True),
                (percent(r["achievement_rate"]), True),
                (r["category_name"] or "", False),
                (r["reported_scale_category"] or "–", False),
            )
            for r in rows
        ],
    )


def _budget_table(rows: list[dict]) -> tuple:
    return (
        ("Tabel realisasi anggaran", "Budget realisation"),
        [
            ("Kode", "Code"),
            ("Program / kegiatan", "Program / activity"),
            ("Anggaran", "Budget"),
            ("Realisasi", "Spent"),
            ("Serapan", "Absorption"),
        ],
        [
            _row(
                (r["budget_code"] or r["original_budget_code"] or "–", False),
                (r["budget_line_name"] or "", False, r["budget_level"] == "program"),
                (rupiah(r["budget_idr"]), True),
                (rupiah(r["realized_idr"]), True),
                (percent(r["absorption_rate"]), True),
                # kegiatan and sub kegiatan are on screen; paper keeps the programs
                detail=r["budget_level"] != "program",
            )
            for r in rows
        ],
    )


def _efficiency_table(rows: list[dict]) -> tuple:
    return (
        ("Analisis efisiensi", "Efficiency analysis"),
        [
            ("Sasaran", "Objective"),
            ("Uraian", "Name"),
            ("Anggaran", "Budget"),
            ("Realisasi", "Spent"),
            ("Serapan", "Absorption"),
            ("Capaian", "Achievement"),
            ("Indeks efisiensi", "Efficiency index"),
            ("Kuadran", "Quadrant"),
        ],
        [
            _row(
                (str(r["objective_no"]), False),
                (r["objective_name"] or "", False),
                (rupiah(r["budget_idr"]), True),
                (rupiah(r["realized_idr"]), True),
                (percent(r["absorption_rate"]), True),
                (percent(r["achievement_rate"]), True),
                (number(r["efficiency_index"]), True),
                (QUADRANT_NAMES.get(r["quadrant"], (r["quadrant"] or "",))[0], False),
            )
            for r in rows
        ],
    )
