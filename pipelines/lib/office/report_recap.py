"""The report's recap table of a year: one row per agency, sortable and searchable,
each figure in the office's colours (category, absorption band, quadrant, findings)."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.lib.office.data import YearView, incompleteness, receipt_href
from pipelines.lib.office.formats import (
    QUADRANT_NAMES,
    absorption_band,
    badge_ink,
    category_colour,
    category_english,
    number,
    percent,
)
from pipelines.lib.office.page import render


@dataclass(frozen=True)
class Badge:
    """A coloured label of the recap (templates/macros.html ``badge``)."""

    text: str
    colour: str
    english: str | None = None

    @property
    def ink(self) -> str:
        return badge_ink(self.colour)


HEADERS = (
    ("OPD", "Agency", "text"),
    ("Capaian", "Achievement", "number"),
    ("Kategori", "Category", "text"),
    ("Serapan", "Absorption", "number"),
    ("Pita serapan", "Absorption band", "text"),
    ("Kuadran", "Quadrant", "text"),
    ("Capaian vs tahun lalu (poin)", "Achievement vs last year (points)", "number"),
    ("Temuan terbuka", "Open findings", "number"),
)


def _change(change) -> tuple[str, str, str]:
    """(kind, text, sort value) of a change against last year, in percentage points."""
    if change is None:
        return "none", "–", ""
    points = float(change) * 100
    if abs(points) < 0.5:
        return "flat", f"▬ {number(points, 1)}", f"{points:.3f}"
    kind, arrow = ("up", "▲") if points > 0 else ("down", "▼")
    return kind, f"{arrow} {number(points, 1)}", f"{points:.3f}"


def _categories(agency: dict) -> list[Badge]:
    """The category, and the report's own where it differs."""
    name = agency["category_name"]
    badges = [Badge(name or "–", category_colour(name), category_english(name))]
    reported = agency["reported_scale_category"]
    if (reported or "").strip().lower() not in ("", (name or "").strip().lower()):
        badges.append(
            Badge(f"laporan: {reported}", category_colour(reported), f"report: {reported}")
        )
    return badges


def _row(view: YearView, agency: dict, severities: list[str]) -> dict:
    band, band_colour = absorption_band(agency["absorption_rate"])
    bands = [Badge(band, band_colour)]
    if agency["absorption_category"]:
        bands.append(Badge(agency["absorption_category"], "#57606a"))
    quadrant = QUADRANT_NAMES.get(agency["quadrant"], (agency["quadrant"] or "–", ""))
    kind, change, change_sort = _change(agency["achievement_change"])
    colour = "#cf222e" if "blocking" in severities else "#bf8700" if severities else "#8c959f"
    return {
        "agency_id": agency["agency_id"],
        "agency_name": agency["agency_name"],
        "achievement": percent(agency["achievement_rate"]),
        "achievement_sort": _sort_number(agency["achievement_rate"]),
        "incomplete": incompleteness(agency),
        "category": _categories(agency),
        "category_sort": agency["category_name"] or "",
        "absorption": percent(agency["absorption_rate"]),
        "absorption_sort": _sort_number(agency["absorption_rate"]),
        "band": bands,
        "quadrant": Badge(
            quadrant[0], _QUADRANT_BADGES.get(agency["quadrant"], "#8c959f"), quadrant[1]
        ),
        "change": change,
        "change_kind": kind,
        "change_sort": change_sort,
        "open_findings": Badge(str(len(severities)), colour),
        "receipt": receipt_href(view.fiscal_year, agency["agency_id"]),
    }


def recap_section(view: YearView) -> str:
    """Every agency of the year in one sortable, searchable table
    (templates/report-recap.html)."""
    open_findings: dict[str, list[str]] = {}
    for finding in view.findings:
        if finding["severity"] in ("blocking", "warning") and finding["agency_id"]:
            open_findings.setdefault(finding["agency_id"], []).append(finding["severity"])
    return render(
        "report-recap.html",
        year=view.fiscal_year,
        headers=HEADERS,
        rows=[
            _row(view, a, open_findings.get(a["agency_id"], []))
            for a in sorted(view.agencies, key=lambda a: a["agency_name"])
        ],
    )


def _sort_number(value) -> str:
    return "" if value is None else f"{float(value):.6f}"


_QUADRANT_BADGES = {
    "real_efficiency": "#1a7f37",
    "effective": "#0969da",
    "under_execution": "#bf8700",
    "waste": "#cf222e",
}
