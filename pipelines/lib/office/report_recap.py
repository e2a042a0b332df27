"""The report's recap table of a year: one row per agency, sortable and searchable,
each figure in the office's colours (category, absorption band, quadrant, findings)."""

from __future__ import annotations

from html import escape

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
from pipelines.lib.office.page import t


def _receipt_link(view: YearView, agency: dict, inner: str) -> str:
    """``inner`` linked to the agency-year's receipt (tanda terima), when it has one."""
    href = receipt_href(view.fiscal_year, agency["agency_id"])
    if href is None:
        return inner
    title = escape(f"Tanda terima {agency['agency_name']} {view.fiscal_year}")
    return f'<a href="{escape(href)}" title="{title}">{inner} tanda terima</a>'


def _achievement_cell(agency: dict) -> str:
    """The capaian, and under it when it is an average of fewer indicators than reported."""
    shown = f'<span class="num">{percent(agency["achievement_rate"])}</span>'
    missing = incompleteness(agency)
    if not missing:
        return shown
    note = escape(missing)
    return f'{shown}<br><small class="incomplete" title="{note}">⚠ {note}</small>'


def _badge(text: str, colour: str, english: str | None = None) -> str:
    english_attr = f' data-en="{escape(english)}"' if english else ""
    ink = badge_ink(colour)
    return (
        f'<span class="badge" style="--badge:{colour};--badge-ink:{ink}"{english_attr}>'
        f"{escape(text)}</span>"
    )


def _arrow(change) -> tuple[str, str]:
    """(html, sort value) of a change against last year, in percentage points."""
    if change is None:
        return '<span class="trend none">–</span>', ""
    points = float(change) * 100
    if abs(points) < 0.5:
        return f'<span class="trend flat">▬ {number(points, 1)}</span>', f"{points:.3f}"
    kind, arrow = ("up", "▲") if points > 0 else ("down", "▼")
    return f'<span class="trend {kind}">{arrow} {number(points, 1)}</span>', f"{points:.3f}"


def recap_section(view: YearView) -> str:
    """Every agency of the year in one sortable, searchable table (like e-SAKIP's
    recap): categories as badges, absorption and its band, quadrant, the change
    against last year and the open findings; a row opens the agency's section."""
    open_findings: dict[str, list[str]] = {}
    for finding in view.findings:
        if finding["severity"] in ("blocking", "warning") and finding["agency_id"]:
            open_findings.setdefault(finding["agency_id"], []).append(finding["severity"])
    headers = [
        (t("OPD", "Agency"), "text"),
        (t("Capaian", "Achievement"), "number"),
        (t("Kategori", "Category"), "text"),
        (t("Serapan", "Absorption"), "number"),
        (t("Pita serapan", "Absorption band"), "text"),
        (t("Kuadran", "Quadrant"), "text"),
        (t("Capaian vs tahun lalu (poin)", "Achievement vs last year (points)"), "number"),
        (t("Temuan terbuka", "Open findings"), "number"),
    ]
    rows = []
    for a in sorted(view.agencies, key=lambda a: a["agency_name"]):
        anchor = f"opd-{view.fiscal_year}-{escape(a['agency_id'])}"
        category = _badge(
            a["category_name"] or "–",
            category_colour(a["category_name"]),
            category_english(a["category_name"]),
        )
        reported = (a["reported_scale_category"] or "").strip().lower()
        if reported and reported != (a["category_name"] or "").strip().lower():
            category += " " + _badge(
                f"laporan: {a['reported_scale_category']}",
                category_colour(a["reported_scale_category"]),
                f"report: {a['reported_scale_category']}",
            )
        band, band_colour = absorption_band(a["absorption_rate"])
        absorption = _badge(band, band_colour)
        if a["absorption_category"]:
            absorption += " " + _badge(a["absorption_category"], "#57606a")
        quadrant = QUADRANT_NAMES.get(a["quadrant"], (a["quadrant"] or "–", ""))
        arrow, arrow_sort = _arrow(a["achievement_change"])
        severities = open_findings.get(a["agency_id"], [])
        colour = "#cf222e" if "blocking" in severities else "#bf8700" if severities else "#8c959f"
        cells = [
            (
                f'<a href="#{anchor}" class="open-agency">{escape(a["agency_name"])}</a>',
                a["agency_name"],
            ),
            (_achievement_cell(a), _sort_number(a["achievement_rate"])),
            (category, a["category_name"] or ""),
            (
                f'<span class="num">{percent(a["absorption_rate"])}</span>',
                _sort_number(a["absorption_rate"]),
            ),
            (absorption, _sort_number(a["absorption_rate"])),
            (
                _badge(quadrant[0], _QUADRANT_BADGES.get(a["quadrant"], "#8c959f"), quadrant[1]),
                quadrant[0],
            ),
            (arrow, arrow_sort),
            (_receipt_link(view, a, _badge(str(len(severities)), colour)), str(len(severities))),
        ]
        rows.append(
            f'<tr data-agency="{escape(a["agency_id"])}">'
            + "".join(f'<td data-sort="{escape(str(key))}">{html}</td>' for html, key in cells)
            + "</tr>"
        )
    head = "".join(f'<th data-kind="{kind}" tabindex="0">{label}</th>' for label, kind in headers)
    return (
        f'<section class="card recap" id="rekap-{view.fiscal_year}">'
        f"<h2>{t('Rekap kinerja OPD', 'Agency recap')} "
        f"{view.fiscal_year}</h2>"
        f'<input type="search" class="recap-search" placeholder="Cari OPD…" '
        f'data-en-placeholder="Search agency…" aria-label="Cari OPD">'
        f'<table class="recap-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        + "<p><small>"
        + t(
            "Klik judul kolom untuk mengurutkan, nama OPD untuk membuka rinciannya.",
            "Click a column title to sort, an agency name to open its section.",
        )
        + "</small></p></section>"
    )


def _sort_number(value) -> str:
    return "" if value is None else f"{float(value):.6f}"


_QUADRANT_BADGES = {
    "real_efficiency": "#1a7f37",
    "effective": "#0969da",
    "under_execution": "#bf8700",
    "waste": "#cf222e",
}
